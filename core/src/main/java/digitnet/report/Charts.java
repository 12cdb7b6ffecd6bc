package digitnet.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart (headless) and encoded as PNG and SVG. */
final class Charts {
    static final int WIDTH = 560, HEIGHT = 360;

    /** A chart encoded both ways. */
    record Encoded(byte[] png, byte[] svg) {}

    private Charts() {}

    /** Train and dev curves of one quantity; a dev series of NaN values is left out. */
    static Encoded curves(String title, String xTitle, String yTitle, double[] x, double[] train, double[] dev,
                          Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler style = chart.getStyler();
        style.setLegendPosition(legend);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridLinesColor(new Color(225, 225, 225));
        style.setDecimalPattern("0.###");
        style.setMarkerSize(x.length > 30 ? 0 : 6);
        style.setSeriesColors(new Color[] {new Color(31, 119, 180), new Color(255, 127, 14)});
        XYSeries t = chart.addSeries("train", x, train);
        t.setMarker(SeriesMarkers.CIRCLE);
        if (!allNaN(dev)) {
            XYSeries d = chart.addSeries("dev", x, dev);
            d.setMarker(SeriesMarkers.DIAMOND);
        }
        return encode(chart);
    }

    /** The confusion matrix as a heatmap: true labels down, predicted across, counts in the cells; classes by name. */
    static Encoded confusion(int[][] confusion, List<String> labels) {
        return encode(confusionChart(confusion, labels));
    }

    static HeatMapChart confusionChart(int[][] confusion, List<String> labels) {
        int k = confusion.length;
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(WIDTH - 60)
                .title("Confusion matrix (rows: true, columns: predicted)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        HeatMapStyler style = chart.getStyler();
        style.setShowValue(true);
        style.setLegendVisible(false);
        style.setChartBackgroundColor(Color.WHITE);
        style.setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225), new Color(49, 130, 189)});
        style.setValueFontColor(Color.BLACK);
        List<String> xs = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            xs.add(labels.get(i));
            ys.add(labels.get(k - 1 - i));  // first class on top
        }
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, confusion[t][p]});
            }
        }
        chart.addSeries("confusion", xs, ys, cells);
        return chart;
    }

    private static Encoded encode(Chart<?, ?> chart) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return new Encoded(png, svg.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a chart in memory", e);
        }
    }

    private static boolean allNaN(double[] v) {
        for (double d : v) {
            if (!Double.isNaN(d)) {
                return false;
            }
        }
        return true;
    }
}
