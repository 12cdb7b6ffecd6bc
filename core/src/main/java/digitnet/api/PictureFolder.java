package digitnet.api;

import java.util.List;
import java.util.Optional;

/**
 * A folder of pictures read by {@link Digitnet#readFolder}: one subfolder per class, or {@code train/}
 * and {@code test/} (or {@code val/}) with the class subfolders in each.
 */
public final class PictureFolder {
    private final Digits train;
    private final Digits test;
    private final List<String> notices;
    private final boolean cached;

    PictureFolder(Digits train, Digits test, List<String> notices, boolean cached) {
        this.train = train;
        this.test = test;
        this.notices = List.copyOf(notices);
        this.cached = cached;
    }

    /** @return every picture, or those under {@code train/} of a train/test folder */
    public Digits train() {
        return train;
    }

    /** @return the untouched test pictures under {@code test/} (or {@code val/}), when the folder has them */
    public Optional<Digits> test() {
        return Optional.ofNullable(test);
    }

    /**
     * @return one line each: files that are no pictures skipped, pictures resized, bad pictures skipped,
     * colour found, a damaged cache file decoded again
     */
    public List<String> notices() {
        return notices;
    }

    /** @return whether the rows came from the cache, with no picture decoded */
    public boolean cached() {
        return cached;
    }

    /** @return the class names: the class subfolders' names, sorted */
    public List<String> classNames() {
        return train.classNames();
    }
}
