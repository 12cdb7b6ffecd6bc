package digitnet.data;

/**
 * A setting out of its range, named as its record names it ({@code NetworkSpec.dropout}), never as
 * a command line spells it: the CLI translates {@link #setting()} to its flag.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String setting;
    private final String problem;

    /**
     * @param owner   the record or class the setting belongs to, e.g. {@code "NetworkSpec"}
     * @param field   its field, e.g. {@code "dropout"}
     * @param problem what is wrong, without the name: {@code "must be in [0, 1), got 1.5"}
     */
    public InvalidSettingException(String owner, String field, String problem) {
        super(owner + "." + field + " " + problem);
        this.setting = owner + "." + field;
        this.problem = problem;
    }

    /** Owner and field, e.g. {@code "NetworkSpec.dropout"}. */
    public String setting() {
        return setting;
    }

    /** What is wrong, without the setting's name. */
    public String problem() {
        return problem;
    }
}
