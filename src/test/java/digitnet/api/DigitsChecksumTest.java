package digitnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A data set's checksum is what a model trained on it records, and depends on the content only. */
class DigitsChecksumTest {

    @Test
    void theChecksumIsTheOneTheTrainedModelRecordsAndFollowsTheContent() {
        Digits some = Digitnet.sample().first(1_200);
        String sum = some.contentSha256();
        assertThat(sum).matches("[0-9a-f]{64}").isEqualTo(some.contentSha256());
        assertThat(Digitnet.sample().first(1_200).contentSha256()).as("another load of the same rows").isEqualTo(sum);
        assertThat(Digitnet.sample().first(1_199).contentSha256()).as("one row fewer").isNotEqualTo(sum);

        Model m = Digitnet.train(some, Settings.quick().withMiniBatches(64, 1).withHeldOut(200, 0));
        assertThat(m.training().get("data_content_sha256")).isEqualTo(sum);
    }
}
