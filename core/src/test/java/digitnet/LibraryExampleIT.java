package digitnet;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.ProjectCopy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/library.md opens with a Java program; a separate Maven project that depends on what
 * {@code mvn install} installs compiles and runs it as written. As a user would: {@code mvn install
 * -DskipTests} in a copy of this project (its pom and main sources), then {@code mvn compile exec:exec}
 * in the user's project. Both use a temporary local repository that links to the user's for
 * everything else, so that nothing is installed into the user's. Runs after {@code package}, in
 * {@code mvn verify}.
 */
class LibraryExampleIT {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");
    private static final String GROUP_PATH = "dev/digitnet/digitnet";

    private final Path projectDir = Path.of(System.getProperty("digitnet.project.dir"));
    private final String version = System.getProperty("digitnet.artifact.version");
    private final Path mvn = Path.of(System.getProperty("digitnet.maven.home"), "bin", "mvn");
    private final Path userRepo = Path.of(System.getProperty("digitnet.maven.repo"));

    @Test
    void theOpeningProgramOfTheLibraryPageCompilesAndRunsAgainstWhatMvnInstallInstalls(@TempDir Path tmp)
            throws IOException, InterruptedException {
        String page = Files.readString(projectDir.resolve("docs/library.md"));
        Matcher block = JAVA_BLOCK.matcher(page);
        assertThat(block.find()).as("docs/library.md has a java code block").isTrue();
        assertThat(page.substring(0, block.start())).as("the page opens with the program, before any section")
                .doesNotContain("\n## ").doesNotContain("```");
        String program = block.group(1);
        Matcher name = CLASS_NAME.matcher(program);
        assertThat(name.find()).as("the program declares a public class").isTrue();

        Path repo = tmp.resolve("repo");
        linkUserRepository(repo);
        Path copy = tmp.resolve("digitnet");
        ProjectCopy.make(projectDir, copy);
        run(copy.resolve("core"), List.of(mvn.toString(), "-B", "-q", "-Dstyle.color=never", "-Dmaven.repo.local=" + repo,
                "install", "-DskipTests"));
        Path installed = repo.resolve(GROUP_PATH).resolve(version);
        assertThat(installed.resolve("digitnet-" + version + ".jar")).exists();
        assertThat(installed.resolve("digitnet-" + version + "-sources.jar")).exists();
        assertThat(installed.resolve("digitnet-" + version + "-javadoc.jar")).exists();
        assertThat(Files.readString(installed.resolve("digitnet-" + version + ".pom")))
                .as("the installed pom names the library's compile dependencies")
                .contains("<artifactId>picocli</artifactId>", "<artifactId>jackson-databind</artifactId>",
                        "<artifactId>xchart</artifactId>");

        Path project = tmp.resolve("user-project");
        Path source = project.resolve("src/main/java/" + name.group(1) + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, program);
        Files.writeString(project.resolve("pom.xml"), userPom(name.group(1)));
        // not offline: the exec plugin may be new to the user's repository (Maven Central fills the gap, once)
        String out = run(project, List.of(mvn.toString(), "-B", "-q", "-Dstyle.color=never", "-Dmaven.repo.local=" + repo,
                "compile", "org.codehaus.mojo:exec-maven-plugin:3.5.0:exec"));
        System.out.println(out);

        assertThat(out).contains("epoch 3: dev accuracy 0.9");
        assertThat(Pattern.compile("image \\d: label (\\d), predicted \\1 ").matcher(out).results().count())
                .as("most of the five digits are read right:%n%s", out).isGreaterThanOrEqualTo(4);
        assertThat(project.resolve("first-model.safetensors")).exists();
    }

    /**
     * A local repository that is the user's, entry by entry through symbolic links, except that
     * dev/digitnet/digitnet is a folder of its own: the install writes there and nowhere else.
     */
    private void linkUserRepository(Path repo) throws IOException {
        Path from = userRepo, to = repo;
        Files.createDirectories(to);
        for (String segment : GROUP_PATH.split("/")) {
            if (Files.isDirectory(from)) {
                try (Stream<Path> entries = Files.list(from)) {
                    for (Path e : (Iterable<Path>) entries::iterator) {
                        if (!e.getFileName().toString().equals(segment)) {
                            Files.createSymbolicLink(to.resolve(e.getFileName().toString()), e);
                        }
                    }
                }
            }
            from = from.resolve(segment);
            to = to.resolve(segment);
            Files.createDirectories(to);
        }
    }

    private String userPom(String mainClass) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>uses-digitnet</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>dev.digitnet</groupId>
                      <artifactId>digitnet</artifactId>
                      <version>VERSION</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.13.0</version>
                      </plugin>
                      <plugin>
                        <groupId>org.codehaus.mojo</groupId>
                        <artifactId>exec-maven-plugin</artifactId>
                        <version>3.5.0</version>
                        <configuration>
                          <executable>java</executable>
                          <arguments>
                            <argument>--add-modules</argument>
                            <argument>jdk.incubator.vector</argument>
                            <argument>-classpath</argument>
                            <classpath/>
                            <argument>MAIN</argument>
                          </arguments>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.replace("VERSION", version).replace("MAIN", mainClass);
    }

    /** Runs a command in {@code dir}; returns its output, or fails with it. */
    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir.getParent() == null ? dir : dir.getParent(), "run", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done && p.exitValue() == 0).as("%s%nexited %s:%n%s", command, done ? p.exitValue() : "(timed out)", out)
                .isTrue();
        return out;
    }
}
