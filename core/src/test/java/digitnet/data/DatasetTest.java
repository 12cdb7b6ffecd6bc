package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dataset's checks at the edges, subsets, the Fisher-Yates shuffle against the JDK's, the content checksum. */
class DatasetTest {
    private static Dataset twoByThree(int[] labels) {
        byte[] px = new byte[labels.length * 6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        return new Dataset(px, labels, labels.length, 2, 3, 3, "six");
    }

    @Test
    void shapesAndLabelsAreCheckedAtTheirEdges() {
        assertThatThrownBy(() -> new Dataset(new byte[0], null, -1, 2, 3, 3, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dataset(new byte[0], null, 0, 0, 3, 3, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dataset(new byte[0], null, 0, 2, 0, 3, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dataset(new byte[0], null, 0, 2, 3, 1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new Dataset(new byte[0], null, 0, 1, 1, 2, "x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Dataset(new byte[5], null, 1, 2, 3, 3, "x")).hasMessageContaining("expected 6");
        assertThatThrownBy(() -> new Dataset(new byte[12], new int[] {0}, 2, 2, 3, 3, "x"))
                .hasMessageContaining("1 labels for 2 images");
        assertThatThrownBy(() -> twoByThree(new int[] {0, 3})).hasMessageContaining("label 3 of image 1");
        assertThatThrownBy(() -> twoByThree(new int[] {-1, 0})).hasMessageContaining("label -1 of image 0");
        assertThatCode(() -> twoByThree(new int[] {0, 2})).doesNotThrowAnyException();
    }

    @Test
    void subsetCopiesTheChosenImagesAndLabelsInOrder() {
        Dataset d = twoByThree(new int[] {0, 1, 2, 1});
        Dataset s = d.subset(new int[] {3, 0}, "picked");
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.labels()).containsExactly(1, 0);
        assertThat(s.source()).isEqualTo("picked");
        for (int j = 0; j < 6; j++) {
            assertThat(s.pixel(0, j)).isEqualTo(d.pixel(3, j));
            assertThat(s.pixel(1, j)).isEqualTo(d.pixel(0, j));
        }
        assertThat(d.pixel(1, 2)).isEqualTo((8 * 37) & 0xFF);          // read unsigned: 296 & 255 = 40
        assertThat(d.pixel(1, 1)).isEqualTo((7 * 37) & 0xFF);          // 259 -> 3
        Dataset unlabelled = new Dataset(d.pixels(), null, 4, 2, 3, 3, "u").subset(new int[] {1}, "one");
        assertThat(unlabelled.labelled()).isFalse();
        assertThat(unlabelled.features()).isEqualTo(6);
        assertThat(unlabelled.shape()).isEqualTo("2x3");
    }

    @Test
    void permutationIsTheJdksFisherYatesShuffle() {
        for (int n : new int[] {0, 1, 2, 10, 257}) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            Random jdk = new Random(n + 5L), ours = new Random(n + 5L);
            Collections.shuffle(expected, jdk);  // the same algorithm: swap i-1 with nextInt(i), i from n down to 2
            int[] p = Dataset.permutation(n, ours);
            assertThat(p).as("n = %d", n).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            // and it takes as many draws (n - 1), so whatever the stream gives next is the same too
            assertThat(ours.nextLong()).as("the draw after, n = %d", n).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void shuffleTouchesOnlyTheFirstNEntries() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Dataset.shuffle(a, 6, new Random(1));
        assertThat(a).endsWith(6, 7, 8, 9);
        assertThat(java.util.Arrays.copyOf(a, 6)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void theChecksumCoversShapeLabelsAndPixelsButNotTheName() {
        Dataset d = twoByThree(new int[] {0, 1});
        String sum = d.contentSha256();
        assertThat(sum).hasSize(64).isEqualTo(new Dataset(d.pixels().clone(), new int[] {0, 1}, 2, 2, 3, 3, "other").contentSha256());
        assertThat(new Dataset(d.pixels(), new int[] {0, 2}, 2, 2, 3, 3, "six").contentSha256()).isNotEqualTo(sum);
        assertThat(new Dataset(d.pixels(), new int[] {0, 1}, 2, 3, 2, 3, "six").contentSha256()).isNotEqualTo(sum);
        assertThat(new Dataset(d.pixels(), new int[] {0, 1}, 2, 2, 3, 4, "six").contentSha256()).isNotEqualTo(sum);
        assertThat(new Dataset(d.pixels(), null, 2, 2, 3, 3, "six").contentSha256()).isNotEqualTo(sum);
        byte[] changed = d.pixels().clone();
        changed[11]++;
        assertThat(new Dataset(changed, new int[] {0, 1}, 2, 2, 3, 3, "six").contentSha256()).isNotEqualTo(sum);
    }
}
