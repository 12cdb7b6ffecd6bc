package digitnet.train;

import digitnet.nn.Buffer;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Early stopping on the dev set (Prechelt, "Early Stopping - But When?", 1998): remembers the
 * weights of the best dev score so far and says when {@code patience} evaluations in a row
 * have not beaten it. The best score is the highest dev accuracy, and among equal accuracies the
 * lowest dev loss: a small dev set saturates (150 rows all right from the 4th epoch on), and
 * without the loss the first epoch to get there would be kept, before the network had settled.
 * The weights are kept with the buffers that go with them (batch norm's running statistics).
 * The copy is allocated once.
 */
final class EarlyStopping {
    private final int patience;
    private final List<Tensor> state = new ArrayList<>();
    private final Tensor[] best;
    private double bestAccuracy = Double.NEGATIVE_INFINITY;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private int sinceBest;

    EarlyStopping(int patience, Network network) {
        this.patience = patience;
        for (Parameter p : network.parameters()) {
            state.add(p.value());
        }
        for (Buffer b : network.buffers()) {
            state.add(b.value());
        }
        this.best = new Tensor[state.size()];
        for (int i = 0; i < best.length; i++) {
            best[i] = state.get(i).copy();
        }
    }

    /** Records one evaluation; returns true when training should stop. */
    boolean observe(int epoch, double devAccuracy, double devLoss) {
        if (devAccuracy > bestAccuracy || devAccuracy == bestAccuracy && devLoss < bestLoss) {
            bestAccuracy = devAccuracy;
            bestLoss = devLoss;
            bestEpoch = epoch;
            sinceBest = 0;
            for (int i = 0; i < best.length; i++) {
                best[i].copyFrom(state.get(i));
            }
            return false;
        }
        sinceBest++;
        return sinceBest >= patience;
    }

    /** Puts the best weights and buffers back. */
    void restoreBest() {
        if (bestEpoch < 0) {
            return;
        }
        for (int i = 0; i < best.length; i++) {
            state.get(i).copyFrom(best[i]);
        }
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
