package digitnet.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffers wire format, as much of it as an ONNX model needs: each field is a key
 * {@code (number << 3) | wireType} as a varint, then a varint (wire type 0), four little-endian
 * bytes (wire type 5) or a varint length and that many bytes (wire type 2: strings, bytes, nested
 * messages). See https://protobuf.dev/programming-guides/encoding/.
 *
 * <p>Fields are written in the order the caller writes them; a nested message is built in a writer
 * of its own and copied in with its length.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field (int32, int64, enum); negative values take ten bytes, as protobuf writes them. */
    ProtoWriter int64(int field, long value) {
        key(field, VARINT);
        varint(value);
        return this;
    }

    /** A float field: four bytes, IEEE 754, little-endian. */
    ProtoWriter float32(int field, float value) {
        key(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    /** A repeated int64 field that onnx.proto does not declare packed: one key and value per element. */
    ProtoWriter int64s(int field, long... values) {
        for (long v : values) {
            int64(field, v);
        }
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        if (field <= 0 || field >= 1 << 29) {
            throw new IllegalArgumentException("protobuf field number " + field + " out of range");
        }
        varint(((long) field << 3) | wireType);
    }

    // seven bits at a time, low bits first; the top bit of each byte says "more follow"
    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
