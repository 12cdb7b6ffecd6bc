package digitnet.app.cli;

import digitnet.model.onnx.OnnxExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digitnet export}: a model file as an ONNX model that ONNX Runtime and other tools run. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model as an ONNX model, for ONNX Runtime and other tools.",
                "Opset " + OnnxExport.OPSET + "; input 'pixels' float32 [n, height*width] with raw values 0..255, "
                        + "output 'probabilities' float32 [n, classes]; scaling and reshaping are in the graph, "
                        + "the model's metadata in metadata_props. See docs/onnx.md."})
public final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file (from train).")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE",
            description = "The ONNX file to write (written to a temporary file, then renamed).")
    Path onnx;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        OnnxExport.Written w = OnnxExport.write(model, onnx);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s (%d bytes): ONNX opset %d, input pixels [n, %d] (0..255), output probabilities [n, %d]%n",
                w.file(), w.bytes(), OnnxExport.OPSET, w.inputs(), w.classes());
        out.flush();
        return ExitCodes.OK;
    }
}
