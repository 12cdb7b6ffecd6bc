package digitnet.train;

import digitnet.data.InvalidSettingException;
import java.util.Locale;

/**
 * Which optimizer, its base learning rate and its hyper-parameters. Each value is checked here; one out
 * of range is refused naming {@code OptimizerSettings.field}.
 *
 * @param kind         which optimizer
 * @param learningRate the base learning rate (the notebook's alpha), positive
 * @param momentum     the momentum of {@link Kind#MOMENTUM} and {@link Kind#NESTEROV}, in [0, 1)
 * @param beta1        Adam's first-moment decay, in [0, 1)
 * @param beta2        Adam's second-moment decay, in [0, 1)
 * @param weightDecay  L2 weight decay on weights (decoupled for {@link Kind#ADAMW}); 0 for none
 */
public record OptimizerSettings(Kind kind, double learningRate, double momentum, double beta1, double beta2,
                                double weightDecay) {
    /** Momentum and Adam's betas unless told otherwise. */
    public static final double MOMENTUM = 0.9, BETA1 = 0.9, BETA2 = 0.999;

    /** The optimizers. */
    public enum Kind {
        /** Plain stochastic gradient descent. */
        SGD,
        /** SGD with momentum. */
        MOMENTUM,
        /** SGD with Nesterov momentum. */
        NESTEROV,
        /** Adam. */
        ADAM,
        /** Adam with decoupled weight decay. */
        ADAMW;

        /** @return the name the command line and the model file use ("adamw") */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param s a name, any case
         * @return the kind of that name; another is refused naming {@code OptimizerSettings.kind}
         */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id().equals(s.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new InvalidSettingException("OptimizerSettings", "kind",
                    "must be sgd, momentum, nesterov, adam or adamw, got '" + s + "'");
        }
    }

    /**
     * Checks every value.
     *
     * @param kind         which optimizer
     * @param learningRate the base learning rate
     * @param momentum     momentum
     * @param beta1        Adam's first-moment decay
     * @param beta2        Adam's second-moment decay
     * @param weightDecay  L2 weight decay
     */
    public OptimizerSettings {
        if (kind == null) {
            throw new InvalidSettingException("OptimizerSettings", "kind", "must be given, got null");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidSettingException("OptimizerSettings", "learningRate",
                    "must be a positive number, got " + learningRate);
        }
        Momentum.checkMomentum(momentum);
        Adam.checkBeta("beta1", beta1);
        Adam.checkBeta("beta2", beta2);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidSettingException("OptimizerSettings", "weightDecay", "must be >= 0, got " + weightDecay);
        }
    }

    /**
     * @param kind         which optimizer
     * @param learningRate its base learning rate
     * @return that optimizer with momentum 0.9, betas 0.9 and 0.999, no weight decay
     */
    public static OptimizerSettings of(Kind kind, double learningRate) {
        return new OptimizerSettings(kind, learningRate, MOMENTUM, BETA1, BETA2, 0);
    }

    /**
     * @param learningRate the learning rate
     * @return plain SGD without weight decay: the notebook's update
     */
    public static OptimizerSettings sgd(double learningRate) {
        return of(Kind.SGD, learningRate);
    }

    /**
     * @param learningRate the base learning rate
     * @return Adam with betas 0.9 and 0.999
     */
    public static OptimizerSettings adam(double learningRate) {
        return of(Kind.ADAM, learningRate);
    }

    /**
     * @param learningRate the base learning rate
     * @param weightDecay  the decoupled weight decay
     * @return AdamW with betas 0.9 and 0.999
     */
    public static OptimizerSettings adamw(double learningRate, double weightDecay) {
        return of(Kind.ADAMW, learningRate).withWeightDecay(weightDecay);
    }

    /**
     * @param learningRate the base learning rate
     * @return these settings with it
     */
    public OptimizerSettings withLearningRate(double learningRate) {
        return new OptimizerSettings(kind, learningRate, momentum, beta1, beta2, weightDecay);
    }

    /**
     * @param momentum the momentum, in [0, 1)
     * @return these settings with it
     */
    public OptimizerSettings withMomentum(double momentum) {
        return new OptimizerSettings(kind, learningRate, momentum, beta1, beta2, weightDecay);
    }

    /**
     * @param beta1 Adam's first-moment decay, in [0, 1)
     * @param beta2 Adam's second-moment decay, in [0, 1)
     * @return these settings with them
     */
    public OptimizerSettings withBetas(double beta1, double beta2) {
        return new OptimizerSettings(kind, learningRate, momentum, beta1, beta2, weightDecay);
    }

    /**
     * @param weightDecay L2 weight decay, at least 0
     * @return these settings with it
     */
    public OptimizerSettings withWeightDecay(double weightDecay) {
        return new OptimizerSettings(kind, learningRate, momentum, beta1, beta2, weightDecay);
    }

    /** @return a new optimizer of these settings, its state empty */
    public Optimizer create() {
        return switch (kind) {
            case SGD -> new Sgd(learningRate, weightDecay);
            case MOMENTUM -> new Momentum(learningRate, momentum, weightDecay);
            case NESTEROV -> new Nesterov(learningRate, momentum, weightDecay);
            case ADAM -> new Adam(learningRate, beta1, beta2, weightDecay);
            case ADAMW -> new AdamW(learningRate, beta1, beta2, weightDecay);
        };
    }
}
