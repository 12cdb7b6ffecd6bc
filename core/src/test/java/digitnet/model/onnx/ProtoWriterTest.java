package digitnet.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The wire format on cases worked by hand from https://protobuf.dev/programming-guides/encoding/. */
class ProtoWriterTest {
    static String hex(ProtoWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    @Test
    void varintsAreSevenBitsAtATimeLowFirst() {
        assertThat(hex(new ProtoWriter().int64(1, 150))).isEqualTo("089601");          // the guide's example
        assertThat(hex(new ProtoWriter().int64(1, 0))).isEqualTo("0800");
        assertThat(hex(new ProtoWriter().int64(2, 300))).isEqualTo("10ac02");
        assertThat(hex(new ProtoWriter().int64(1, -1))).isEqualTo("08ffffffffffffffffff01");   // ten bytes
        assertThat(hex(new ProtoWriter().int64(20, 7))).isEqualTo("a00107");            // key 20 << 3 = 160: two bytes
    }

    @Test
    void stringsAndMessagesAreLengthDelimited() {
        assertThat(hex(new ProtoWriter().string(2, "testing"))).isEqualTo("120774657374696e67");
        ProtoWriter inner = new ProtoWriter().int64(1, 150);
        assertThat(hex(new ProtoWriter().message(3, inner))).isEqualTo("1a03089601");
    }

    @Test
    void floatsAreFourLittleEndianBytes() {
        assertThat(hex(new ProtoWriter().float32(2, 1.0f))).isEqualTo("150000803f");
        assertThat(hex(new ProtoWriter().float32(2, -2.5f))).isEqualTo("15000020c0");
    }

    @Test
    void unpackedRepeatedFieldsRepeatTheKey() {
        assertThat(hex(new ProtoWriter().int64s(8, 3, 3))).isEqualTo("40034003");
        assertThat(hex(new ProtoWriter().int64s(1, -1, 784)).substring(0, 22)).isEqualTo("08ffffffffffffffffff01");
        assertThat(hex(new ProtoWriter().int64s(1, -1, 784)).substring(22)).isEqualTo("089006");
    }

    @Test
    void aRawFloatTensorIsLittleEndian() {
        byte[] t = OnnxProto.floatTensor("w", new long[] {2}, new float[] {1f, -2.5f}).toByteArray();
        // dims 2, data_type FLOAT, name "w", raw_data 8 bytes
        assertThat(HexFormat.of().formatHex(t)).isEqualTo("0802" + "1001" + "420177" + "4a08" + "0000803f" + "000020c0");
    }

    @Test
    void aTensorWhoseValuesDoNotFillItsDimsIsRefused() {
        assertThatThrownBy(() -> OnnxProto.floatTensor("w", new long[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w").hasMessageContaining("5 values");
    }
}
