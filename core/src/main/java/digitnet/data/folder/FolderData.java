package digitnet.data.folder;

import digitnet.data.Dataset;
import java.util.List;

/**
 * A folder of pictures read: the rows trained on, the untouched test rows of a train/test folder, and
 * the lines that say what was skipped or changed on the way.
 *
 * @param train     all pictures, or those under {@code train/}
 * @param test      those under {@code test/} (or {@code val/}), or null
 * @param notices   one line each: files skipped, pictures resized, bad pictures skipped
 * @param cached    whether the rows came from the cache rather than from decoding
 */
public record FolderData(Dataset train, Dataset test, List<String> notices, boolean cached) {
    public FolderData {
        notices = List.copyOf(notices);
    }
}
