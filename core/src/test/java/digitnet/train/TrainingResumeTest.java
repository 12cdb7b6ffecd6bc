package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Dataset;
import digitnet.nn.Dropout;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Training#run} as a whole: it cuts the rows as {@link Splits} does, builds the network the
 * configuration names, and a run resumed from a checkpoint ends bit-identical to one never stopped.
 */
class TrainingResumeTest {
    private static final Dataset BLOBS = TrainerTest.blobs(21);

    private static Settings adamW(int epochs) {
        return TrainerTest.config(epochs, 0, 0, new Schedule.Constant());
    }

    private static float[][] weights(Network n) {
        return TrainerTest.weights(n);
    }

    private static int[] firstPixels(Dataset d) {
        int[] p = new int[d.count()];
        for (int i = 0; i < p.length; i++) {
            p[i] = d.pixel(i, 0) * 1000 + d.pixel(i, 1);
        }
        return p;
    }

    @Test
    void aRunResumedFromItsCheckpointEndsAsTheUninterruptedRun() {
        Training.Outcome whole = Training.run(BLOBS, adamW(4).withHeldOut(new HeldOutRows(60, 40)), ProgressListener.NONE, null);
        Training.Outcome part = Training.run(BLOBS, adamW(2).withHeldOut(new HeldOutRows(60, 40)), ProgressListener.NONE, null);
        assertThat(Checkpoint.epochsDone(part.checkpoint())).isEqualTo(2);
        Training.Outcome resumed = Training.run(BLOBS, adamW(4).withHeldOut(new HeldOutRows(60, 40)), ProgressListener.NONE, new Training.Resume(part.network(), part.checkpoint()));
        assertThat(resumed.result().epochsDone()).isEqualTo(4);
        assertThat(resumed.result().history()).extracting(Progress::epoch).containsExactly(3, 4);
        assertThat(weights(resumed.network())).isDeepEqualTo(weights(whole.network()));
        assertThat(weights(resumed.network())[0]).isNotEqualTo(weights(part.network())[0]);
        assertThat(Checkpoint.epochsDone(resumed.checkpoint())).isEqualTo(4);
    }

    @Test
    void theRowsAreCutAsSplitsCutsThem() {
        Training.Outcome o = Training.run(BLOBS, adamW(1).withHeldOut(new HeldOutRows(60, 40)), ProgressListener.NONE, null);
        Splits s = Splits.of(BLOBS, 60, 40, 11);             // TrainerTest.config's seed
        assertThat(firstPixels(o.train())).containsExactly(firstPixels(s.train()));
        assertThat(firstPixels(o.dev())).containsExactly(firstPixels(s.dev()));
        assertThat(firstPixels(o.test())).containsExactly(firstPixels(s.test()));
        assertThat(o.train().count()).isEqualTo(200);
    }

    @Test
    void theInitialWeightsComeFromTheInitSeed() {
        Settings none = TrainerTest.config(0, 0, 0, new Schedule.Constant());
        Training.Outcome o = Training.run(BLOBS, none.withHeldOut(new HeldOutRows(60, 0)), ProgressListener.NONE, null);
        assertThat(weights(o.network())).isDeepEqualTo(weights(TrainerTest.fresh(none, o.train())));
    }

    @Test
    void thePerceptronGetsItsDropoutAndALayerListItsOwnItems() {
        Training.Outcome mlp = Training.run(BLOBS, adamW(1).withHeldOut(new HeldOutRows(60, 0)), ProgressListener.NONE, null);
        assertThat(mlp.network().layers()).hasAtLeastOneElementOfType(Dropout.class);
        assertThat(mlp.network().architecture().isLayerList()).isFalse();

        Settings list = adamW(1).withNetwork(new NetworkSpec.Layers(LayerListSyntax.parse("flatten,linear:5,relu,linear:3")));
        Training.Outcome o = Training.run(BLOBS, list.withHeldOut(new HeldOutRows(60, 0)), ProgressListener.NONE, null);
        assertThat(o.network().architecture().isLayerList()).isTrue();
        assertThat(o.network().layers()).doesNotHaveAnyElementsOfTypes(Dropout.class);
        assertThat(o.network().parameters()).extracting(Parameter::name)
                .containsExactly("1.weight", "1.bias", "3.weight", "3.bias");
    }

    @Test
    void theShortFormTrainsWithoutTestRows() {
        Training.Outcome o = Training.run(BLOBS, adamW(1).withHeldOut(HeldOutRows.dev(50)), ProgressListener.NONE);
        assertThat(o.test().count()).isZero();
        assertThat(o.dev().count()).isEqualTo(50);
        assertThat(List.of(o.train().count())).containsExactly(250);
    }
}
