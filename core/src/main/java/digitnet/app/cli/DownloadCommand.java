package digitnet.app.cli;

import digitnet.data.download.Catalogue;
import digitnet.data.download.DownloadCache;
import digitnet.data.download.DownloadSettings;
import digitnet.data.download.Downloader;
import digitnet.data.download.FileNames;
import digitnet.data.download.FileSpec;
import digitnet.data.download.KnownDataset;
import digitnet.data.download.Mirrors;
import digitnet.model.OutputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code digitnet download}: fetch a data set or a file, verified against its published checksum. */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetch a standard data set, or any file, and keep it only if it matches its published checksum.",
                "NAME (mnist, fashion-mnist, kmnist) fetches the four IDX .gz files into DIR/NAME/, checked against "
                        + "their published MD5 and size; then 'digitnet train --data NAME' reads them. "
                        + "--url URL --sha256 HEX fetches one file into DIR under the URL's file name.",
                "Files already present are verified and not fetched again. Exit code 3 when a file fails its "
                        + "checksum or no mirror gives it."})
public final class DownloadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Data set: mnist, fashion-mnist or kmnist.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Download folder. Default: $XDG_CACHE_HOME/digitnet, or ~/.cache/digitnet.")
    Path dir;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "A mirror to try instead of the well-known ones (repeat for several, tried in order); "
                    + "a file's URL is the mirror followed by its name.")
    List<URI> mirrors = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", description = "Fetch this one file (http or https) instead of a data set.")
    URI url;

    @Option(names = "--sha256", paramLabel = "HEX", description = "SHA-256 the --url file must have (64 hex digits).")
    String sha256;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait for a connection, and longest silence within a transfer, before the next "
                    + "attempt or mirror. Default: ${DEFAULT-VALUE}.")
    double timeout;

    @Option(names = {"-q", "--quiet"}, description = "Print only the final line.")
    boolean quiet;

    @Mixin CommonOptions common;

    /** The data sets known by name (tests add their own). */
    Catalogue catalogue = Catalogue.standard();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        checkOptions();
        Path root = dir != null ? dir : DownloadCache.defaultRoot();
        DownloadProgress.Mode mode = quiet ? DownloadProgress.Mode.QUIET
                : System.console() != null ? DownloadProgress.Mode.BAR : DownloadProgress.Mode.LINES;
        Downloader downloader = new Downloader(DownloadSettings.defaults().withTimeout(
                Duration.ofMillis(Math.round(timeout * 1000))), new DownloadProgress(out, mode));
        try {
            if (name != null) {
                KnownDataset set = catalogue.find(name);
                if (set == null) {
                    throw new UsageException("unknown data set \"" + name + "\"; known: "
                            + String.join(", ", catalogue.names()));
                }
                List<Path> files = downloader.fetch(set, mirrors, root);
                out.println(name + ": " + files.size() + " files verified in " + root.resolve(name));
            } else {
                FileSpec file = FileSpec.sha256(FileNames.fromUrl(url), sha256);
                Path saved = downloader.fetch(file, List.of(url), root);
                out.println(saved + ": verified (SHA-256 " + file.sha256() + ")");
            }
        } catch (UncheckedIOException e) {
            throw new OutputException(e.getMessage(), e);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void checkOptions() {
        if ((name == null) == (url == null)) {
            throw new UsageException("give a data set NAME or --url URL (one of them)");
        }
        if (url != null && sha256 == null) {
            throw new UsageException("--url needs --sha256 HEX: a file is kept only when its checksum is known");
        }
        if (url == null && sha256 != null) {
            throw new UsageException("--sha256 goes with --url");
        }
        if (url != null && !mirrors.isEmpty()) {
            throw new UsageException("--mirror goes with a data set NAME, not with --url");
        }
        try {
            if (url != null) {
                Mirrors.checkedUrl(url);
                FileSpec.sha256(FileNames.fromUrl(url), sha256);
            }
            if (!mirrors.isEmpty()) {
                Mirrors.checked(mirrors);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException((url != null ? "--url/--sha256: " : "--mirror: ") + e.getMessage());
        }
        if (!(timeout > 0 && timeout <= 3600)) {
            throw new UsageException("--timeout must be more than 0 and at most 3600 seconds, got " + timeout);
        }
    }
}
