package digitnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Conv2d;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.train.TrainingRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a convolutional network draws the first convolution's filters, one picture per filter. */
class ReportFiltersTest {
    @TempDir Path dir;

    static Dataset firstRows(int n) {
        Dataset all = DataLoader.embeddedSample();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return all.subset(idx, "first " + n + " rows");
    }

    static Network network(List<LayerSpec> items) {
        Architecture a = Architecture.of(LayerList.of(Shape.image(28, 28), items, 10));
        return Network.initialised(a, Init.HE, 7);
    }

    static ModelInfo info(Network n) {
        return new ModelInfo(n.architecture(), 28, 28, ModelInfo.numberedLabels(10), TrainingRecord.none(), Map.of());
    }

    record Picture(String caption, BufferedImage image, int width) {}

    static List<Picture> pictures(String html, String what) throws Exception {
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"" + what
                + " ([0-9.]+)\" width=\"(\\d+)\"").matcher(html);
        List<Picture> found = new ArrayList<>();
        while (m.find()) {
            found.add(new Picture(m.group(2), ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))),
                    Integer.parseInt(m.group(3))));
        }
        return found;
    }

    @Test
    void convolutionFirstDrawsEachFilterAsItsKernelScaledUp() throws Exception {
        Network n = network(List.of(LayerSpec.conv(6, 5, 1, 2), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.flatten(), LayerSpec.linear(10)));
        Report.write(dir, new Report.Input("conv", n, info(n), firstRows(300), List.of()));
        String html = Files.readString(dir.resolve("index.html"));

        assertThat(html).contains("id=\"filters\"", "first convolution").doesNotContain("alt=\"unit ");
        List<Picture> filters = pictures(html, "filter");
        assertThat(filters).hasSize(6);
        Conv2d conv = (Conv2d) n.layers().get(0);
        float[] w = conv.weight().data;                // (6, 1*5*5)
        int scale = FirstLayerPictures.FILTER_SIDE / 5;
        for (int o = 0; o < 6; o++) {
            Picture p = filters.get(o);
            assertThat(p.caption()).isEqualTo(Integer.toString(o));
            assertThat(p.image().getWidth()).isEqualTo(5 * scale).isEqualTo(p.width());
            assertThat(p.image().getHeight()).isEqualTo(5 * scale);
            // each kernel element is a block of scale x scale pixels: red where positive, blue where negative
            float max = 0;
            for (int i = 0; i < 25; i++) {
                max = Math.max(max, Math.abs(w[o * 25 + i]));
            }
            for (int ky = 0; ky < 5; ky++) {
                for (int kx = 0; kx < 5; kx++) {
                    float v = w[o * 25 + ky * 5 + kx];
                    int rgb = p.image().getRGB(kx * scale + scale / 2, ky * scale + scale / 2) & 0xFFFFFF;
                    int red = rgb >> 16, blue = rgb & 0xFF;
                    String at = String.format("filter %d (%d, %d) = %f, rgb %06x", o, ky, kx, v, rgb);
                    assertThat(v >= 0 ? red : blue).as(at).isEqualTo(0xFF);
                    if (Math.abs(v) > 0.05 * max) {
                        assertThat(v >= 0 ? blue : red).as(at).isLessThan(0xFF);
                    }
                    if (Math.abs(v) == max) {
                        assertThat(rgb).as(at).isEqualTo(v > 0 ? 0xFF0000 : 0x0000FF);
                    }
                }
            }
        }
    }

    @Test
    void filtersAreCappedAndNamedByInputChannelAfterAFirstConvolution() throws Exception {
        Network n = network(List.of(LayerSpec.conv(3, 3), LayerSpec.relu(), LayerSpec.conv(4, 3),
                LayerSpec.flatten(), LayerSpec.linear(10)));
        FirstLayerPictures p = FirstLayerPictures.of(n, 28, 28);
        assertThat(p.kind()).isEqualTo("conv");
        assertThat(p.images()).hasSize(3);              // the first convolution only: 3 filters on 1 channel
        assertThat(p.side()).isEqualTo(3 * (FirstLayerPictures.FILTER_SIDE / 3));

        Network wide = network(List.of(LayerSpec.conv(200, 3), LayerSpec.flatten(), LayerSpec.linear(10)));
        FirstLayerPictures capped = FirstLayerPictures.of(wide, 28, 28);
        assertThat(capped.images()).hasSize(FirstLayerPictures.MAX_PICTURES);
        assertThat(capped.total()).isEqualTo(200);
        Report.write(dir, new Report.Input("wide", wide, info(wide), firstRows(100), List.of()));
        assertThat(Files.readString(dir.resolve("index.html"))).contains("The first 128 of 200.");
    }

    @Test
    void aLinearFirstLayerListKeepsTheUnitPicturesAndABatchNormFirstDrawsNone() throws Exception {
        Network mlp = network(List.of(LayerSpec.flatten(), LayerSpec.linear(12), LayerSpec.relu(), LayerSpec.linear(10)));
        Report.write(dir, new Report.Input("mlp", mlp, info(mlp), firstRows(100), List.of()));
        String html = Files.readString(dir.resolve("index.html"));
        List<Picture> units = pictures(html, "unit");
        assertThat(units).hasSize(12);
        assertThat(units.get(0).image().getWidth()).isEqualTo(84);
        assertThat(pictures(html, "filter")).isEmpty();

        Network bnFirst = network(List.of(LayerSpec.batchNorm(), LayerSpec.conv(2, 3), LayerSpec.flatten(), LayerSpec.linear(10)));
        FirstLayerPictures none = FirstLayerPictures.of(bnFirst, 28, 28);
        assertThat(none.images()).isEmpty();
        Report.write(dir, new Report.Input("bn", bnFirst, info(bnFirst), firstRows(100), List.of()));
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Not drawn: the first layer with weights");
    }
}
