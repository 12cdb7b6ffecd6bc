package digitnet.data.folder;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.PictureFolders;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of decoded folders: a hit gives the same rows, a changed file misses, a damaged cache file is rebuilt. */
class FolderCacheTest {
    @TempDir Path dir;
    Path root, cacheRoot;
    final FolderSettings settings = new FolderSettings(0, 0, 0, false, 2);

    @BeforeEach
    void folder() {
        root = dir.resolve("pictures");
        cacheRoot = dir.resolve("cache");
        PictureFolders.write(root.resolve("train"), new String[] {"red", "blue"}, 3, 8, 1);
        PictureFolders.write(root.resolve("test"), new String[] {"red", "blue"}, 1, 8, 2);
    }

    private FolderCache cache() {
        return new FolderCache(cacheRoot, (file, bytes) -> {
            try {
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void assertSameRows(FolderData a, FolderData b) {
        assertThat(b.train().contentSha256()).isEqualTo(a.train().contentSha256());
        assertThat(b.test().contentSha256()).isEqualTo(a.test().contentSha256());
        assertThat(b.train().names()).isEqualTo(a.train().names());
        assertThat(b.notices()).isEqualTo(a.notices());
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.list(cacheRoot.resolve("folders"))) {
            return s.toList();
        }
    }

    @Test
    void aSecondReadComesFromTheCacheWithTheSameRows() throws IOException {
        FolderData first = FolderReader.read(root, settings, cache(), null);
        assertThat(first.cached()).isFalse();
        assertThat(cacheFiles()).hasSize(1);
        FolderData second = FolderReader.read(root, settings, cache(), null);
        assertThat(second.cached()).isTrue();
        assertSameRows(first, second);
        assertThat(FolderReader.read(root, new FolderSettings(1, 0, 0, false, 2), cache(), null).cached())
                .as("other settings, another cache file").isFalse();
    }

    @Test
    void aChangedAddedOrTouchedFileMisses() throws IOException {
        FolderReader.read(root, settings, cache(), null);
        Path picture = root.resolve("train/red/000.png");
        PictureFolders.picture(picture, "png", PictureFolders.solid(8, 8, Color.GREEN));
        FolderData changed = FolderReader.read(root, settings, cache(), null);
        assertThat(changed.cached()).isFalse();
        assertThat(changed.train().pixel(3, 64)).as("green plane of the new picture, the first red one").isEqualTo(255);
        assertThat(FolderReader.read(root, settings, cache(), null).cached()).isTrue();
        Files.setLastModifiedTime(picture, FileTime.fromMillis(Files.getLastModifiedTime(picture).toMillis() - 5_000));
        assertThat(FolderReader.read(root, settings, cache(), null).cached()).isFalse();
        PictureFolders.picture(root.resolve("test/blue/new.png"), "png", PictureFolders.solid(8, 8, Color.BLUE));
        FolderData added = FolderReader.read(root, settings, cache(), null);
        assertThat(added.cached()).isFalse();
        assertThat(added.test().count()).isEqualTo(3);
    }

    @Test
    void aDamagedCacheFileIsDecodedAgainNotTrusted() throws IOException {
        FolderData first = FolderReader.read(root, settings, cache(), null);
        Path file = cacheFiles().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;                 // one flipped pixel bit: the checksum no longer matches
        Files.write(file, bytes);
        FolderCache cache = cache();
        FolderData again = FolderReader.read(root, settings, cache, null);
        assertThat(again.cached()).isFalse();
        assertSameRows(first, again);
        assertThat(cache.problems()).singleElement().asString().contains("damaged cache file");
        Files.write(file, new byte[] {1, 2, 3});         // truncated
        assertThat(FolderReader.read(root, settings, cache(), null).cached()).isFalse();
        assertThat(FolderReader.read(root, settings, cache(), null).cached()).as("rewritten whole").isTrue();
    }
}
