package digitnet.data.folder;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Reads a folder of pictures into data sets ({@link FolderScan} for the layout): headers first (the
 * most common size, pictures too large refused before decoding), then every picture decoded in
 * parallel, resized to one size and made 1 or 3 channels, channel-major. A bad picture refuses the
 * whole folder, naming it, unless {@link FolderSettings#skipBad()}; nothing is written before every
 * picture is read. With a {@link FolderCache}, a folder whose files did not change is not decoded again.
 */
public final class FolderReader {
    /** Told how many pictures are decoded, from the decoding threads. */
    @FunctionalInterface
    public interface Listener {
        void decoded(int done, int total);
    }

    private FolderReader() {}

    /** Reads {@code root}; {@code cache} may be null (always decode). */
    public static FolderData read(Path root, FolderSettings settings, FolderCache cache, Listener listener) {
        FolderScan scan = FolderScan.of(root);
        if (!scan.badLinks().isEmpty() && !settings.skipBad()) {
            throw new InputException(scan.badLinks().get(0));
        }
        String key = cache == null ? null : FolderCache.key(scan, settings);
        if (cache != null) {
            FolderData hit = cache.find(scan, settings, key);
            if (hit != null) {
                return hit;
            }
        }
        FolderData read = decode(scan, settings, listener);
        if (cache != null) {
            cache.save(scan, settings, key, read);
        }
        return read;
    }

    static FolderData decode(FolderScan scan, FolderSettings settings, Listener listener) {
        List<Path> files = new ArrayList<>(scan.train().files());
        if (scan.test() != null) {
            files.addAll(scan.test().files());
        }
        int n = files.size();
        String[] bad = new String[n];
        Picture.Size[] sizes = new Picture.Size[n];
        if (!settings.sized()) {
            parallel(n, settings.threads(), i -> {
                try {
                    sizes[i] = Picture.size(files.get(i));
                } catch (InputException e) {
                    bad[i] = e.getMessage();
                }
            });
            refuseFirstBad(bad, settings);
        }
        Picture.Size target = settings.sized() ? new Picture.Size(settings.width(), settings.height()) : mostCommon(sizes);
        if (target == null) {
            throw new InputException(Names.quoted(scan.root()) + ": no readable picture");
        }
        int area = target.width() * target.height();
        int decodedChannels = settings.channels() == 1 ? 1 : 3;
        long bytes = (long) n * decodedChannels * area;
        if (bytes > Integer.MAX_VALUE - 64 || 2 * bytes > Runtime.getRuntime().maxMemory()) {
            throw new InputException(Names.quoted(scan.root()) + ": " + n + " pictures of " + target + " in " + decodedChannels
                    + " channels are " + bytes + " bytes, more than this Java heap of " + Runtime.getRuntime().maxMemory()
                    + " bytes holds twice (choose a smaller --image-size, or raise -Xmx in DIGITNET_JAVA_OPTS)");
        }
        byte[] decoded = new byte[(int) bytes];
        AtomicBoolean colour = new AtomicBoolean();
        AtomicInteger resized = new AtomicInteger(), done = new AtomicInteger();
        parallel(n, settings.threads(), i -> {
            if (bad[i] == null) {
                try {
                    BufferedImage image = Picture.decode(files.get(i));
                    if (image.getWidth() != target.width() || image.getHeight() != target.height()) {
                        resized.incrementAndGet();
                    }
                    if (settings.channels() == 0 && !colour.get() && Picture.hasColour(image)) {
                        colour.set(true);
                    }
                    Picture.pixels(image, decodedChannels, target.width(), target.height(), decoded, i * decodedChannels * area);
                } catch (InputException e) {
                    bad[i] = e.getMessage();
                }
            }
            if (listener != null) {
                listener.decoded(done.incrementAndGet(), n);
            }
        });
        refuseFirstBad(bad, settings);
        int channels = settings.channels() != 0 ? settings.channels() : colour.get() ? 3 : 1;
        List<String> notices = notices(scan, settings, bad, resized.get(), n, target, channels);
        int trainCount = scan.train().files().size();
        Dataset train = dataset(scan, scan.train(), 0, decoded, decodedChannels, channels, target, bad);
        Dataset test = scan.test() == null ? null
                : dataset(scan, scan.test(), trainCount, decoded, decodedChannels, channels, target, bad);
        return new FolderData(train, test, notices, false);
    }

    private static List<String> notices(FolderScan scan, FolderSettings settings, String[] bad, int resized, int n,
                                        Picture.Size target, int channels) {
        List<String> notices = new ArrayList<>();
        String root = Names.quoted(scan.root());
        if (scan.skipped() > 0) {
            notices.add(root + ": skipped " + scan.skipped() + " file" + (scan.skipped() == 1 ? "" : "s")
                    + " that are not PNG, JPEG, BMP or GIF pictures (the first: " + scan.firstSkipped() + ")");
        }
        int badCount = 0;
        String firstBad = null;
        for (String b : bad) {
            if (b != null) {
                badCount++;
                firstBad = firstBad == null ? b : firstBad;
            }
        }
        if (!scan.badLinks().isEmpty()) {
            badCount += scan.badLinks().size();
            firstBad = firstBad == null ? scan.badLinks().get(0) : firstBad;
        }
        if (badCount > 0) {
            notices.add(root + ": skipped " + badCount + " bad picture" + (badCount == 1 ? "" : "s")
                    + " (--skip-bad-images; the first: " + firstBad + ")");
        }
        if (resized > 0) {
            notices.add(root + ": resized " + resized + " of " + n + " pictures to " + target
                    + (settings.sized() ? " (--image-size)" : ", the most common size (--image-size to choose)"));
        }
        if (settings.channels() == 0 && channels == 3) {
            notices.add(root + ": colour pictures, read as 3 channels (--channels 1 for grey)");
        }
        return notices;
    }

    private static void refuseFirstBad(String[] bad, FolderSettings settings) {
        if (settings.skipBad()) {
            return;
        }
        for (String b : bad) {
            if (b != null) {
                throw new BadPictureException(b);
            }
        }
    }

    /** The most common size; of equally common sizes, the first met in file order. */
    private static Picture.Size mostCommon(Picture.Size[] sizes) {
        Map<Picture.Size, Integer> counts = new HashMap<>();
        Picture.Size best = null;
        for (Picture.Size s : sizes) {
            if (s != null) {
                int c = counts.merge(s, 1, Integer::sum);
                if (best == null || c > counts.get(best)) {
                    best = s;
                }
            }
        }
        return best;
    }

    /** The good pictures of one part, from {@code first} in {@code decoded}, as {@code channels} channels. */
    private static Dataset dataset(FolderScan scan, FolderScan.Part part, int first, byte[] decoded, int decodedChannels,
                                   int channels, Picture.Size size, String[] bad) {
        int area = size.width() * size.height();
        int count = 0;
        int[] perClass = new int[scan.classes().size()];
        for (int i = 0; i < part.files().size(); i++) {
            if (bad[first + i] == null) {
                count++;
                perClass[part.labels()[i]]++;
            }
        }
        int[] labels = new int[count];
        byte[] pixels = new byte[Math.toIntExact((long) count * channels * area)];
        int row = 0;
        for (int i = 0; i < part.files().size(); i++) {
            if (bad[first + i] != null) {
                continue;
            }
            labels[row] = part.labels()[i];
            int from = (first + i) * decodedChannels * area, to = row * channels * area;
            if (channels == decodedChannels) {
                System.arraycopy(decoded, from, pixels, to, channels * area);
            } else {
                for (int j = 0; j < area; j++) {       // grey from red, green, blue planes, as Picture.pixels makes it
                    int r = decoded[from + j] & 0xFF, g = decoded[from + area + j] & 0xFF, b = decoded[from + 2 * area + j] & 0xFF;
                    pixels[to + j] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
                }
            }
            row++;
        }
        if (count == 0) {
            throw new InputException(Names.quoted(part.folder()) + ": no readable picture left");
        }
        return new Dataset(pixels, labels, count, channels, size.height(), size.width(), scan.classes().size(),
                scan.classes(), Names.quoted(part.folder()));
    }

    /** Runs {@code task} for 0..n-1 on {@code threads} threads; a task's unexpected exception is thrown here. */
    private static void parallel(int n, int threads, IntConsumer task) {
        int t = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "digitnet-folder-reader");
            th.setDaemon(true);
            return th;
        });
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        task.accept(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading pictures", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
