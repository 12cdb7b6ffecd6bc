package digitnet.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** File names never come from a server unchecked, and the cache folder follows XDG. */
class FileNamesTest {
    @Test
    void theNameIsTheLastPathElementOfTheUrl() {
        assertThat(FileNames.fromUrl(URI.create("https://example.org/data/set-1.tar.gz"))).isEqualTo("set-1.tar.gz");
        assertThat(FileNames.fromUrl(URI.create("http://h/a/b.csv?token=x"))).isEqualTo("b.csv");
        // an encoded '/' decodes to a separator: the name is what follows it
        assertThat(FileNames.fromUrl(URI.create("http://h/a%2Fb.bin"))).isEqualTo("b.bin");
        assertThat(FileNames.fromUrl(URI.create("http://h/..%2F..%2Fetc%2Fpasswd"))).isEqualTo("passwd");
    }

    @Test
    void namesThatCouldLeaveTheFolderOrHideAreRefused() {
        for (String url : new String[] {"http://h/", "http://h", "http://h/dir/", "http://h/x/..", "http://h/%2e%2e",
                "http://h/.hidden", "http://h/a%00b", "http://h/a%0Ab", "http://h/C:%5Cx"}) {
            assertThatThrownBy(() -> FileNames.fromUrl(URI.create(url))).as(url).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FileNames.requireSafe("a".repeat(FileNames.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyHttpAndHttpsUrlsAreFetched() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://h/x", "jar:file:/x!/y", "http:///x", "http://user:pw@h/x"}) {
            assertThatThrownBy(() -> Mirrors.checkedUrl(URI.create(url))).as(url).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Mirrors.checked(java.util.List.of(URI.create("http://h/m")))).containsExactly(URI.create("http://h/m/"));
    }

    @Test
    void theCacheFolderFollowsXdg() {
        assertThat(DownloadCache.defaultRoot(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/digitnet"));
        assertThat(DownloadCache.defaultRoot(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/digitnet"));
        // the spec says a relative value is invalid and ignored
        assertThat(DownloadCache.defaultRoot(Map.of("XDG_CACHE_HOME", "rel"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/digitnet"));
    }

    @Test
    void theStandardCatalogueHoldsTheMnistFamily() {
        Catalogue c = Catalogue.standard();
        assertThat(c.names()).containsExactly("mnist", "fashion-mnist", "kmnist");
        for (String name : c.names()) {
            assertThat(c.find(name).files()).extracting(FileSpec::name).containsExactly(Catalogue.TRAIN_IMAGES,
                    Catalogue.TRAIN_LABELS, Catalogue.TEST_IMAGES, Catalogue.TEST_LABELS);
            assertThat(c.find(name).files()).allMatch(f -> f.size() > 0 && f.md5() != null);
        }
        assertThat(c.find("mnist").file(Catalogue.TRAIN_IMAGES).md5()).isEqualTo("f68b3c2dcbeaaa9fbdd348bbdeb94873");
        assertThatThrownBy(() -> c.with(c.find("mnist"))).isInstanceOf(IllegalArgumentException.class);
    }
}
