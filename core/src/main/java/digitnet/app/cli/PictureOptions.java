package digitnet.app.cli;

import digitnet.api.DecodeListener;
import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.FolderOptions;
import digitnet.api.Model;
import digitnet.api.PictureFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How a folder of pictures given to {@code --data} is read (a picocli mixin). */
public final class PictureOptions {
    @Option(names = "--channels", paramLabel = "auto|1|3", defaultValue = "auto",
            description = "For a folder of pictures: 3 (colour), 1 (grey), or auto: 3 when any picture has colour. "
                    + "With a model: the model's. Default: ${DEFAULT-VALUE}.")
    String channels;

    @Option(names = "--image-size", paramLabel = "WxH",
            description = "For a folder of pictures: the size every picture is brought to. Default: the most common "
                    + "size (with a model: the model's).")
    String imageSize;

    @Option(names = "--skip-bad-images",
            description = "For a folder of pictures: go on without corrupt, truncated or too large pictures and links "
                    + "leading out of the folder, counted in one line, instead of refusing the folder.")
    boolean skipBad;

    @Option(names = "--no-cache",
            description = "For a folder of pictures: decode every picture, neither reading nor writing the cache of "
                    + "decoded rows (kept under the --data-dir folder: $XDG_CACHE_HOME/digitnet or ~/.cache/digitnet).")
    boolean noCache;

    /** Whether {@code data} is a folder of pictures rather than a data file or data set name. */
    static boolean isFolder(Path data) {
        return data != null && Files.isDirectory(data);
    }

    /**
     * Reads the folder {@code data}, as {@code model} reads pictures when it is not null; the notices
     * and a progress bar go to {@code err}.
     */
    PictureFolder read(Path data, Path cacheRoot, Model model, PrintWriter err) {
        int c = parseChannels();
        int[] size = parseSize();
        if (model != null) {
            if (c != 0 && c != model.channels()) {
                throw new UsageException("--channels " + c + " differs from the model's " + model.channels());
            }
            if (size != null && (size[0] != model.width() || size[1] != model.height())) {
                throw new UsageException("--image-size " + imageSize + " differs from the model's "
                        + model.width() + "x" + model.height());
            }
            c = model.channels();
            size = new int[] {model.width(), model.height()};
        }
        Path cache = noCache ? null : cacheRoot != null ? cacheRoot : Digitnet.cacheDirectory();
        FolderOptions options = new FolderOptions(c, size == null ? 0 : size[0], size == null ? 0 : size[1], skipBad, cache);
        long t0 = System.nanoTime();
        PictureFolder folder = Digitnet.readFolder(data, options,
                err == null || System.console() == null ? DecodeListener.NONE : bar(err));
        if (err != null) {
            for (String notice : folder.notices()) {
                err.println(notice);
            }
            err.printf(Locale.ROOT, "%s: %d pictures%s, %s, %d classes, read in %.2f s%s%n", data,
                    folder.train().count() + folder.test().map(t -> t.count()).orElse(0),
                    folder.test().map(t -> " (" + t.count() + " test)").orElse(""), folder.train().shape(),
                    folder.train().classes(), (System.nanoTime() - t0) / 1e9, folder.cached() ? " from the cache" : "");
            err.flush();
        }
        return folder;
    }

    /** The pictures a model has not seen in a folder: its test part, or all of a folder without one. */
    Digits unseen(Path data, Path labels, Model model, PrintWriter err) {
        if (labels != null) {
            throw new UsageException("--labels goes with IDX images, not with the folder of pictures " + data);
        }
        PictureFolder folder = read(data, null, model, err);
        return folder.test().orElse(folder.train());
    }

    /** On a terminal, a bar on stderr, redrawn at most every 2%: "decoding pictures [#####     ] 512/1024". */
    private static DecodeListener bar(PrintWriter err) {
        return new DecodeListener() {
            private int shown = -1;

            @Override
            public synchronized void decoded(int done, int total) {
                int percent = (int) (100L * done / total);
                if (percent / 2 == shown && done != total) {
                    return;
                }
                shown = percent / 2;
                String bar = "#".repeat(percent / 4) + " ".repeat(25 - percent / 4);
                err.print("\rdecoding pictures [" + bar + "] " + done + "/" + total + (done == total ? "\n" : ""));
                err.flush();
            }
        };
    }

    private int parseChannels() {
        return switch (channels.toLowerCase(Locale.ROOT)) {
            case "auto" -> 0;
            case "1" -> 1;
            case "3" -> 3;
            default -> throw new UsageException("--channels must be auto, 1 or 3, got " + channels);
        };
    }

    private int[] parseSize() {
        if (imageSize == null) {
            return null;
        }
        String[] parts = imageSize.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]), h = Integer.parseInt(parts[1]);
                if (w >= 1 && h >= 1 && w <= 4096 && h <= 4096) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("--image-size must be WxH, each 1..4096 (e.g. 32x32), got " + imageSize);
    }
}
