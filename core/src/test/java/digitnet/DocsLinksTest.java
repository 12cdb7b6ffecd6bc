package digitnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation holds together: every relative link in README.md, ARCHITECTURE.md and
 * docs/*.md points to a file that exists and, when it names one, to a heading that exists (by
 * GitHub's anchor rules); and README.md stays an entrance, short with its two commands first.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final int README_MAX_LINES = 200, COMMANDS_WITHIN = 30, READ_THE_CODE_WITHIN = 120;

    // [text](target) or ![alt](target), the text possibly holding one level of brackets; an optional "title"
    static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            broken.addAll(brokenLinks(doc));
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theReadmeIsAnEntrance() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(lines.size()).as("README.md lines").isLessThanOrEqualTo(README_MAX_LINES);
        String head = String.join("\n", lines.subList(0, Math.min(COMMANDS_WITHIN, lines.size())));
        assertThat(head).as("the first %d lines of README.md", COMMANDS_WITHIN)
                .contains("./digitnet train").contains("mvn verify");
        assertThat(lines.indexOf("## Read the code")).as("line of '## Read the code'")
                .isBetween(0, READ_THE_CODE_WITHIN - 1);
    }

    @Test
    void anchorsFollowGitHubRules() {
        assertThat(slug("`./digitnet bench`")).isEqualTo("digitnet-bench");
        assertThat(slug("Kernels (JMH)")).isEqualTo("kernels-jmh");
        assertThat(slug("What `./digitnet train` does")).isEqualTo("what-digitnet-train-does");
        assertThat(slug("Crashes, full disks and stopping")).isEqualTo("crashes-full-disks-and-stopping");
        assertThat(slug("Mini-batch workload: 784-128-10, batch 64")).isEqualTo("mini-batch-workload-784-128-10-batch-64");
        assertThat(slug("The [model file](x.md) **format**")).isEqualTo("the-model-file-format");
    }

    @Test
    void aMissingFileOrHeadingIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other\n\n## Same\n\n## Same\n");
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, String.join("\n",
                "# Doc", "## A section", "",
                "[ok](other.md#same-1) [ok](#a-section) [ok](https://example.com/x#y) `[code](gone.md)`",
                "[no file](gone.md) [no heading](other.md#same-2) ![no image](pic.png) [no local](#nowhere)",
                "```", "[in a fence](gone-too.md)", "```",
                "[ref]: missing.md"));
        assertThat(brokenLinks(doc)).hasSize(5)
                .anySatisfy(s -> assertThat(s).contains("doc.md:5").contains("gone.md"))
                .anySatisfy(s -> assertThat(s).contains("other.md#same-2"))
                .anySatisfy(s -> assertThat(s).contains("pic.png"))
                .anySatisfy(s -> assertThat(s).contains("#nowhere"))
                .anySatisfy(s -> assertThat(s).contains("doc.md:9").contains("missing.md"));
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("ARCHITECTURE.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** "file:line: target (why)" for each link of {@code doc} that does not resolve. */
    static List<String> brokenLinks(Path doc) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> lines = proseLines(doc);
        for (int i = 0; i < lines.size(); i++) {
            String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("code");
            List<String> targets = new ArrayList<>();
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
            Matcher ref = REFERENCE.matcher(line);
            if (ref.matches()) {
                targets.add(ref.group(1));
            }
            for (String target : targets) {
                String why = problem(doc, target);
                if (why != null) {
                    broken.add(doc.getFileName() + ":" + (i + 1) + ": " + target + " (" + why + ")");
                }
            }
        }
        return broken;
    }

    /** Why {@code target}, linked from {@code doc}, does not resolve; null when it does or is not relative. */
    static String problem(Path doc, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null;   // http:, https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (!anchor.isEmpty() && !(resolved.toString().endsWith(".md") && anchors(resolved).contains(anchor))) {
            return "no heading with this anchor in " + resolved.getFileName();
        }
        return null;
    }

    /** The anchors GitHub gives the headings of a markdown file (duplicates get -1, -2 ...), and HTML anchors. */
    static Set<String> anchors(Path md) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(md)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String base = slug(h.group(1));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                anchors.add(a.group(1));
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: the rendered text (links reduced to their text, markup gone), lower
     * case, punctuation dropped except '-' and '_', each space a '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replaceAll("\\*+", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{Nd}\\p{Mn}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /** The lines of a markdown file with fenced code blocks blanked (their lines kept, to count). */
    static List<String> proseLines(Path md) throws IOException {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : Files.readAllLines(md)) {
            String t = line.strip();
            if (fence == null && (t.startsWith("```") || t.startsWith("~~~"))) {
                fence = t.substring(0, 3);
                lines.add("");
            } else if (fence != null) {
                if (t.startsWith(fence)) {
                    fence = null;
                }
                lines.add("");
            } else {
                lines.add(line);
            }
        }
        return lines;
    }
}
