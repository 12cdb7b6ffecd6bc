package digitnet.data.folder;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a folder of pictures, without decoding any: one subfolder per class (the class is the
 * subfolder's name, classes in sorted order, pictures found at any depth below it), or {@code train/}
 * with {@code test/} (or {@code val/}) each holding the same class subfolders. Symbolic links are not
 * followed out of the folder: one leading outside is refused; one to a file inside is read.
 *
 * @param root         the folder given
 * @param classes      the class names, sorted
 * @param train        the pictures trained on (or all of them)
 * @param test         the untouched test pictures of a train/test folder, or null
 * @param skipped      files that are no pictures by their name, with the first of them
 * @param badLinks     symbolic links leading out of the folder (refused unless bad pictures are skipped)
 * @param entries      every file seen, as (relative path, size, modification time): what the cache is keyed by
 */
public record FolderScan(Path root, List<String> classes, Part train, Part test, int skipped, String firstSkipped,
                         List<String> badLinks, List<String> entries) {

    /** The picture extensions read, as torchvision's ImageFolder reads them (by name, lower-cased). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** A part's pictures in order with their labels (indices into the class names). */
    public record Part(Path folder, List<Path> files, int[] labels) {}

    /** Whether {@code path} is a folder (not a link to one): what {@code --data} reads as a folder of pictures. */
    public static boolean isFolder(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path);
    }

    /** Scans {@code root}; every refusal names the folder or file, on one line. */
    public static FolderScan of(Path root) {
        Path real;
        try {
            real = root.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InputException(Names.quoted(root) + ": no such folder");
        } catch (IOException e) {
            throw new InputException(Names.quoted(root) + ": cannot read (" + e.getMessage() + ")");
        }
        Walk walk = new Walk(root, real);
        Path trainDir = root.resolve("train"), testDir = null;
        if (Files.isDirectory(trainDir, LinkOption.NOFOLLOW_LINKS)) {
            for (String name : List.of("test", "val")) {
                if (Files.isDirectory(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    testDir = root.resolve(name);
                    break;
                }
            }
        }
        if (testDir == null) {
            List<Path> classDirs = walk.classFolders(root);
            List<String> classes = names(classDirs);
            requireClasses(root, classes);
            return walk.scan(classes, walk.part(classDirs, classes), null);
        }
        List<Path> trainClasses = walk.classFolders(trainDir);
        List<String> classes = names(trainClasses);
        requireClasses(trainDir, classes);
        List<Path> testClasses = walk.classFolders(testDir);
        for (Path t : testClasses) {
            if (!classes.contains(t.getFileName().toString())) {
                throw new InputException(Names.quoted(t) + ": class folder not in " + Names.quoted(trainDir)
                        + ", whose classes are " + classes);
            }
        }
        if (testClasses.isEmpty()) {
            throw new InputException(Names.quoted(testDir) + ": holds no class folders");
        }
        return walk.scan(classes, walk.part(trainClasses, classes), walk.part(testClasses, classes));
    }

    /** Pictures in the train part and the test part. */
    public int pictures() {
        return train.files.size() + (test == null ? 0 : test.files.size());
    }

    private static List<String> names(List<Path> dirs) {
        List<String> names = new ArrayList<>();
        for (Path d : dirs) {
            names.add(d.getFileName().toString());
        }
        return names;
    }

    private static void requireClasses(Path folder, List<String> classes) {
        if (classes.isEmpty()) {
            throw new InputException(Names.quoted(folder) + ": holds no class folders; expected one subfolder of pictures per class");
        }
        if (classes.size() == 1) {
            throw new InputException(Names.quoted(folder) + ": holds a single class folder (" + Names.oneLine(classes.get(0))
                    + "); a classifier needs at least 2 classes");
        }
    }

    /** The walk: counts what it skips, refuses links out of the folder, records every file for the cache key. */
    private static final class Walk {
        final Path root, real;
        int skipped;
        String firstSkipped;
        final List<String> badLinks = new ArrayList<>();
        final List<String> entries = new ArrayList<>();

        Walk(Path root, Path real) {
            this.root = root;
            this.real = real;
        }

        FolderScan scan(List<String> classes, Part train, Part test) {
            return new FolderScan(root, List.copyOf(classes), train, test, skipped, firstSkipped, List.copyOf(badLinks),
                    List.copyOf(entries));
        }

        /** The subfolders of {@code dir}, sorted by name (links are not class folders). */
        List<Path> classFolders(Path dir) {
            List<Path> dirs = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted(Comparator.comparing(Path::toString)).toList()) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        String name = p.getFileName().toString();
                        String problem = Dataset.classNameProblem(name);
                        if (problem != null) {
                            throw new InputException(Names.quoted(p) + ": class folder name " + problem);
                        }
                        dirs.add(p);
                    } else {
                        visitOther(p);
                    }
                }
            } catch (IOException e) {
                throw new InputException(Names.quoted(dir) + ": cannot list (" + e.getMessage() + ")");
            }
            return dirs;
        }

        Part part(List<Path> classDirs, List<String> classes) {
            List<Path> files = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (Path dir : classDirs) {
                int label = classes.indexOf(dir.getFileName().toString());
                List<Path> found = pictures(dir);
                if (found.isEmpty()) {
                    throw new InputException(Names.quoted(dir) + ": class folder holds no PNG, JPEG, BMP or GIF pictures");
                }
                for (Path f : found) {
                    files.add(f);
                    labels.add(label);
                }
            }
            return new Part(classDirs.isEmpty() ? root : classDirs.get(0).getParent(), List.copyOf(files),
                    labels.stream().mapToInt(Integer::intValue).toArray());
        }

        /** The pictures at any depth under {@code dir}, sorted by path. */
        private List<Path> pictures(Path dir) {
            List<Path> found = new ArrayList<>();
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {      // no FOLLOW_LINKS: links are seen as links
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isSymbolicLink()) {
                            link(file, found);
                        } else if (attrs.isRegularFile() && isPicture(file)) {
                            record(file, attrs);
                            found.add(file);
                        } else {
                            visitOther(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        throw new InputException(Names.quoted(file) + ": cannot read (" + e.getMessage() + ")");
                    }
                });
            } catch (IOException e) {
                throw new InputException(Names.quoted(dir) + ": cannot read (" + e.getMessage() + ")");
            }
            found.sort(Comparator.comparing(Path::toString));
            return found;
        }

        /** A link: refused when it leads out of the folder (or nowhere), read when it leads to a picture inside. */
        private void link(Path file, List<Path> found) throws IOException {
            Path target;
            try {
                target = file.toRealPath();
            } catch (IOException e) {
                badLinks.add(Names.quoted(file) + ": symbolic link to nothing (" + e.getMessage() + "); not followed");
                return;
            }
            if (!target.startsWith(real)) {
                badLinks.add(Names.quoted(file) + ": symbolic link leading out of " + Names.quoted(root) + " (to "
                        + Names.quoted(target) + "); not followed");
                return;
            }
            if (Files.isRegularFile(target) && isPicture(file)) {
                record(file, Files.readAttributes(target, BasicFileAttributes.class));
                found.add(file);
            } else {
                visitOther(file);
            }
        }

        private void visitOther(Path file) {
            if (Files.isSymbolicLink(file)) {
                try {
                    if (!file.toRealPath().startsWith(real)) {
                        badLinks.add(Names.quoted(file) + ": symbolic link leading out of " + Names.quoted(root)
                                + "; not followed");
                        return;
                    }
                } catch (IOException e) {
                    badLinks.add(Names.quoted(file) + ": symbolic link to nothing; not followed");
                    return;
                }
            }
            skipped++;
            if (firstSkipped == null) {
                firstSkipped = Names.quoted(file);
            }
            try {
                record(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                entries.add(root.relativize(file) + "\t?");
            }
        }

        private void record(Path file, BasicFileAttributes attrs) {
            entries.add(root.relativize(file) + "\t" + attrs.size() + "\t" + attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        }
    }

    static boolean isPicture(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
