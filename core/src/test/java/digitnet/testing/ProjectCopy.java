package digitnet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A copy of the project as a clone has it for building the core: core/pom.xml, its main sources and resources, and given files. */
public final class ProjectCopy {
    private ProjectCopy() {}

    /** Copies core/pom.xml, core/src/main and {@code files} (paths relative to the project, attributes kept) into {@code to}. */
    public static void make(Path project, Path to, String... files) throws IOException {
        Files.createDirectories(to.resolve("core"));
        Files.copy(project.resolve("core/pom.xml"), to.resolve("core/pom.xml"));
        for (String f : files) {
            Files.copy(project.resolve(f), to.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path from = project.resolve("core/src/main");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path target = to.resolve("core/src/main").resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
