package digitnet.api;

import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Progress;
import digitnet.train.ProgressListener;
import digitnet.train.Schedule;
import digitnet.train.Settings;
import digitnet.train.Steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Digitnet#resume}: a run saved after two epochs and resumed to four is the run of four epochs,
 * bit for bit (the promise of the command line's {@code --resume} for the constant and step schedules);
 * a resume that would not continue the saved run is refused, naming the setting and both values.
 */
class ResumeTest {
    static Digits few;
    @TempDir static Path dir;
    static Path halfway;

    /** Momentum on a step schedule: the optimizer's state and the epoch count both matter. */
    static Settings epochs(int n) {
        return Settings.quick().withNetwork(NetworkSpec.mlp(16)).withHeldOut(new HeldOutRows(100, 50)).withSeed(7)
                .withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.MOMENTUM, 0.05)).withSchedule(new Schedule.StepDecay(1, 0.5)).withSteps(Steps.miniBatches(32, n));
    }

    @BeforeAll
    static void trainTwoEpochsAndSave() {
        few = Digitnet.sample().first(600);
        halfway = dir.resolve("halfway.safetensors");
        Digitnet.train(few, epochs(2)).save(halfway);
    }

    @Test
    void aResumedRunIsTheUninterruptedRun() throws Exception {
        TrainingRun whole = Digitnet.run(few, epochs(4), ProgressListener.NONE);
        TrainingRun resumed = Digitnet.resume(Digitnet.load(halfway), few, epochs(4), ProgressListener.NONE);
        assertThat(resumed.model().predict(few).probabilities()).isEqualTo(whole.model().predict(few).probabilities());
        assertThat(resumed.epochs()).isEqualTo(4);
        assertThat(resumed.steps()).isEqualTo(whole.steps() / 2);
        assertThat(resumed.history()).extracting(Progress::epoch).containsExactly(3, 4);
        assertThat(resumed.lastLearningRate()).isEqualTo(whole.lastLearningRate());
        assertThat(resumed.model().metrics()).isEqualTo(whole.model().metrics());

        Path a = dir.resolve("whole.safetensors"), b = dir.resolve("resumed.safetensors");
        whole.model().save(a);
        resumed.model().save(b);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void aResumedModelCanBeResumedAgain() {
        TrainingRun three = Digitnet.resume(Digitnet.load(halfway), few, epochs(3), ProgressListener.NONE);
        Path file = dir.resolve("three.safetensors");
        three.model().save(file);
        TrainingRun four = Digitnet.resume(Digitnet.load(file), few, epochs(4), ProgressListener.NONE);
        assertThat(four.model().predict(few).probabilities())
                .isEqualTo(Digitnet.train(few, epochs(4)).predict(few).probabilities());
    }

    @Test
    void anotherSeedIsRefused() {
        assertRefused(epochs(4).withSeed(8), few, "Settings.seed", 7L, 8L);
    }

    @Test
    void otherHeldOutRowsAreRefused() {
        assertRefused(epochs(4).withHeldOut(new HeldOutRows(90, 50)), few, "HeldOutRows.devRows", 100, 90);
        assertRefused(epochs(4).withHeldOut(new HeldOutRows(100, 0)), few, "HeldOutRows.testRows", 50, 0);
    }

    @Test
    void anotherOptimizerOrNetworkIsRefused() {
        assertRefused(epochs(4).withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.ADAM, 0.05)), few, "OptimizerSettings.kind", "momentum", "adam");
        assertRefused(epochs(4).withNetwork(NetworkSpec.mlp(17)), few, "Settings.network", NetworkSpec.mlp(16),
                NetworkSpec.mlp(17));
    }

    @Test
    void otherDataIsRefused() {
        assertRefused(epochs(4), few.named("other"), "Digits.source", few.source(), "other");
        Digits more = Digitnet.sample().first(601).named(few.source());
        assertRefused(epochs(4), more, "Digits.count", 600, 601);
        byte[] pixels = new byte[600 * 784];
        int[] labels = new int[600];
        for (int i = 0; i < 600; i++) {
            System.arraycopy(few.image(i), 0, pixels, i * 784, 784);
            labels[i] = few.label(i);
        }
        pixels[5] = (byte) (pixels[5] + 1);
        Digits changed = Digitnet.digits(pixels, labels, 28, 28, 10, few.source());
        assertThatThrownBy(() -> Digitnet.checkResume(Digitnet.load(halfway), changed, epochs(4)))
                .isInstanceOfSatisfying(ResumeRefusedException.class,
                        e -> assertThat(e.setting()).isEqualTo("Digits.content"));
    }

    /** Refused before any training, by {@link Digitnet#checkResume} and by {@link Digitnet#resume} alike. */
    static void assertRefused(Settings s, Digits data, String setting, Object saved, Object asked) {
        Model model = Digitnet.load(halfway);
        for (Runnable call : new Runnable[] {() -> Digitnet.checkResume(model, data, s),
            () -> Digitnet.resume(model, data, s, p -> { throw new AssertionError("trained"); })}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ResumeRefusedException.class, e -> {
                assertThat(e.setting()).isEqualTo(setting);
                assertThat(e.saved()).isEqualTo(saved);
                assertThat(e.asked()).isEqualTo(asked);
                assertThat(e.getMessage()).startsWith(halfway + ": " + setting + " ");
            });
        }
    }
}
