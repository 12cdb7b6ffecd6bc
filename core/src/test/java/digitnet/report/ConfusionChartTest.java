package digitnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;

/** The report's confusion heatmap names the classes as the model file does (a folder's class names, or the digits). */
class ConfusionChartTest {
    @Test
    void theHeatmapsAxesCarryTheClassNamesFirstClassOnTop() {
        int[][] confusion = {{5, 1, 0}, {0, 7, 2}, {1, 0, 9}};
        HeatMapChart chart = Charts.confusionChart(confusion, List.of("blue disc", "green", "red square"));
        HeatMapSeries s = chart.getSeriesMap().get("confusion");
        assertThat(List.copyOf(s.getXData())).isEqualTo(List.of("blue disc", "green", "red square"));
        assertThat(List.copyOf(s.getYData())).isEqualTo(List.of("red square", "green", "blue disc"));
        // true "green" (row 1) predicted "red square" (column 2): 2, drawn at x 2, y 1 (rows counted from the bottom)
        assertThat(s.getHeatData()).anySatisfy(c -> assertThat(c).containsExactly(2, 1, 2));
        assertThat(Charts.confusion(confusion, List.of("0", "1", "2")).png()).isNotEmpty();
    }
}
