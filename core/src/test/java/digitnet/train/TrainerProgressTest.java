package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Predictor;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the trainer reports, against the predictor: with an optimizer that changes nothing, every
 * batch is scored by the same weights, so an epoch's mean loss and accuracy over its batches (the
 * last one shorter) are the predictor's over the training rows, whatever order the rows came in.
 */
class TrainerProgressTest {

    /** Leaves every parameter as it is. */
    static final class Frozen implements Optimizer {
        double rate = 0.1;

        @Override
        public void step(List<Parameter> parameters) {}

        @Override
        public double learningRate() {
            return rate;
        }

        @Override
        public void setLearningRate(double learningRate) {
            rate = learningRate;
        }

        @Override
        public String name() {
            return "frozen";
        }

        @Override
        public Map<String, Tensor> exportState(List<Parameter> parameters) {
            return Map.of();
        }

        @Override
        public void importState(List<Parameter> parameters, Map<String, Tensor> state) {}
    }

    /** 300 rows in batches of 64: five batches an epoch, the last of 44 rows. */
    static final Settings CONFIG = Settings.of(new NetworkSpec.Mlp(List.of(12), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(64, 3, 0, 1), 5);

    static Network network(Dataset d) {
        Network n = Network.create(Architecture.of(d.features(), ((NetworkSpec.Mlp) CONFIG.network()).hidden(), d.classes()), 0);
        n.initialise(Init.HE, new Random(9));
        return n;
    }

    record Batch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {}

    @Test
    void eachEpochReportsThePredictorsLossAndAccuracyOverTheTrainingRows() {
        Dataset train = TrainerTest.blobs(4);
        Network net = network(train);
        Predictor.Score expected = new Predictor(net).score(train);
        Recorder recorder = new Recorder();
        List<Batch> batches = recorder.batches;
        List<Progress> records = recorder.records;
        double[] clock = {100.0};
        TrainResult result = new Trainer(CONFIG, new Frozen(), recorder, () -> {
            double now = clock[0];
            clock[0] += 1.5;
            return now;
        }).train(net, train, null);

        assertThat(records).hasSize(3);
        for (int e = 0; e < 3; e++) {
            Progress p = records.get(e);
            assertThat(p.epoch()).isEqualTo(e + 1);
            assertThat(p.iteration()).isEqualTo(5 * (e + 1));
            assertThat(p.trainLoss()).isCloseTo(expected.loss(), within(1e-5));
            assertThat(p.trainAccuracy()).isCloseTo(expected.accuracy(), within(1e-12));
            assertThat(p.seconds()).isEqualTo(1.5 * (e + 1));
            assertThat(p.devLoss()).isNaN();
        }
        assertThat(result.iterations()).isEqualTo(15);
        assertThat(result.trainSeconds()).isEqualTo(4.5);
        assertThat(result.epochsDone()).isEqualTo(3);

        assertThat(batches).hasSize(15);
        for (int k = 0; k < 15; k++) {
            Batch b = batches.get(k);
            assertThat(b.epoch()).isEqualTo(k / 5 + 1);
            assertThat(b.batch()).isEqualTo(k % 5 + 1);
            assertThat(b.batches()).isEqualTo(5);
        }
        for (int e = 0; e < 3; e++) {
            Batch last = batches.get(5 * e + 4);
            assertThat(last.meanLoss()).isCloseTo(records.get(e).trainLoss(), within(1e-12));
            assertThat(last.meanAccuracy()).isCloseTo(records.get(e).trainAccuracy(), within(1e-12));
        }
        // each epoch draws its own order: the running means of its first batches differ from the other epochs'
        assertThat(batches.get(0).meanLoss()).isNotEqualTo(batches.get(5).meanLoss());
        assertThat(batches.get(5).meanLoss()).isNotEqualTo(batches.get(10).meanLoss());
    }

    @Test
    void fullBatchStepsOverTheRowsInTheirOrderAndReportsTheSame() {
        Dataset train = TrainerTest.blobs(6);
        Settings full = Settings.of(new NetworkSpec.Mlp(List.of(12), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(0, 0, 4, 2), 5);
        Network net = network(train);
        Predictor.Score expected = new Predictor(net).score(train);
        Recorder recorder = new Recorder();
        List<Progress> records = recorder.records;
        List<Batch> batches = recorder.batches;
        TrainResult result = new Trainer(full, new Frozen(), recorder).train(net, train, null);
        // iterations 0 and 2 (every second) and the last, 3
        assertThat(records).extracting(Progress::iteration).containsExactly(0, 2, 3);
        assertThat(records).allSatisfy(p -> {
            assertThat(p.trainLoss()).isCloseTo(expected.loss(), within(1e-5));
            assertThat(p.trainAccuracy()).isCloseTo(expected.accuracy(), within(1e-12));
        });
        assertThat(batches).isEmpty();
        assertThat(result.iterations()).isEqualTo(4);
    }

    /** Keeps every progress report and every batch's numbers, in order. */
    static final class Recorder implements ProgressListener {
        final List<Progress> records = new ArrayList<>();
        final List<Batch> batches = new ArrayList<>();

        @Override
        public void onProgress(Progress p) {
            records.add(p);
        }

        @Override
        public void onBatch(int epoch, int batch, int count, double meanLoss, double meanAccuracy) {
            batches.add(new Batch(epoch, batch, count, meanLoss, meanAccuracy));
        }
    }
}
