package digitnet.train;

import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.util.List;

/**
 * Early stopping on the dev set (Prechelt, "Early Stopping - But When?", 1998): remembers the
 * weights of the best dev accuracy so far and says when {@code patience} evaluations in a row
 * have not beaten it. The copy of the weights is allocated once.
 */
final class EarlyStopping {
    private final int patience;
    private final Tensor[] best;
    private double bestAccuracy = Double.NEGATIVE_INFINITY;
    private int bestEpoch = -1;
    private int sinceBest;

    EarlyStopping(int patience, List<Parameter> parameters) {
        this.patience = patience;
        this.best = new Tensor[parameters.size()];
        for (int i = 0; i < best.length; i++) {
            best[i] = parameters.get(i).value().copy();
        }
    }

    /** Records one evaluation; returns true when training should stop. */
    boolean observe(int epoch, double devAccuracy, List<Parameter> parameters) {
        if (devAccuracy > bestAccuracy) {
            bestAccuracy = devAccuracy;
            bestEpoch = epoch;
            sinceBest = 0;
            for (int i = 0; i < best.length; i++) {
                best[i].copyFrom(parameters.get(i).value());
            }
            return false;
        }
        sinceBest++;
        return sinceBest >= patience;
    }

    /** Puts the best weights back into the parameters. */
    void restoreBest(List<Parameter> parameters) {
        if (bestEpoch < 0) {
            return;
        }
        for (int i = 0; i < best.length; i++) {
            parameters.get(i).value().copyFrom(best[i]);
        }
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
