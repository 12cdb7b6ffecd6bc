package digitnet.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The few ONNX messages an exported model needs, written with {@link ProtoWriter}. Field numbers
 * are those of onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto); each
 * builder names its message.
 */
final class OnnxProto {
    /** TensorProto.DataType. */
    static final int FLOAT = 1;
    static final int INT64 = 7;

    /** AttributeProto.AttributeType. */
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private OnnxProto() {}

    /** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian float32). */
    static ProtoWriter floatTensor(String name, long[] dims, float[] values) {
        requireCount(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return new ProtoWriter().int64s(1, dims).int64(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** TensorProto of int64 (shapes for Reshape): raw_data little-endian int64. */
    static ProtoWriter int64Tensor(String name, long[] dims, long[] values) {
        requireCount(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return new ProtoWriter().int64s(1, dims).int64(2, INT64).string(8, name).bytes(9, raw.array());
    }

    private static void requireCount(String name, long[] dims, int count) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException("tensor " + name + ": " + count + " values for dims of " + n);
        }
    }

    /** AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20. */
    static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(1, name).int64(3, value).int64(20, ATTR_INT);
    }

    static ProtoWriter intsAttribute(String name, long... values) {
        return new ProtoWriter().string(1, name).int64s(8, values).int64(20, ATTR_INTS);
    }

    static ProtoWriter floatAttribute(String name, float value) {
        return new ProtoWriter().string(1, name).float32(2, value).int64(20, ATTR_FLOAT);
    }

    /** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. */
    static ProtoWriter node(String opType, String name, String[] inputs, String output, ProtoWriter... attributes) {
        ProtoWriter w = new ProtoWriter();
        for (String in : inputs) {
            w.string(1, in);
        }
        w.string(2, output).string(3, name).string(4, opType);
        for (ProtoWriter a : attributes) {
            w.message(5, a);
        }
        return w;
    }

    /**
     * ValueInfoProto (name = 1, type = 2) of a float tensor: TypeProto.tensor_type = 1 holds
     * elem_type = 1 and shape = 2; TensorShapeProto.dim = 1 holds dim_value = 1 or dim_param = 2.
     * A dimension given as a string is symbolic (the batch size), a number is fixed.
     */
    static ProtoWriter floatValueInfo(String name, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof String param) {
                dim.string(2, param);
            } else {
                dim.int64(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, FLOAT).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    /**
     * ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6,
     * graph = 7, opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2), metadata_props =
     * 14 (StringStringEntryProto: key = 1, value = 2).
     */
    static byte[] model(long irVersion, long opset, String producerVersion, String docString,
                        ProtoWriter graph, Map<String, String> metadata) {
        ProtoWriter m = new ProtoWriter()
                .int64(1, irVersion)
                .string(2, "digitnet")
                .string(3, producerVersion)
                .string(6, docString)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").int64(2, opset));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        return m.toByteArray();
    }
}
