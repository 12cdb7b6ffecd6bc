"""Checks an ONNX file written by `digitnet export` with the `onnx` package's own checker.

    python3 scripts/check_onnx.py model.onnx

Runs onnx.checker.check_model(full_check=True) (the format, every node against its operator
schema, and shape inference) and strict shape inference, then prints one line per fact:
ir_version, opset, the graph's input and output with their shapes, every node's operator, and
the metadata_props keys. Exits non-zero if the model is not valid ONNX.
"""
import sys

import onnx


def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def main(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    print("ir_version", model.ir_version)
    print("opset", " ".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import))
    for v in model.graph.input:
        print("input", v.name, v.type.tensor_type.elem_type, dims(v))
    for v in inferred.graph.output:
        print("output", v.name, v.type.tensor_type.elem_type, dims(v))
    print("nodes", " ".join(n.op_type for n in model.graph.node))
    print("metadata", " ".join(p.key for p in model.metadata_props))


if __name__ == "__main__":
    main(sys.argv[1])
