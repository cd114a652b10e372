/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * The report's charts, drawn with JFreeChart and encoded as PNG data URIs. Fixed sizes, fonts and a fixed
 * colour-blind-safe palette (Paul Tol's "bright" scheme) keep the bytes identical for identical input on one machine.
 */
final class Charts {

    /** Chart width in pixels. */
    static final int WIDTH = 800;
    /** Chart height in pixels. */
    static final int HEIGHT = 380;

    private static final Paint[] PALETTE = {
        new Color(0x44, 0x77, 0xAA), new Color(0xEE, 0x66, 0x77), new Color(0x22, 0x88, 0x33),
        new Color(0xCC, 0xBB, 0x44), new Color(0x66, 0xCC, 0xEE), new Color(0xAA, 0x33, 0x77), new Color(0xBB, 0xBB, 0xBB)};
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color MARKER = new Color(0xCC, 0x33, 0x11);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Charts() {}

    /**
     * Grouped bars: one bar per (series, category).
     * @param title the chart title.
     * @param categoryLabel the category axis label.
     * @param valueLabel the value axis label.
     * @param data series name to (category to value), in display order; NaN values are left out.
     * @param marker a horizontal reference line (e.g. 0.8), or null.
     * @param markerLabel its label.
     * @param horizontal bars drawn horizontally.
     * @return a PNG data URI.
     */
    static String bars(String title, String categoryLabel, String valueLabel, Map<String, Map<String, Double>> data,
                       Double marker, String markerLabel, boolean horizontal) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, Double>> s : data.entrySet()) {
            for (Map.Entry<String, Double> c : s.getValue().entrySet()) {
                ds.addValue(Double.isFinite(c.getValue()) ? c.getValue() : null, s.getKey(), c.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, ds,
                                                       horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL,
                                                       data.size() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        style(chart, plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(GRID);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        r.setMaximumBarWidth(0.12);
        for (int i = 0; i < data.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryAxis axis = plot.getDomainAxis();
        axis.setTickLabelFont(SMALL);
        int categories = ds.getColumnCount();
        if (!horizontal && categories > 8) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        if (marker != null) {
            ValueMarker m = marker(marker, markerLabel, true);
            plot.addRangeMarker(m, Layer.FOREGROUND);
            // Keep the reference line in view even when every bar is far above or below it.
            double lower = Math.min(0.0, plot.getRangeAxis().getLowerBound());
            double upper = Math.max(plot.getRangeAxis().getUpperBound(), marker * 1.1);
            plot.getRangeAxis().setRange(lower, upper);
        }
        return png(chart, WIDTH, horizontal ? Math.max(HEIGHT, 60 + 28 * categories * Math.max(1, data.size())) : HEIGHT);
    }

    /**
     * Lines through points.
     * @param title the chart title.
     * @param xLabel the x axis label.
     * @param yLabel the y axis label.
     * @param series series name to {xs, ys}, in display order; non-finite points are left out.
     * @param marker a vertical reference line, or null.
     * @param markerLabel its label.
     * @return a PNG data URI.
     */
    static String lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, Double marker, String markerLabel) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                    s.add(xs[i], ys[i]);
                }
            }
            ds.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, ds, PlotOrientation.VERTICAL, series.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        style(chart, plot);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        if (marker != null) {
            plot.addDomainMarker(marker(marker, markerLabel, false), Layer.FOREGROUND);
        }
        return png(chart, WIDTH, HEIGHT);
    }

    /**
     * A histogram of precomputed bin counts.
     * @param title the chart title.
     * @param xLabel the x axis label.
     * @param yLabel the y axis label.
     * @param lower lower bin edges.
     * @param upper upper bin edges.
     * @param counts counts per bin.
     * @param marker a vertical reference line (e.g. the threshold), or null.
     * @param markerLabel its label.
     * @return a PNG data URI.
     */
    static String histogram(String title, String xLabel, String yLabel, double[] lower, double[] upper, double[] counts,
                            Double marker, String markerLabel) {
        int n = counts.length;
        double[][] d = new double[6][n];
        for (int i = 0; i < n; i++) {
            d[0][i] = (lower[i] + upper[i]) / 2;
            d[1][i] = lower[i];
            d[2][i] = upper[i];
            d[3][i] = counts[i];
            d[4][i] = counts[i];
            d[5][i] = counts[i];
        }
        DefaultIntervalXYDataset ds = new DefaultIntervalXYDataset();
        ds.addSeries("count", d);
        JFreeChart chart = ChartFactory.createXYBarChart(title, xLabel, false, yLabel, ds, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        style(chart, plot);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, Color.WHITE);
        r.setSeriesPaint(0, PALETTE[0]);
        if (marker != null) {
            plot.addDomainMarker(marker(marker, markerLabel, false), Layer.FOREGROUND);
        }
        return png(chart, WIDTH, HEIGHT);
    }

    private static ValueMarker marker(double value, String label, boolean horizontalLine) {
        ValueMarker m = new ValueMarker(value, MARKER,
                                        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        if (label != null) {
            m.setLabel(label);
            m.setLabelFont(SMALL);
            m.setLabelPaint(MARKER);
            m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            // Above the right end of a horizontal line; right of the top of a vertical one.
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(horizontalLine ? TextAnchor.BOTTOM_RIGHT : TextAnchor.TOP_LEFT);
        }
        return m;
    }

    private static void style(JFreeChart chart, Plot plot) {
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(GRID);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(SMALL);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
    }

    private static String png(JFreeChart chart, int width, int height) {
        BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(image));
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding of chart '" + chart.getTitle().getText() + "' failed", e);
        }
    }
}
