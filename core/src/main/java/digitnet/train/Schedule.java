package digitnet.train;

import digitnet.data.InvalidSettingException;

/**
 * A learning-rate schedule: the factor by which the base learning rate is multiplied at each
 * optimizer step. Durations are in epochs (an epoch is one pass over the training rows; in
 * full-batch training, one iteration), converted to steps with the number of steps per epoch.
 */
public sealed interface Schedule {

    /**
     * The factor for step {@code step} (0-based) of a run of {@code totalSteps} steps with
     * {@code stepsPerEpoch} steps per epoch.
     */
    double factor(long step, int stepsPerEpoch, long totalSteps);

    /** A short description for messages and the model file ("cosine(warmup 1.0 epochs)"). */
    String describe();

    /**
     * The schedule that {@link #describe()} described, or null when {@code text} is no description.
     *
     * @param text a description read from a model file
     * @return the schedule, or null
     */
    static Schedule parse(String text) {
        java.util.regex.Matcher step = java.util.regex.Pattern.compile("step\\(every (\\S+) epochs, x(\\S+)\\)").matcher(text);
        java.util.regex.Matcher cosine = java.util.regex.Pattern.compile("cosine\\(warmup (\\S+) epochs\\)").matcher(text);
        try {
            if (step.matches()) {
                return new StepDecay(Double.parseDouble(step.group(1)), Double.parseDouble(step.group(2)));
            }
            if (cosine.matches()) {
                return new Cosine(Double.parseDouble(cosine.group(1)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return text.equals("constant") ? new Constant() : null;
    }

    /** The same learning rate throughout. */
    record Constant() implements Schedule {
        @Override
        public double factor(long step, int stepsPerEpoch, long totalSteps) {
            return 1;
        }

        @Override
        public String describe() {
            return "constant";
        }
    }

    /** Step decay: multiplied by {@code factor} after every {@code everyEpochs} epochs. */
    record StepDecay(double everyEpochs, double factor) implements Schedule {
        public StepDecay {
            if (!(everyEpochs > 0) || Double.isInfinite(everyEpochs)) {
                throw new InvalidSettingException("Schedule.StepDecay", "everyEpochs", "must be a positive number of epochs, got " + everyEpochs);
            }
            if (!(factor > 0 && factor <= 1)) {
                throw new InvalidSettingException("Schedule.StepDecay", "factor", "must be in (0, 1], got " + factor);
            }
        }

        @Override
        public double factor(long step, int stepsPerEpoch, long totalSteps) {
            long every = Math.max(1, Math.round(everyEpochs * stepsPerEpoch));
            return Math.pow(factor, step / every);
        }

        @Override
        public String describe() {
            return "step(every " + everyEpochs + " epochs, x" + factor + ")";
        }
    }

    /**
     * Linear warm-up from lr/W to lr over the first {@code warmupEpochs} (W steps), then a cosine
     * from lr down to 0 at the last step (Loshchilov and Hutter, "SGDR", 2017, without restarts;
     * Goyal et al., "Accurate, Large Minibatch SGD", 2017, for the warm-up).
     */
    record Cosine(double warmupEpochs) implements Schedule {
        public Cosine {
            if (!(warmupEpochs >= 0) || Double.isInfinite(warmupEpochs)) {
                throw new InvalidSettingException("Schedule.Cosine", "warmupEpochs", "must be >= 0 epochs, got " + warmupEpochs);
            }
        }

        @Override
        public double factor(long step, int stepsPerEpoch, long totalSteps) {
            long warm = Math.min(Math.round(warmupEpochs * stepsPerEpoch), totalSteps);
            if (step < warm) {
                return (step + 1.0) / warm;
            }
            long decaySteps = totalSteps - warm;
            if (decaySteps <= 0) {
                return 1;
            }
            double progress = Math.min(1.0, (double) (step - warm) / decaySteps);
            return 0.5 * (1 + Math.cos(Math.PI * progress));
        }

        @Override
        public String describe() {
            return "cosine(warmup " + warmupEpochs + " epochs)";
        }
    }
}
