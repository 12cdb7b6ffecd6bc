package digitnet.data.folder;

import digitnet.data.InvalidSettingException;

/**
 * How a folder of pictures becomes a data set.
 *
 * @param channels      0: auto (3 when any picture has colour, else 1), or 1 (grey) or 3 (colour)
 * @param width         the size every picture is brought to, or 0: the most common size
 * @param height        with width; 0 with it
 * @param skipBad       go on without bad pictures (counted in one line) instead of refusing the folder
 * @param threads       decoding threads, at least 1
 */
public record FolderSettings(int channels, int width, int height, boolean skipBad, int threads) {
    /** The largest side a picture is brought to. */
    public static final int MAX_SIDE = 4096;

    public FolderSettings {
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new InvalidSettingException("FolderSettings", "channels", "must be auto (0), 1 or 3, got " + channels);
        }
        if ((width == 0) != (height == 0) || width < 0 || height < 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new InvalidSettingException("FolderSettings", "size", "must be 1.." + MAX_SIDE + " a side, got "
                    + width + "x" + height);
        }
        if (threads < 1) {
            throw new InvalidSettingException("FolderSettings", "threads", "must be at least 1, got " + threads);
        }
    }

    /** Auto channels, the most common size, bad pictures refused, one thread per core. */
    public static FolderSettings standard() {
        return new FolderSettings(0, 0, 0, false, Runtime.getRuntime().availableProcessors());
    }

    /** Whether the size is given rather than the most common one. */
    public boolean sized() {
        return width > 0;
    }

    /** What changes the data set made from the same files: the part of the cache key that is not the files. */
    String key() {
        return "channels=" + channels + " size=" + width + "x" + height + " skipBad=" + skipBad;
    }
}
