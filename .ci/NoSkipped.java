import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Fails when any JUnit XML report (TEST-*.xml) under the given folders counts a skipped test, or
 * when there are none. Reads each report with an XML parser: a test is skipped when its
 * {@code <testcase>} has a {@code <skipped>} child, or when the suite's {@code skipped} attribute
 * says so; text that merely contains "<skipped" (a test's captured output) counts for nothing.
 * Run as {@code java .ci/NoSkipped.java DIR...} (the .ci/no-skipped script does).
 */
public class NoSkipped {
    public static void main(String[] args) throws Exception {
        List<String> dirs = args.length > 0 ? List.of(args) : List.of("target");
        List<Path> reports = new ArrayList<>();
        for (String d : dirs) {
            Path dir = Path.of(d);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml") && Files.isRegularFile(f))
                            .sorted().forEach(reports::add);
                }
            }
        }
        if (reports.isEmpty()) {
            System.err.println(".ci/no-skipped: no JUnit reports (TEST-*.xml) under " + String.join(" ", dirs));
            System.exit(1);
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        long total = 0, skipped = 0;
        for (Path report : reports) {
            Document doc;
            try {
                doc = factory.newDocumentBuilder().parse(report.toFile());
            } catch (Exception e) {
                System.err.println(".ci/no-skipped: " + report + ": not a readable JUnit report: " + e.getMessage());
                System.exit(1);
                return;
            }
            NodeList suites = doc.getElementsByTagName("testsuite");
            for (int s = 0; s < suites.getLength(); s++) {
                Element suite = (Element) suites.item(s);
                List<String> names = new ArrayList<>();
                NodeList cases = suite.getElementsByTagName("testcase");
                for (int c = 0; c < cases.getLength(); c++) {
                    Element tc = (Element) cases.item(c);
                    total++;
                    if (hasChild(tc, "skipped")) {
                        names.add(tc.getAttribute("classname") + "." + tc.getAttribute("name"));
                    }
                }
                long declared = suite.hasAttribute("skipped") ? Long.parseLong(suite.getAttribute("skipped")) : 0;
                long n = Math.max(declared, names.size());
                if (n > 0) {
                    skipped += n;
                    System.err.println(".ci/no-skipped: " + n + " skipped in " + report + ":");
                    names.forEach(name -> System.err.println("  " + name));
                }
            }
        }
        System.out.println(".ci/no-skipped: " + total + " tests in " + reports.size() + " reports, " + skipped + " skipped");
        System.exit(skipped == 0 ? 0 : 1);
    }

    private static boolean hasChild(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
