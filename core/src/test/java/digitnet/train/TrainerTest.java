package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.data.Split;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Early stopping, the time budget and resuming, on a small seeded image problem. */
class TrainerTest {

    /** 300 noisy 6x6 images of 3 classes: a bright row band whose position is the class. */
    static Dataset blobs(long seed) {
        Random r = new Random(seed);
        int n = 300, h = 6, w = 6;
        byte[] px = new byte[n * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int k = 0; k < h * w; k++) {
                int row = k / w;
                int v = (row / 2 == labels[i] ? 120 : 0) + r.nextInt(136);
                px[i * h * w + k] = (byte) v;
            }
        }
        return new Dataset(px, labels, n, h, w, 3, "blobs");
    }

    static Settings config(int epochs, int patience, double maxSeconds, Schedule schedule) {
        return new Settings(new NetworkSpec.Mlp(List.of(16, 8), 0.2), Init.HE, new OptimizerSettings(OptimizerSettings.Kind.ADAMW, 0.01, 0.9, 0.9, 0.999, 0.01), schedule, new Steps(20, epochs, 0, 1), true, new Stopping(patience, maxSeconds), new HeldOutRows(0, 0), 11, null);
    }

    static Network fresh(Settings c, Dataset d) {
        Network n = Network.create(Architecture.of(d.features(), ((NetworkSpec.Mlp) c.network()).hidden(), d.classes()), c.network().dropout());
        n.initialise(c.init(), new Random(Seeds.init(c.seed())));
        return n;
    }

    static float[][] weights(Network n) {
        return n.parameters().stream().map(p -> java.util.Arrays.copyOf(p.value().data, p.value().size()))
                .toArray(float[][]::new);
    }

    @Test
    void earlyStoppingKeepsTheWeightsOfTheBestEpoch() {
        Split s = Split.of(blobs(1), 100, 2);
        Settings withPatience = config(40, 2, 0, new Schedule.Constant());
        Network a = fresh(withPatience, s.train());
        TrainResult ra = new Trainer(withPatience, withPatience.optimizer().create(), ProgressListener.NONE)
                .train(a, s.train(), s.dev());
        assertThat(ra.stopReason()).isEqualTo(StopReason.PATIENCE);
        assertThat(ra.epochsDone()).isEqualTo(ra.bestEpoch() + 2);
        double best = ra.history().stream().mapToDouble(Progress::devAccuracy).max().orElseThrow();
        assertThat(ra.history().get(ra.bestEpoch() - 1).devAccuracy()).isEqualTo(best);

        // the same run cut at the best epoch ends with exactly the kept weights
        Settings cut = config(ra.bestEpoch(), 0, 0, new Schedule.Constant());
        Network b = fresh(cut, s.train());
        new Trainer(cut, cut.optimizer().create(), ProgressListener.NONE).train(b, s.train(), s.dev());
        assertThat(weights(a)).isDeepEqualTo(weights(b));
    }

    /**
     * The documented contract: a run stopped after epoch k and resumed with its weights, optimizer
     * state and epoch count ends bit-identical to the run that was not stopped, with dropout,
     * augmentation and a cosine schedule switched on. Here the time budget stops it: its fake clock
     * stands still for two epochs (so the schedule is the one of the epochs) and then jumps past the
     * budget, which ends the run before the third epoch's first step.
     */
    @Test
    void aResumedRunIsBitIdenticalToAnUninterruptedOne() {
        Split s = Split.of(blobs(5), 100, 6);
        Schedule cosine = new Schedule.Cosine(1);
        Settings whole = config(5, 0, 0, cosine);
        Network a = fresh(whole, s.train());
        new Trainer(whole, whole.optimizer().create(), ProgressListener.NONE).train(a, s.train(), s.dev());

        Settings budget = config(5, 0, 2, cosine);
        Network b = fresh(budget, s.train());
        Optimizer first = budget.optimizer().create();
        double[] now = {0};
        ProgressListener jumpAfterTwo = p -> now[0] = p.epoch() == 2 ? 100 : 0;
        TrainResult part = new Trainer(budget, first, jumpAfterTwo, () -> now[0]).train(b, s.train(), s.dev());
        assertThat(part.epochsDone()).isEqualTo(2);
        assertThat(part.stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(part.history()).extracting(Progress::epoch).containsExactly(1, 2);
        var state = first.exportState(b.parameters());

        Network c = fresh(whole, s.train());
        c.copyWeightsFrom(b);
        Optimizer second = whole.optimizer().create();
        second.importState(c.parameters(), state);
        TrainResult rest = new Trainer(whole, second, ProgressListener.NONE).train(c, s.train(), s.dev(), part.epochsDone());
        assertThat(rest.epochsDone()).isEqualTo(5);
        assertThat(rest.history()).extracting(Progress::epoch).containsExactly(3, 4, 5);
        assertThat(weights(c)).isDeepEqualTo(weights(a));
        for (Parameter p : c.parameters()) {
            assertThat(p.value().size()).isPositive();
        }
    }

    @Test
    void eachEpochVisitsTheRowsInANewSeededOrder() {
        Split s = Split.of(blobs(7), 100, 8);
        Settings c = config(3, 0, 0, new Schedule.Constant());
        Network a = fresh(c, s.train()), b = fresh(c, s.train());
        TrainResult ra = new Trainer(c, c.optimizer().create(), ProgressListener.NONE).train(a, s.train(), s.dev());
        TrainResult rb = new Trainer(c, c.optimizer().create(), ProgressListener.NONE).train(b, s.train(), s.dev());
        assertThat(weights(a)).isDeepEqualTo(weights(b));
        assertThat(ra.history()).extracting(Progress::trainLoss).containsExactlyElementsOf(
                rb.history().stream().map(Progress::trainLoss).toList());
        assertThat(ra.history().get(2).devAccuracy()).isGreaterThan(0.5);
    }
}
