package digitnet.api;

/**
 * A resume that would not continue the saved run ({@link Digitnet#resume}): another network, optimizer,
 * seed or held-out rows, or other data, would train on rows the first run held out or on a state that
 * does not fit. Names the setting ({@code Settings.seed}, {@code Digits.count}) with the saved and the
 * asked value.
 */
public final class ResumeRefusedException extends IllegalArgumentException {
    /** The version of the serialised form. */
    private static final long serialVersionUID = 1L;
    /** What differs, see {@link #setting()}. */
    private final String setting;
    private final transient Object saved;
    private final transient Object asked;

    ResumeRefusedException(String model, String setting, Object saved, Object asked, String problem) {
        super(model + ": " + setting + " " + problem);
        this.setting = setting;
        this.saved = saved;
        this.asked = asked;
    }

    /**
     * What differs.
     *
     * @return owner and field: {@code Settings.network}, {@code OptimizerSettings.kind}, {@code Settings.seed},
     *         {@code HeldOutRows.devRows}, {@code HeldOutRows.testRows}, {@code Digits.source} (the data's name),
     *         {@code Digits.count} (its rows) or {@code Digits.content} (its content checksum)
     */
    public String setting() {
        return setting;
    }

    /** @return the value the saved model was trained with */
    public Object saved() {
        return saved;
    }

    /** @return the value asked for now */
    public Object asked() {
        return asked;
    }
}
