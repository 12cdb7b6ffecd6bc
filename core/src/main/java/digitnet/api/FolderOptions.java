package digitnet.api;

import digitnet.data.InvalidSettingException;
import java.nio.file.Path;

/**
 * How {@link Digitnet#readFolder(Path, FolderOptions, DecodeListener)} reads a folder of pictures.
 *
 * @param channels      0 for auto (3 when any picture has colour, else 1), or 1 (grey) or 3 (red, green, blue)
 * @param width         the width every picture is brought to, or 0 for the most common size
 * @param height        the height, 0 with width 0
 * @param skipBadImages go on without bad pictures (counted in a notice) instead of refusing the folder
 * @param cache         the folder the decoded rows are cached in ({@code folders/} under it), or null for no cache
 */
public record FolderOptions(int channels, int width, int height, boolean skipBadImages, Path cache) {
    /**
     * Checks the values.
     *
     * @param channels      0, 1 or 3
     * @param width         0, or 1..4096
     * @param height        0 with width 0, or 1..4096
     * @param skipBadImages whether bad pictures are skipped
     * @param cache         the cache folder, or null
     * @throws InvalidSettingException naming {@code FolderOptions.channels} or {@code FolderOptions.size}
     */
    public FolderOptions {
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new InvalidSettingException("FolderOptions", "channels", "must be 0 (auto), 1 or 3, got " + channels);
        }
        if ((width == 0) != (height == 0) || width < 0 || height < 0 || width > 4096 || height > 4096) {
            throw new InvalidSettingException("FolderOptions", "size", "must be 1..4096 a side, got " + width + "x" + height);
        }
    }

    /**
     * Auto channels, the most common size, bad pictures refused, cached under {@link Digitnet#cacheDirectory()}.
     *
     * @return the options
     */
    public static FolderOptions standard() {
        return new FolderOptions(0, 0, 0, false, Digitnet.cacheDirectory());
    }

    /**
     * The pictures as a model reads them: its channels and size.
     *
     * @param model the model the pictures are for
     * @return these options with the model's channels and size
     */
    public FolderOptions forModel(Model model) {
        return new FolderOptions(model.channels(), model.width(), model.height(), skipBadImages, cache);
    }
}
