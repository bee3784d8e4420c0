package dev.chainrule.examples;

import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.train.Trainer;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The moons pictures, drawn with JFreeChart: a network's decision regions with axes, ticks, a title and a legend,
 * the training points as filled circles and the test points as rings, coloured by class; and the loss curves.
 */
final class MoonsPlots {
    static final double LO_X = -1.6;
    static final double HI_X = 2.6;
    static final double LO_Y = -1.1;
    static final double HI_Y = 1.6;
    static final Color CLASS_0 = new Color(170, 30, 30);
    static final Color CLASS_1 = new Color(20, 40, 160);
    static final Color REGION_0 = new Color(240, 200, 200);
    static final Color REGION_1 = new Color(200, 210, 245);
    private static final int GRID = 120;

    private MoonsPlots() {
    }

    /** Where the data area of a written chart lies, to map data coordinates to pixels (for tests). */
    record Area(Rectangle2D pixels, double loX, double hiX, double loY, double hiY) {
        int px(double x) {
            return (int) Math.round(pixels.getMinX() + (x - loX) / (hiX - loX) * pixels.getWidth());
        }

        int py(double y) {
            return (int) Math.round(pixels.getMaxY() - (y - loY) / (hiY - loY) * pixels.getHeight());
        }
    }

    /** The decision regions of {@code net} over the moons' square, with the training and test points. */
    static Area decisionBoundary(Sequential net, Dataset train, Dataset test, String title, Path png)
            throws IOException {
        double[] grid = new double[GRID * GRID * 2];
        double[][] xyz = new double[3][GRID * GRID];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                int k = r * GRID + c;
                grid[2 * k] = LO_X + (HI_X - LO_X) * (c + 0.5) / GRID;
                grid[2 * k + 1] = LO_Y + (HI_Y - LO_Y) * (r + 0.5) / GRID;
                xyz[0][k] = grid[2 * k];
                xyz[1][k] = grid[2 * k + 1];
            }
        }
        double[] p;
        try (var off = Grad.disabled()) {
            p = net.forward(Tensor.of(grid, GRID * GRID, 2)).softmax(1).select(1, 1).toArray();
        }
        for (int k = 0; k < p.length; k++) {
            xyz[2][k] = p[k] >= 0.5 ? 1 : 0;
        }
        DefaultXYZDataset regions = new DefaultXYZDataset();
        regions.addSeries("predicted class", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth((HI_X - LO_X) / GRID);
        blocks.setBlockHeight((HI_Y - LO_Y) / GRID);
        LookupPaintScale scale = new LookupPaintScale(0, 2, REGION_0);
        scale.add(0.5, REGION_1);
        blocks.setPaintScale(scale);
        blocks.setSeriesVisibleInLegend(0, false);

        XYSeriesCollection points = new XYSeriesCollection();
        points.addSeries(series("train, class 0", train, 0));
        points.addSeries(series("train, class 1", train, 1));
        points.addSeries(series("test, class 0", test, 0));
        points.addSeries(series("test, class 1", test, 1));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        Ellipse2D.Double circle = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        for (int s = 0; s < 4; s++) {
            dots.setSeriesShape(s, circle);
            dots.setSeriesPaint(s, s % 2 == 0 ? CLASS_0 : CLASS_1);
            dots.setSeriesShapesFilled(s, s < 2); // test points as rings
            dots.setSeriesStroke(s, new BasicStroke(1.5f));
        }
        dots.setUseOutlinePaint(false);

        NumberAxis x = new NumberAxis("x1");
        x.setRange(LO_X, HI_X);
        NumberAxis y = new NumberAxis("x2");
        y.setRange(LO_Y, HI_Y);
        XYPlot plot = new XYPlot(points, x, y, dots);
        plot.setDataset(1, regions);
        plot.setRenderer(1, blocks);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE); // regions under points
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        ChartRenderingInfo info = new ChartRenderingInfo();
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 640, 520, info);
        return new Area(info.getPlotInfo().getDataArea(), LO_X, HI_X, LO_Y, HI_Y);
    }

    private static XYSeries series(String name, Dataset d, int label) {
        XYSeries s = new XYSeries(name, false);
        double[] x = d.x().toArray();
        double[] y = d.y().toArray();
        for (int n = 0; n < y.length; n++) {
            if ((int) Math.round(y[n]) == label) {
                s.add(x[2 * n], x[2 * n + 1]);
            }
        }
        return s;
    }

    /** The training loss per epoch of each network, one line each. */
    static void lossCurves(Map<String, List<Trainer.Epoch>> histories, Path png) throws IOException {
        XYSeriesCollection lines = new XYSeriesCollection();
        histories.forEach((name, h) -> {
            XYSeries s = new XYSeries(name);
            h.forEach(e -> s.add(e.epoch(), e.loss()));
            lines.addSeries(s);
        });
        NumberAxis x = new NumberAxis("epoch");
        NumberAxis y = new NumberAxis("training loss (mean cross-entropy)");
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(lines, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Two moons: training loss", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 640, 420);
    }
}
