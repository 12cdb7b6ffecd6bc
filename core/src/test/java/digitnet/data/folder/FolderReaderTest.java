package digitnet.data.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.testing.PictureFolders;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of pictures read into data sets: layout, formats, channels, sizes, and every bad input refused by name. */
class FolderReaderTest {
    @TempDir Path dir;

    private static FolderSettings settings(int channels, boolean skipBad) {
        return new FolderSettings(channels, 0, 0, skipBad, 2);
    }

    private FolderData read(Path root) {
        return FolderReader.read(root, settings(0, false), null, null);
    }

    @Test
    void classesAreTheSubfoldersInSortedOrderAndColourIsKeptChannelMajor() {
        PictureFolders.write(dir, new String[] {"zebra", "Ant", "mouse"}, 3, 8, 1);
        PictureFolders.picture(dir.resolve("Ant/solid.png"), "png", PictureFolders.solid(8, 8, new Color(10, 20, 30)));
        FolderData d = read(dir);
        Dataset t = d.train();
        assertThat(t.names()).containsExactly("Ant", "mouse", "zebra");      // String order, as Python's sorted()
        assertThat(t.channels()).isEqualTo(3);
        assertThat(t.count()).isEqualTo(10);
        assertThat(d.test()).isNull();
        // Ant/000.png .. 002.png, then solid.png: the fourth row, every pixel (10, 20, 30) as three planes
        assertThat(t.labels()).containsExactly(0, 0, 0, 0, 1, 1, 1, 2, 2, 2);
        byte[] solid = Arrays.copyOfRange(t.pixels(), 3 * 192, 4 * 192);
        for (int j = 0; j < 64; j++) {
            assertThat(new int[] {solid[j], solid[64 + j], solid[128 + j]}).containsExactly(10, 20, 30);
        }
        assertThat(d.notices()).anyMatch(n -> n.contains("colour pictures, read as 3 channels"));
    }

    @Test
    void greyPicturesAreOneChannelUnlessThreeAreAskedFor() {
        Color grey = new Color(90, 90, 90);
        for (String c : List.of("a", "b")) {
            PictureFolders.picture(dir.resolve(c + "/1.png"), "png", PictureFolders.solid(4, 4, grey));
        }
        assertThat(read(dir).train().channels()).isEqualTo(1);
        assertThat(read(dir).train().pixel(0, 5)).isEqualTo(90);
        Dataset three = FolderReader.read(dir, settings(3, false), null, null).train();
        assertThat(three.channels()).isEqualTo(3);
        assertThat(three.features()).isEqualTo(48);
    }

    @Test
    void colourAskedAsGreyIsItsLuma() {
        PictureFolders.picture(dir.resolve("a/1.png"), "png", PictureFolders.solid(2, 2, new Color(200, 100, 0)));
        PictureFolders.picture(dir.resolve("b/1.png"), "png", PictureFolders.solid(2, 2, new Color(0, 0, 0)));
        Dataset grey = FolderReader.read(dir, settings(1, false), null, null).train();
        assertThat(grey.pixel(0, 0)).isEqualTo(Math.round(0.299f * 200 + 0.587f * 100));
        Dataset auto = read(dir).train();     // auto: colour found, then made grey nowhere
        assertThat(auto.channels()).isEqualTo(3);
    }

    @Test
    void pngJpegBmpAndGifAreReadAndOtherFilesSkippedInOneCountedLine() throws IOException {
        BufferedImage image = PictureFolders.solid(6, 6, new Color(120, 120, 120));
        PictureFolders.picture(dir.resolve("a/1.png"), "png", image);
        PictureFolders.picture(dir.resolve("a/2.JPG"), "jpg", image);
        PictureFolders.picture(dir.resolve("b/3.bmp"), "bmp", image);
        PictureFolders.picture(dir.resolve("b/deeper/4.gif"), "gif", image);
        Files.writeString(dir.resolve("a/notes.txt"), "not a picture");
        Files.writeString(dir.resolve("README"), "top-level file");
        FolderData d = read(dir);
        assertThat(d.train().count()).isEqualTo(4);
        assertThat(d.train().labels()).containsExactly(0, 0, 1, 1);
        assertThat(d.notices()).filteredOn(n -> n.contains("skipped")).singleElement().asString()
                .contains("skipped 2 files that are not PNG, JPEG, BMP or GIF pictures");
    }

    @Test
    void aTrainAndTestFolderKeepsTheTestPicturesApartWithTheTrainClasses() {
        PictureFolders.write(dir.resolve("train"), new String[] {"cat", "dog", "owl"}, 4, 8, 1);
        PictureFolders.write(dir.resolve("test"), new String[] {"cat", "owl"}, 2, 8, 2);
        FolderData d = read(dir);
        assertThat(d.train().count()).isEqualTo(12);
        assertThat(d.test().count()).isEqualTo(4);
        assertThat(d.test().names()).containsExactly("cat", "dog", "owl");
        assertThat(d.test().labels()).containsExactly(0, 0, 2, 2);
    }

    @Test
    void valServesAsTheTestFolderToo() {
        PictureFolders.write(dir.resolve("train"), new String[] {"cat", "dog"}, 2, 8, 1);
        PictureFolders.write(dir.resolve("val"), new String[] {"cat", "dog"}, 1, 8, 2);
        assertThat(read(dir).test().count()).isEqualTo(2);
    }

    @Test
    void aTestClassUnknownToTrainIsRefused() {
        PictureFolders.write(dir.resolve("train"), new String[] {"cat", "dog"}, 2, 8, 1);
        PictureFolders.write(dir.resolve("test"), new String[] {"cat", "eel"}, 1, 8, 2);
        assertThatThrownBy(() -> read(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("test/eel: class folder not in").hasMessageNotContaining("\n");
    }

    @Test
    void picturesOfOtherSizesAreResizedToTheMostCommonWithANotice() {
        PictureFolders.write(dir, new String[] {"a", "b"}, 3, 8, 1);
        PictureFolders.picture(dir.resolve("b/big.png"), "png", PictureFolders.solid(20, 12, Color.RED));
        FolderData d = read(dir);
        assertThat(d.train().shape()).isEqualTo("3x8x8");
        assertThat(d.notices()).anyMatch(n -> n.contains("resized 1 of 7 pictures to 8x8, the most common size"));
        FolderData sized = FolderReader.read(dir, new FolderSettings(0, 5, 4, false, 1), null, null);
        assertThat(sized.train().shape()).isEqualTo("3x4x5");
        assertThat(sized.notices()).anyMatch(n -> n.contains("resized 7 of 7 pictures to 5x4 (--image-size)"));
    }

    @Test
    void aCorruptPictureIsRefusedNamingItAndSkippedOnRequest() throws IOException {
        PictureFolders.write(dir, new String[] {"a", "b"}, 2, 8, 1);
        byte[] noise = new byte[300];
        new Random(7).nextBytes(noise);
        Files.write(dir.resolve("b/noise.png"), noise);
        assertThatThrownBy(() -> read(dir)).isInstanceOf(BadPictureException.class)
                .hasMessageStartingWith(dir.resolve("b/noise.png") + ": ").hasMessageNotContaining("\n");
        FolderData d = FolderReader.read(dir, settings(0, true), null, null);
        assertThat(d.train().count()).isEqualTo(4);
        assertThat(d.notices()).anyMatch(n -> n.contains("skipped 1 bad picture (--skip-bad-images; the first: "
                + dir.resolve("b/noise.png")));
    }

    @Test
    void truncatedPngAndJpegAreRefused() throws IOException {
        PictureFolders.write(dir, new String[] {"a", "b"}, 1, 8, 1);
        Random random = new Random(3);
        BufferedImage big = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                big.setRGB(x, y, random.nextInt());
            }
        }
        for (String format : List.of("png", "jpg")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(big, format, bytes);
            byte[] whole = bytes.toByteArray();
            Path cut = dir.resolve("a/cut." + format);
            Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
            assertThatThrownBy(() -> read(dir)).as(format).isInstanceOf(BadPictureException.class)
                    .hasMessageStartingWith(cut + ": ");
            Files.delete(cut);
        }
    }

    @Test
    void aPictureTooLargeIsRefusedByItsHeaderBeforeDecoding() throws IOException {
        PictureFolders.write(dir, new String[] {"a", "b"}, 1, 8, 1);
        Path huge = dir.resolve("a/huge.png");
        Files.write(huge, pngHeaderOnly(100_000, 100_000));    // 10^10 pixels: decoding would need 30 GB
        assertThatThrownBy(() -> read(dir)).isInstanceOf(BadPictureException.class)
                .hasMessage(huge + ": picture of 100000x100000 pixels (by its header) is larger than the 40000000 "
                        + "pixels digitnet decodes; not decoded");
        assertThatThrownBy(() -> FolderReader.read(dir, new FolderSettings(0, 8, 8, false, 1), null, null))
                .as("with the size given, headers are not read first, but decoding still checks it")
                .hasMessageContaining("100000x100000");
    }

    /** A PNG signature, an IHDR chunk of width x height RGB with a correct CRC, and IEND: no pixel data. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        b.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        CRC32 end = new CRC32();
        end.update("IEND".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt((int) end.getValue());
        return b.array();
    }

    @Test
    void anEmptyClassFolderIsRefused() throws IOException {
        PictureFolders.write(dir, new String[] {"a", "b"}, 1, 8, 1);
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("c/readme.txt"), "no pictures");
        assertThatThrownBy(() -> read(dir)).isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("c") + ": class folder holds no PNG, JPEG, BMP or GIF pictures");
    }

    @Test
    void aSingleClassAndNoClassAreRefused() throws IOException {
        PictureFolders.write(dir.resolve("one"), new String[] {"only"}, 2, 8, 1);
        assertThatThrownBy(() -> read(dir.resolve("one"))).isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("one") + ": holds a single class folder (only); a classifier needs at least 2 classes");
        Files.createDirectories(dir.resolve("none"));
        assertThatThrownBy(() -> read(dir.resolve("none"))).hasMessageContaining("holds no class folders");
        assertThatThrownBy(() -> read(dir.resolve("missing"))).hasMessageContaining("missing: no such folder");
    }

    @Test
    void aLinkLeadingOutOfTheFolderIsNotFollowedButRefusedOrSkipped() throws IOException {
        Path root = dir.resolve("root");
        PictureFolders.write(root, new String[] {"a", "b"}, 2, 8, 1);
        Path outside = PictureFolders.picture(dir.resolve("outside.png"), "png", PictureFolders.solid(8, 8, Color.RED));
        Files.createSymbolicLink(root.resolve("a/escape.png"), outside);
        Files.createSymbolicLink(root.resolve("b/inside.png"), root.resolve("a/000.png"));
        assertThatThrownBy(() -> read(root)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(root.resolve("a/escape.png") + ": symbolic link leading out of " + root);
        FolderData d = FolderReader.read(root, settings(0, true), null, null);
        assertThat(d.train().count()).as("4 pictures and the link inside, not the one out").isEqualTo(5);
        assertThat(d.notices()).anyMatch(n -> n.contains("skipped 1 bad picture"));
    }

    @Test
    void oddFileNamesAreReadAndNamedOnOneLine() throws IOException {
        PictureFolders.write(dir, new String[] {"chat noir é", "dog's"}, 1, 8, 1);
        PictureFolders.picture(dir.resolve("dog's/a \"quoted\" -name ü.png"), "png", PictureFolders.solid(8, 8, Color.BLUE));
        FolderData d = read(dir);
        assertThat(d.train().names()).containsExactly("chat noir é", "dog's");
        assertThat(d.train().count()).isEqualTo(3);
        Files.write(dir.resolve("dog's/line\nbreak.png"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> read(dir)).isInstanceOf(BadPictureException.class)
                .hasMessageStartingWith(dir.resolve("dog's") + "/line\\nbreak.png: ").hasMessageNotContaining("\n");
    }

    @Test
    void aClassFolderNameWithAControlCharacterIsRefusedOnOneLine() {
        PictureFolders.write(dir, new String[] {"a", "b\tc"}, 1, 8, 1);
        assertThatThrownBy(() -> read(dir)).isInstanceOf(InputException.class)
                .hasMessage(dir + "/b\\tc: class folder name holds a control character or an undecodable byte at position 1");
    }

    @Test
    void picturesThatWouldNotFitInMemoryAtTheAskedSizeAreRefusedBeforeDecoding() {
        PictureFolders.write(dir, new String[] {"a", "b"}, 50, 8, 1);     // 100 x 4096 x 4096 x 3 bytes: 5 GB
        assertThatThrownBy(() -> FolderReader.read(dir, new FolderSettings(3, 4096, 4096, false, 1), null, null))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(dir + ": 100 pictures of 4096x4096 in 3 channels are 5033164800 bytes, more than");
    }
}
