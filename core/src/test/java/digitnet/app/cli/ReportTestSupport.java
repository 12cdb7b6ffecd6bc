package digitnet.app.cli;

final class ReportTestSupport {
    private ReportTestSupport() {}

    static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        if (a < 0) {
            throw new AssertionError("'" + from + "' not found");
        }
        return s.substring(a + from.length(), s.indexOf(to, a + from.length()));
    }
}
