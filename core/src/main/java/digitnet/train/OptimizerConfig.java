package digitnet.train;

import digitnet.data.InvalidSettingException;
import java.util.Locale;

/**
 * Which optimizer and its hyper-parameters (the learning rate lives in {@link TrainConfig}).
 *
 * @param weightDecay L2 weight decay lambda on weights (decoupled for AdamW); 0 for none
 */
public record OptimizerConfig(Kind kind, double momentum, double beta1, double beta2, double weightDecay) {

    public enum Kind {
        SGD, MOMENTUM, NESTEROV, ADAM, ADAMW;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id().equals(s.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new InvalidSettingException("OptimizerConfig", "kind", "must be sgd, momentum, nesterov, adam or adamw, got '" + s + "'");
        }
    }

    public OptimizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind must be given");
        }
        Momentum.checkMomentum(momentum);
        Adam.checkBeta("beta1", beta1);
        Adam.checkBeta("beta2", beta2);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidSettingException("OptimizerConfig", "weightDecay", "must be >= 0, got " + weightDecay);
        }
    }

    /** Plain SGD without weight decay: the notebook's update. */
    public static OptimizerConfig sgd() {
        return new OptimizerConfig(Kind.SGD, 0.9, 0.9, 0.999, 0);
    }

    public Optimizer create(double learningRate) {
        return switch (kind) {
            case SGD -> new Sgd(learningRate, weightDecay);
            case MOMENTUM -> new Momentum(learningRate, momentum, weightDecay);
            case NESTEROV -> new Nesterov(learningRate, momentum, weightDecay);
            case ADAM -> new Adam(learningRate, beta1, beta2, weightDecay);
            case ADAMW -> new AdamW(learningRate, beta1, beta2, weightDecay);
        };
    }
}
