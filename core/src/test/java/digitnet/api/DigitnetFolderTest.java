package digitnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.testing.PictureFolders;
import digitnet.train.HeldOutRows;
import digitnet.train.Settings;
import digitnet.train.Steps;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's folder of pictures: read, cached, trained on, and a picture predicted by name. */
class DigitnetFolderTest {
    @TempDir Path dir;

    @Test
    void aFolderIsReadCachedTrainedOnAndAPictureNamed() {
        Path folder = dir.resolve("shapes");
        PictureFolders.write(folder.resolve("train"), new String[] {"red square", "red disc"}, 20, 12, 1);
        PictureFolders.write(folder.resolve("val"), new String[] {"red square", "red disc"}, 4, 12, 2);
        FolderOptions options = new FolderOptions(0, 0, 0, false, dir.resolve("cache"));
        AtomicInteger decoded = new AtomicInteger();
        PictureFolder first = Digitnet.readFolder(folder, options, (done, total) -> decoded.set(total));
        assertThat(decoded.get()).isEqualTo(48);
        assertThat(first.cached()).isFalse();
        assertThat(first.classNames()).containsExactly("red disc", "red square");
        assertThat(first.train().shape()).isEqualTo("3x12x12");
        assertThat(first.test().orElseThrow().count()).isEqualTo(8);
        PictureFolder second = Digitnet.readFolder(folder, options, DecodeListener.NONE);
        assertThat(second.cached()).isTrue();
        assertThat(second.train().contentSha256()).isEqualTo(first.train().contentSha256());

        Model model = Digitnet.train(first.train(), Settings.quick().withHeldOut(new HeldOutRows(8, 0)).withSteps(Steps.miniBatches(8, 3)));
        assertThat(model.channels()).isEqualTo(3);
        assertThat(model.labels()).containsExactly("red disc", "red square");
        assertThat(model.readsMnistPictures()).isFalse();
        Prediction p = model.predictPicture(folder.resolve("val/red disc/000.png"));
        assertThat(p.label()).isIn("red disc", "red square");
        assertThat(model.evaluate(first.test().orElseThrow()).count()).isEqualTo(8);
        assertThat(Digitnet.read(folder.resolve("train")).classNames()).containsExactly("red disc", "red square");
    }

    @Test
    void badOptionsAndAnEmptyFolderAreRefusedByName() {
        assertThatThrownBy(() -> new FolderOptions(2, 0, 0, false, null)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("FolderOptions.channels");
        assertThatThrownBy(() -> new FolderOptions(0, 32, 0, false, null)).hasMessageContaining("FolderOptions.size");
        assertThatThrownBy(() -> Digitnet.readFolder(dir, new FolderOptions(0, 0, 0, false, null), DecodeListener.NONE))
                .isInstanceOf(InputException.class).hasMessage(dir + ": holds no class folders; expected one subfolder of "
                        + "pictures per class");
    }
}
