package digitnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.LayerSpec;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.Progress;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DataParallel} driven as a data-parallel driver drives it: with one worker holding every training
 * row the model is {@link Digitnet#run}'s bit for bit (full batch and mini-batches, patience too); with
 * the rows dealt to two workers it is the same model within float rounding, and bit-identical from rerun
 * to rerun. Batch norm's running statistics travel with the steps: one worker gives {@code Digitnet.run}'s.
 */
class DataParallelTest {
    static final Digits DATA = Digitnet.sample().first(2500);

    /** The driver's loop: each step's batch split among workers holding the rows [w * m / workers, (w+1) * m / workers). */
    static TrainingRun drive(Settings settings, int workers) {
        DataParallel run = DataParallel.start(DATA, settings, p -> { });
        Digits train = run.trainRows();
        int m = train.count();
        int[] first = new int[workers + 1];
        DataParallel.Worker[] w = new DataParallel.Worker[workers];
        Model replica = loaded(run.replicaFile());
        for (int i = 0; i < workers; i++) {
            first[i] = (int) ((long) i * m / workers);
            first[i + 1] = (int) ((long) (i + 1) * m / workers);
        }
        for (int i = 0; i < workers; i++) {
            byte[] pixels = new byte[0];
            int[] labels = new int[first[i + 1] - first[i]];
            int f = train.height() * train.width();
            pixels = new byte[labels.length * f];
            for (int r = first[i]; r < first[i + 1]; r++) {
                System.arraycopy(train.image(r), 0, pixels, (r - first[i]) * f, f);
                labels[r - first[i]] = train.label(r);
            }
            Digits rows = Digitnet.digits(pixels, labels, train.height(), train.width(), train.classes(), "part " + i);
            w[i] = DataParallel.worker(replica, rows, Math.min(run.batchRows(), labels.length),
                    run.fullBatch(), run.sparseInput(), run.augment());
        }
        float[] weights = new float[run.parameterFloats()], sum = new float[weights.length], part = new float[weights.length];
        float[] buffers = new float[run.bufferFloats()];
        List<float[]> stats = new ArrayList<>();
        long[] rowsOf = new long[workers];
        for (int epoch = 1; epoch <= run.epochs(); epoch++) {
            int[] order = run.order(epoch);
            for (int s = 0; s < run.stepsPerEpoch(); s++) {
                int from = s * run.batchRows(), n = Math.min(run.batchRows(), m - from);
                run.weights(weights);
                run.buffers(buffers);
                Arrays.fill(sum, 0f);
                stats.clear();
                double loss = 0;
                long correct = 0;
                for (int i = 0; i < workers; i++) {
                    int[] mine = new int[n];
                    int k = 0;
                    for (int j = from; j < from + n; j++) {
                        if (order[j] >= first[i] && order[j] < first[i + 1]) {
                            mine[k++] = order[j] - first[i];
                        }
                    }
                    w[i].augmenting(run.augmentsAt(epoch, s));
                    loss += w[i].gradient(weights, buffers, mine, 0, k, n, run.noiseSeed(epoch), part);
                    correct += w[i].correct();
                    float[] b = new float[buffers.length];
                    w[i].buffers(b);
                    stats.add(b);
                    rowsOf[i] = k;
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += part[j];
                    }
                }
                float[] combined = new float[buffers.length];
                DataParallel.weightedMean(stats, rowsOf, buffers.length, combined);
                run.step(epoch, s, sum, loss, correct, n, combined);
            }
            if (run.endEpoch(epoch)) {
                break;
            }
        }
        return run.finish();
    }

    static Model loaded(byte[] file) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("replica", ".safetensors");
            java.nio.file.Files.write(f, file);
            Model m = Digitnet.load(f);
            java.nio.file.Files.delete(f);
            return m;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static float[] probabilities(TrainingRun r) {
        return r.model().predict(DATA).probabilities();
    }

    @Test
    void oneWorkerIsTheOneMachineRunBitForBitFullBatch() {
        Settings s = Settings.notebook().withSteps(Steps.fullBatch(12)).withHeldOut(new HeldOutRows(500, 0));
        TrainingRun one = Digitnet.run(DATA, s, p -> { });
        TrainingRun parallel = drive(s, 1);
        assertThat(probabilities(parallel)).isEqualTo(probabilities(one));
        assertThat(parallel.history()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds")
                .isEqualTo(one.history());
        assertThat(parallel.steps()).isEqualTo(one.steps());
    }

    @Test
    void oneWorkerIsTheOneMachineRunBitForBitMiniBatchesWithAdamAndPatience() {
        Settings s = Settings.quick().withSteps(Steps.miniBatches(50, 3)).withHeldOut(new HeldOutRows(400, 100))
                .withStopping(Stopping.patience(1)).withSeed(5);
        TrainingRun one = Digitnet.run(DATA, s, p -> { });
        TrainingRun parallel = drive(s, 1);
        assertThat(probabilities(parallel)).isEqualTo(probabilities(one));
        assertThat(parallel.dev()).isEqualTo(one.dev());
        assertThat(parallel.test()).isEqualTo(one.test());
        assertThat(parallel.model().metrics()).isEqualTo(one.model().metrics());
        assertThat(parallel.model().training()).isEqualTo(one.model().training());
    }

    /** The workers' loss smooths the targets as the one-machine loop's does (the replica file carries it). */
    @Test
    void oneWorkerWithLabelSmoothingIsTheOneMachineRunBitForBit() {
        Settings s = Settings.quick().withSteps(Steps.miniBatches(50, 2)).withHeldOut(new HeldOutRows(400, 0))
                .withSeed(7).withLabelSmoothing(0.1);
        TrainingRun one = Digitnet.run(DATA, s, p -> { });
        TrainingRun parallel = drive(s, 1);
        assertThat(probabilities(parallel)).isEqualTo(probabilities(one));
        assertThat(parallel.model().training()).containsEntry("label_smoothing", 0.1);
        assertThat(probabilities(parallel)).as("smoothing changes the model")
                .isNotEqualTo(probabilities(Digitnet.run(DATA, s.withLabelSmoothing(0), p -> { })));
    }

    @Test
    void twoWorkersGiveTheSameModelWithinRoundingAndTheSameBitsOnEveryRerun() {
        Settings s = Settings.quick().withSteps(Steps.miniBatches(50, 2)).withHeldOut(new HeldOutRows(500, 0)).withSeed(3);
        float[] one = probabilities(Digitnet.run(DATA, s, p -> { }));
        float[] two = probabilities(drive(s, 2)), again = probabilities(drive(s, 2));
        assertThat(again).isEqualTo(two);
        double worst = 0;
        for (int i = 0; i < one.length; i++) {
            worst = Math.max(worst, Math.abs(one[i] - two[i]));
        }
        assertThat(worst).as("largest probability difference").isLessThan(1e-3);
    }

    @Test
    void oneWorkerCarriesBatchNormsRunningStatisticsToDigitnetRunsModelBitForBit() {
        Settings s = Settings.quick().withNetwork(NetworkSpec.layers(LayerSpec.conv(4, 5, 2, 0), LayerSpec.batchNorm(),
                LayerSpec.relu(), LayerSpec.maxPool(2), LayerSpec.flatten(), LayerSpec.linear(10)))
                .withSteps(Steps.miniBatches(64, 1)).withHeldOut(new HeldOutRows(500, 0)).withSeed(2);
        TrainingRun one = Digitnet.run(DATA, s, p -> { });
        TrainingRun parallel = drive(s, 1);
        assertThat(probabilities(parallel)).isEqualTo(probabilities(one));
        assertThat(parallel.dev()).isEqualTo(one.dev());
        TrainingRun two = drive(s, 2);
        assertThat(Math.abs(two.dev().accuracy() - one.dev().accuracy())).as("dev accuracy, two workers").isLessThan(0.02);
    }

    @Test
    void augmentationForTheFirstHalfOfTheStepsAugmentsTheFirstEpochOfTwoAndNotTheSecond() {
        Settings all = Settings.quick().withSteps(Steps.miniBatches(50, 2)).withHeldOut(new HeldOutRows(500, 0))
                .withSeed(4).withAugment(true);
        Settings half = all.withAugmentFor(0.5);
        for (boolean parallel : new boolean[] {false, true}) {
            List<Progress> a = (parallel ? drive(all, 1) : Digitnet.run(DATA, all, p -> { })).history();
            List<Progress> h = (parallel ? drive(half, 1) : Digitnet.run(DATA, half, p -> { })).history();
            assertThat(h.get(0).trainLoss()).as("epoch 1 (augmented in both), data-parallel %s", parallel)
                    .isEqualTo(a.get(0).trainLoss());
            assertThat(h.get(1).trainLoss()).as("epoch 2 (augmented only in one), data-parallel %s", parallel)
                    .isNotEqualTo(a.get(1).trainLoss());
        }
    }
}
