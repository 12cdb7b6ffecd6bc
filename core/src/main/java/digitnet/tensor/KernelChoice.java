package digitnet.tensor;

/**
 * Which kernels run (vector or scalar), chosen once per JVM: by {@link #use} before the first
 * kernel call, else by the system property {@code digitnet.kernels}, else vector when the
 * {@code jdk.incubator.vector} module is present. Buffers are padded for the chosen kernels, so the
 * choice cannot change once made.
 */
public final class KernelChoice {
    private static String requested;
    private static boolean made;

    private KernelChoice() {}

    /**
     * Asks for kernels {@code kind} ("vector" or "scalar"). Before the choice is made this makes it;
     * after, it succeeds only when {@code kind} is what was chosen.
     *
     * @throws IllegalStateException when other kernels were chosen already, or vector kernels are asked for
     *                               without the module
     */
    public static synchronized void use(String kind) {
        if (!kind.equals("vector") && !kind.equals("scalar")) {
            throw new IllegalArgumentException("kind must be vector or scalar, got '" + kind + "'");
        }
        if (!made) {
            Kernels.named(kind);        // fails now, not at the first kernel call, when the module is missing
            requested = kind;
            return;
        }
        String active = activeKind();
        if (!active.equals(kind)) {
            throw new IllegalStateException("the " + active + " kernels were chosen already in this JVM; cannot switch to "
                    + kind);
        }
    }

    /** "vector" or "scalar": the kernels in use (choosing them now if no kernel has run yet). */
    public static String activeKind() {
        return Kernels.active().name().startsWith("vector") ? "vector" : "scalar";
    }

    /** Called once, when the kernels are first needed: what {@link #use} asked for, or null. */
    static synchronized String take() {
        made = true;
        return requested;
    }
}
