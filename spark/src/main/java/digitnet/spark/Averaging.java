package digitnet.spark;

import digitnet.api.DataParallel;
import digitnet.train.StepByStep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@code Train --average-every K} (docs/spark.md): rounds instead of synchronous steps. Each round the driver
 * broadcasts the weights and the state (the optimizer's, batch norm's running statistics); every partition
 * takes up to K local optimizer steps on its own rows (a local batch of the global batch / partitions rows,
 * its rows in the epoch's seeded order, the schedule's rate by the global step count); the driver averages
 * the partitions' weights and states weighted by the rows each trained on, summed in partition order. An
 * epoch ends when every partition has seen its rows once (its last round may be shorter); a full-batch run's
 * local step is one batch of all of a partition's rows, and its rounds also end at each iteration that reports.
 */
final class Averaging {
    private final JavaSparkContext jsc;
    private final DataParallel run;
    private final JavaRDD<Train.Shard> cached;
    private final Train.StepJob job;
    private final int[] first;
    private final int every, localBatch, stepsPerEpoch;

    Averaging(JavaSparkContext jsc, DataParallel run, JavaRDD<Train.Shard> cached, Train.StepJob job, int[] first, int every) {
        this.jsc = jsc;
        this.run = run;
        this.cached = cached;
        this.job = job;
        this.first = first.clone();
        this.every = every;
        int partitions = first.length - 1, largest = 0;
        for (int i = 0; i < partitions; i++) {
            largest = Math.max(largest, first[i + 1] - first[i]);
        }
        this.localBatch = run.fullBatch() ? largest : Math.max(1, run.batchRows() / partitions);
        this.stepsPerEpoch = run.fullBatch() ? 1 : (largest + localBatch - 1) / localBatch;
    }

    /** Rows of a partition's local step (full batch: the largest partition's rows). */
    int localBatch() {
        return localBatch;
    }

    /** Local steps in an epoch: the partition with the most rows takes this many. */
    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    void train() {
        if (run.fullBatch()) {
            int epoch = 1;
            while (epoch <= run.epochs()) {
                int n = 1;                       // a round ends after K iterations or at an iteration that reports
                while (n < every && epoch + n - 1 < run.epochs() && !run.reportsAfter(epoch + n - 1)) {
                    n++;
                }
                int[] steps = new int[n];
                double[] rates = new double[n];
                long[] noise = new long[n];
                boolean[] augmenting = new boolean[n];
                for (int i = 0; i < n; i++) {
                    rates[i] = run.learningRate(epoch + i, 0, 1);
                    noise[i] = run.noiseSeed(epoch + i);
                    augmenting[i] = run.augmentsAt(epoch + i, 0);
                }
                round(epoch, 0, steps, rates, noise, augmenting, null);
                for (int i = 0; i < n; i++) {
                    if (run.endEpoch(epoch + i)) {
                        return;
                    }
                }
                epoch += n;
            }
            return;
        }
        for (int epoch = 1; epoch <= run.epochs(); epoch++) {
            Broadcast<int[]> order = jsc.broadcast(run.order(epoch));
            for (int s = 0; s < stepsPerEpoch; s += every) {
                int n = Math.min(every, stepsPerEpoch - s);
                int[] steps = new int[n];
                double[] rates = new double[n];
                long[] noise = new long[n];
                boolean[] augmenting = new boolean[n];
                for (int i = 0; i < n; i++) {
                    steps[i] = s + i;
                    rates[i] = run.learningRate(epoch, s + i, stepsPerEpoch);
                    noise[i] = run.noiseSeed(epoch);
                    augmenting[i] = run.augmentsAt(epoch, s + i);
                }
                round(epoch, s, steps, rates, noise, augmenting, order);
            }
            order.destroy();
            if (run.endEpoch(epoch)) {
                return;
            }
        }
    }

    /** One round: weights and state out, local steps on every partition, the weighted means back. */
    private void round(int epoch, int firstStep, int[] steps, double[] rates, long[] noise, boolean[] augmenting,
                       Broadcast<int[]> order) {
        float[] weights = new float[run.parameterFloats()], state = new float[run.stateFloats()];
        run.weights(weights);
        run.state(state);
        Broadcast<Start> start = jsc.broadcast(new Start(weights, state, run.optimizerSteps()));
        Round r = new Round(job, first, localBatch, steps, rates, noise, augmenting);
        List<RoundPart> parts = cached.mapPartitionsWithIndex((index, it) -> Collections.singletonList(
                r.part(index, it.next(), start.value(), order == null ? null : order.value())).iterator(), true).collect();
        start.destroy();
        List<float[]> ws = new ArrayList<>(parts.size()), ss = new ArrayList<>(parts.size());
        long[] trained = new long[parts.size()];
        int n = steps.length;
        double[] loss = new double[n];
        long[] correct = new long[n];
        int[] rows = new int[n];
        for (int i = 0; i < parts.size(); i++) {      // partition order: the same sums on every run
            RoundPart part = parts.get(i);
            ws.add(part.weights());
            ss.add(part.state());
            trained[i] = part.trained();
            for (int j = 0; j < n; j++) {
                loss[j] += part.loss()[j];
                correct[j] += part.correct()[j];
                rows[j] += part.rows()[j];
            }
        }
        DataParallel.weightedMean(ws, trained, weights.length, weights);
        if (state.length > 0) {
            DataParallel.weightedMean(ss, trained, state.length, state);
        }
        run.average(new StepByStep.Round(epoch, firstStep, stepsPerEpoch, rates, loss, correct, rows), weights, state);
    }

    /** What a round starts from: the driver's weights, state and optimizer steps. */
    record Start(float[] weights, float[] state, long optimizerSteps) implements Serializable {}

    /** A partition's round: its weights and state at the end, the rows it trained on, each local step's sums. */
    record RoundPart(float[] weights, float[] state, long trained, double[] loss, long[] correct, int[] rows)
            implements Serializable {}

    /** What a round's tasks share: the local steps (their index in the epoch, rate, noise seed and whether they augment). */
    record Round(Train.StepJob job, int[] first, int localBatch, int[] steps, double[] rates, long[] noise, boolean[] augmenting)
            implements Serializable {

        RoundPart part(int index, Train.Shard shard, Start start, int[] order) {
            DataParallel.Worker w = job.workerFor(index, shard);
            int lo = first[index], hi = first[index + 1], count = hi - lo, n = steps.length;
            int[] mine = new int[count];              // the partition's rows in the epoch's order (full batch: stored)
            int k = 0;
            for (int j = 0; j < (order == null ? count : order.length); j++) {
                int row = order == null ? lo + j : order[j];
                if (row >= lo && row < hi) {
                    mine[k++] = row - lo;
                }
            }
            float[] weights = new float[start.weights().length], state = new float[start.state().length];
            double[] loss = new double[n];
            long[] correct = new long[n];
            int[] rows = new int[n];
            long trained = 0;
            int partitions = first.length - 1;
            synchronized (w) {
                w.startRound(start.weights(), start.state(), start.optimizerSteps());
                for (int i = 0; i < n; i++) {
                    int from = order == null ? 0 : steps[i] * localBatch;
                    int rowsNow = order == null ? count : Math.min(localBatch, count - from);
                    if (rowsNow <= 0) {
                        continue;                     // this partition's rows are done for the epoch
                    }
                    w.augmenting(augmenting[i]);
                    loss[i] = w.localStep(mine, from, rowsNow, rates[i],
                            Train.StepJob.partSeed(noise[i], steps[i], partitions, index));
                    correct[i] = w.correct();
                    rows[i] = rowsNow;
                    trained += rowsNow;
                }
                w.endRound(weights, state);
            }
            return new RoundPart(weights, state, trained, loss, correct, rows);
        }
    }
}
