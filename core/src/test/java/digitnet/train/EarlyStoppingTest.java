package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Buffer;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prechelt's rule as the trainer uses it: stop after {@code patience} evaluations in a row that do
 * not beat the best (higher dev accuracy, or the same accuracy at a lower dev loss; a full tie does
 * not), and restore the weights and buffers of the best one.
 */
class EarlyStoppingTest {
    /** A network with weights and batch norm buffers (running mean and variance). */
    private static Network network() {
        LayerList list = LayerList.of(Shape.image(2, 2), LayerListSyntax.parse("flatten,linear:3,batchnorm,relu,linear:2"), 2);
        Network n = Network.create(digitnet.nn.Architecture.of(list));
        n.initialise(Init.HE, new Random(1));
        return n;
    }

    private static List<float[]> state(Network n) {
        List<float[]> s = new ArrayList<>();
        n.parameters().forEach(p -> s.add(p.value().data.clone()));
        n.buffers().forEach(b -> s.add(b.value().data.clone()));
        return s;
    }

    private static void perturb(Network n, float by) {
        n.parameters().forEach(p -> p.value().data[0] += by);
        for (Buffer b : n.buffers()) {
            b.value().data[0] += by;
        }
    }

    @Test
    void itStopsAfterPatienceEvaluationsWithoutABetterScoreAndATieIsNotBetter() {
        EarlyStopping stop = new EarlyStopping(2, network());
        assertThat(stop.observe(1, 0.50, 0.9)).isFalse();
        assertThat(stop.observe(2, 0.50, 0.9)).isFalse();     // a tie: one without improvement
        assertThat(stop.observe(3, 0.60, 1.5)).isFalse();     // better accuracy, whatever the loss: the count starts again
        assertThat(stop.observe(4, 0.55, 0.1)).isFalse();     // a lower loss does not make up for a lower accuracy
        assertThat(stop.observe(5, 0.60, 1.5)).isTrue();      // the second in a row that does not beat (0.60, 1.5)
        assertThat(stop.bestEpoch()).isEqualTo(3);
    }

    @Test
    void atTheSameAccuracyALowerLossIsBetterSoASaturatedDevSetKeepsTrainingAndKeepsTheLaterWeights() {
        Network n = network();
        EarlyStopping stop = new EarlyStopping(2, n);
        perturb(n, 1f);
        assertThat(stop.observe(1, 1.0, 0.30)).isFalse();     // every dev row right
        perturb(n, 1f);
        assertThat(stop.observe(2, 1.0, 0.20)).isFalse();     // still all right, more sure: better
        List<float[]> best = state(n);
        perturb(n, 1f);
        assertThat(stop.observe(3, 1.0, 0.25)).isFalse();
        assertThat(stop.observe(4, 1.0, 0.20)).isTrue();      // an equal loss is no better
        assertThat(stop.bestEpoch()).isEqualTo(2);
        stop.restoreBest();
        assertThat(state(n)).usingRecursiveComparison().isEqualTo(best);
    }

    @Test
    void patienceOneStopsAtTheFirstEvaluationThatDoesNotImprove() {
        EarlyStopping stop = new EarlyStopping(1, network());
        assertThat(stop.observe(1, 0.1, 2.0)).isFalse();
        assertThat(stop.observe(2, 0.2, 2.0)).isFalse();
        assertThat(stop.observe(3, 0.2, 2.0)).isTrue();
        assertThat(stop.bestEpoch()).isEqualTo(2);
    }

    @Test
    void theFirstScoreIsABestEvenAtZeroAccuracy() {
        EarlyStopping stop = new EarlyStopping(3, network());
        assertThat(stop.bestEpoch()).isEqualTo(-1);
        stop.observe(7, 0.0, 5.0);
        assertThat(stop.bestEpoch()).isEqualTo(7);
    }

    @Test
    void restoreBestPutsBackTheWeightsAndBuffersOfTheBestEvaluation() {
        Network n = network();
        EarlyStopping stop = new EarlyStopping(5, n);
        perturb(n, 1f);
        stop.observe(1, 0.3, 1.0);
        perturb(n, 1f);
        stop.observe(2, 0.7, 1.0);
        List<float[]> best = state(n);
        perturb(n, 1f);
        stop.observe(3, 0.5, 0.5);
        assertThat(state(n)).usingRecursiveComparison().isNotEqualTo(best);
        stop.restoreBest();
        assertThat(state(n)).usingRecursiveComparison().isEqualTo(best);
        assertThat(n.buffers()).isNotEmpty();
    }

    @Test
    void restoreBestWithoutAnyEvaluationLeavesTheWeightsAlone() {
        Network n = network();
        EarlyStopping stop = new EarlyStopping(5, n);
        perturb(n, 2f);
        List<float[]> now = state(n);
        stop.restoreBest();
        assertThat(state(n)).usingRecursiveComparison().isEqualTo(now);
    }
}
