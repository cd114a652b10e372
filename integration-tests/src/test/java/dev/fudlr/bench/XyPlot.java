/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small x-y chart (scatter points, optionally joined, optionally the line y = x) written as PNG through JFreeChart
 * and as a hand-written SVG (JFreeChart has no SVG export without an extra library). Only aggregate points are
 * drawn. Non-finite points are skipped.
 */
final class XyPlot {

    /** Chart width in pixels (PNG and SVG). */
    static final int WIDTH = 640;
    /** Chart height in pixels. */
    static final int HEIGHT = 440;
    // Plot area margins of the SVG: left leaves room for tick labels, bottom for the axis title.
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    /** Paul Tol's colour-blind-safe "bright" palette, then two of his "muted" colours. */
    private static final String[] PALETTE = {"#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#332288", "#882255"};

    /**
     * One named series.
     * @param name the legend entry.
     * @param x x values.
     * @param y y values, parallel to {@code x}.
     * @param connect whether consecutive points are joined by a line.
     */
    record Series(String name, double[] x, double[] y, boolean connect) {
        Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("Series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean diagonal;
    private final List<Series> series = new ArrayList<>();

    /**
     * Creates an empty chart.
     * @param title the title.
     * @param xLabel the x axis title.
     * @param yLabel the y axis title.
     * @param diagonal whether to draw y = x (for predicted vs actual of the same quantity).
     */
    XyPlot(String title, String xLabel, String yLabel, boolean diagonal) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.diagonal = diagonal;
    }

    /**
     * Adds a series.
     * @param s the series.
     * @return this.
     */
    XyPlot add(Series s) {
        series.add(s);
        return this;
    }

    /**
     * Writes the PNG.
     * @param file the target.
     * @throws IOException if writing fails.
     */
    void writePng(Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xy.add(s.x()[i], s.y()[i]);
                }
            }
            data.addSeries(xy);
        }
        double[] r = ranges();
        if (diagonal) {
            XYSeries d = new XYSeries("y = x", false, true);
            double lo = Math.max(r[0], r[2]);
            double hi = Math.min(r[1], r[3]);
            if (lo < hi) {
                d.add(lo, lo);
                d.add(hi, hi);
            }
            data.addSeries(d);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        // Small metric changes would be flattened against an axis that must include 0.
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int k = 0; k < series.size(); k++) {
            renderer.setSeriesLinesVisible(k, series.get(k).connect());
            renderer.setSeriesShapesVisible(k, true);
            renderer.setSeriesPaint(k, Color.decode(PALETTE[k % PALETTE.length]));
        }
        if (diagonal) {
            int k = series.size();
            renderer.setSeriesLinesVisible(k, true);
            renderer.setSeriesShapesVisible(k, false);
            renderer.setSeriesPaint(k, Color.GRAY);
            renderer.setSeriesStroke(k, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{4f, 4f}, 0f));
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /**
     * Writes the SVG.
     * @param file the target.
     * @throws IOException if writing fails.
     */
    void writeSvg(Path file) throws IOException {
        Files.writeString(file, svg(), StandardCharsets.UTF_8);
    }

    /** @return the chart as a standalone SVG document. */
    String svg() {
        double[] r = ranges();
        double x0 = r[0], x1 = r[1], y0 = r[2], y1 = r[3];
        int w = WIDTH - LEFT - RIGHT;
        int h = HEIGHT - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                                WIDTH / 2, escape(title)));
        // Grid and tick labels: 5 intervals per axis.
        for (int t = 0; t <= 5; t++) {
            double fx = x0 + (x1 - x0) * t / 5;
            double fy = y0 + (y1 - y0) * t / 5;
            double px = LEFT + w * t / 5.0;
            double py = TOP + h - h * t / 5.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#DDDDDD\"/>%n", px, TOP, px, TOP + h));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#DDDDDD\"/>%n", LEFT, py, LEFT + w, py));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + h + 15, tick(fx)));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 5, py + 4, tick(fy)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n", LEFT, TOP, w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
                                LEFT + w / 2, HEIGHT - 15, escape(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 15 %d)\">%s</text>%n",
                                TOP + h / 2, TOP + h / 2, escape(yLabel)));
        if (diagonal) {
            double lo = Math.max(x0, y0);
            double hi = Math.min(x1, y1);
            if (lo < hi) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"gray\" stroke-dasharray=\"4 4\"/>%n",
                                        px(lo, x0, x1, w), py(lo, y0, y1, h), px(hi, x0, x1, w), py(hi, y0, y1, h)));
            }
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = PALETTE[k % PALETTE.length];
            if (s.connect()) {
                StringBuilder pts = new StringBuilder();
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(s.x()[i], x0, x1, w), py(s.y()[i], y0, y1, h)));
                    }
                }
                sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\"/>%n", pts.toString().trim(), colour));
            }
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                                            px(s.x()[i], x0, x1, w), py(s.y()[i], y0, y1, h), colour));
                }
            }
            // Legend, top-left inside the plot area.
            int ly = TOP + 15 + 16 * k;
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>%n", LEFT + 12, ly - 4, colour));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + 22, ly, escape(s.name())));
        }
        return sb.append("</svg>\n").toString();
    }

    /** x min, x max, y min, y max over the finite points, padded by 5% (a degenerate range is widened). */
    double[] ranges() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (x0 > x1) {
            return new double[]{-1, 1, -1, 1};
        }
        double[] xr = pad(x0, x1);
        double[] yr = pad(y0, y1);
        return new double[]{xr[0], xr[1], yr[0], yr[1]};
    }

    private static double[] pad(double lo, double hi) {
        if (hi == lo) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[]{lo - d, hi + d};
        }
        double d = 0.05 * (hi - lo);
        return new double[]{lo - d, hi + d};
    }

    private static double px(double v, double lo, double hi, int w) {
        return LEFT + w * (v - lo) / (hi - lo);
    }

    private static double py(double v, double lo, double hi, int h) {
        return TOP + h - h * (v - lo) / (hi - lo);
    }

    private static String tick(double v) {
        return escape(String.format(Locale.ROOT, "%.3g", v));
    }

    /** XML text escaping of the characters that matter in element content and attribute values. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
