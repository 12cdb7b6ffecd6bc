package digitnet.data.download;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A data set fetched by name: its files and the mirrors that serve them, tried in order. A
 * file's URL is a mirror followed by the file's name.
 */
public record KnownDataset(String name, List<URI> mirrors, List<FileSpec> files) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public KnownDataset {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("data set name must be lowercase letters, digits and '-', got \"" + name + "\"");
        }
        mirrors = Mirrors.checked(mirrors);
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + ": a data set needs at least one file");
        }
        if (new HashSet<>(files.stream().map(FileSpec::name).toList()).size() != files.size()) {
            throw new IllegalArgumentException(name + ": two files share a name");
        }
    }

    /** The file called {@code fileName}, or null. */
    public FileSpec file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst().orElse(null);
    }
}
