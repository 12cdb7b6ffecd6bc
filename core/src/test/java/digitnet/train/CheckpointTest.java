package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpoint tensors' names as docs/model-format.md lists them, and the epoch count they carry. */
class CheckpointTest {
    @Test
    void namesArePrefixedAndNeverAParameters() {
        assertThat(Checkpoint.slot("0.weight", "velocity")).isEqualTo("optimizer.0.weight.velocity");
        assertThat(Checkpoint.STEP).isEqualTo("optimizer.step");
        assertThat(Checkpoint.EPOCH).isEqualTo("optimizer.epoch");
        assertThat(Checkpoint.isCheckpointName("optimizer.0.weight.m")).isTrue();
        assertThat(Checkpoint.isCheckpointName("0.weight")).isFalse();
        assertThat(Checkpoint.isCheckpointName("x.optimizer.step")).isFalse();
    }

    @Test
    void aCheckpointHoldsTheOptimizerStateAndTheEpochsDone() {
        Network n = Network.initialised(Architecture.of(4, List.of(3), 2), Init.HE, 5);
        Optimizer momentum = new OptimizerSettings(OptimizerSettings.Kind.MOMENTUM, 0.1, 0.9, 0.9, 0.999, 0).create();
        Map<String, Tensor> c = Checkpoint.of(momentum, n.parameters(), 7);
        assertThat(c).containsKeys(Checkpoint.EPOCH, Checkpoint.slot("0.weight", "velocity"));
        assertThat(c.get(Checkpoint.EPOCH).data[0]).isEqualTo(7f);
        assertThat(Checkpoint.epochsDone(c)).isEqualTo(7);
        assertThat(c.keySet()).allMatch(Checkpoint::isCheckpointName);
    }

    @Test
    void aMissingOrMisshapenEpochCountIsRefused() {
        assertThatThrownBy(() -> Checkpoint.epochsDone(Map.of())).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("optimizer.epoch");
        assertThatThrownBy(() -> Checkpoint.epochsDone(Map.of(Checkpoint.EPOCH, new Tensor(1, 2))))
                .isInstanceOf(CheckpointException.class);
        assertThat(Checkpoint.epochsDone(Map.of(Checkpoint.EPOCH, new Tensor(1, 1, new float[] {3})))).isEqualTo(3);
    }
}
