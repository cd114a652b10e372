/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.metric.FairnessMetric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Percentile bootstrap confidence intervals over audit users for any {@link FairnessMetric}, and paired
 * intervals of the change of a metric between two sets of recommendations for the same users (before and
 * after debiasing).
 * <p>
 * Each resample draws as many units (users, or clusters of rows) as the audit has, uniformly with
 * replacement from a {@link SplittableRandom} seeded once, selects their existing top-K lists and audit data
 * with {@link Recommendations#rows(int[])} and recomputes the exact metric. Top-K lists are never recomputed
 * from scores. The interval is the {@code (1-level)/2} and {@code (1+level)/2} quantiles of the resampled
 * values (linear interpolation between order statistics). The same seed gives the same resamples, so
 * results are reproducible and two calls with one seed see the same users.
 * <p>
 * Caveats, which the documentation of the metrics repeats: a small group can be absent from a resample
 * (probability about {@code exp(-n_g)} for a group of {@code n_g} users), in which case a gap metric
 * compares fewer groups; a non-negative gap near 0 ({@code agg=range}) folds at 0, so its interval sits
 * above the estimate ({@code agg=signed} does not); and catalogue-level metrics that are not averages over
 * users ({@code gini@K}, {@code coverage@K}) shift on resamples, which hold only about 63% distinct users,
 * enough for the percentile interval to miss the full-data value (see {@link Interval#bias()}).
 */
public final class Bootstrap {

    private static final Logger logger = Logger.getLogger(Bootstrap.class.getName());

    private Bootstrap() {}

    /**
     * The percentile bootstrap interval of one metric, resampling users.
     * @param metric the metric.
     * @param recs the recommendations and audit data.
     * @param resamples number of bootstrap resamples, at least 1.
     * @param level the confidence level, in (0, 1) (for example 0.95).
     * @param seed the random seed.
     * @return the interval around the metric's value on all users.
     * @throws IllegalArgumentException on bad resamples or level.
     */
    public static Interval interval(FairnessMetric metric, Recommendations recs, int resamples, double level, long seed) {
        Objects.requireNonNull(metric, "metric");
        return intervals(List.of(metric), recs, null, resamples, level, seed).get(metric.name());
    }

    /**
     * Percentile bootstrap intervals of several metrics over the same resamples (one resample of the
     * recommendations serves every metric).
     * @param metrics the metrics, with distinct names.
     * @param recs the recommendations and audit data.
     * @param unitOfRow null to resample rows (one row per user), or the resampling unit of every row (for
     *                  example a user id when a user has several audit rows): a resample draws whole units.
     * @param resamples number of bootstrap resamples, at least 1.
     * @param level the confidence level, in (0, 1).
     * @param seed the random seed.
     * @return metric name to interval, in the metrics' order.
     * @throws IllegalArgumentException on bad resamples, level, units or metrics.
     */
    public static Map<String, Interval> intervals(List<? extends FairnessMetric> metrics, Recommendations recs, int[] unitOfRow,
                                                  int resamples, double level, long seed) {
        Objects.requireNonNull(recs, "recs");
        return run(metrics, null, recs, unitOfRow, resamples, level, seed);
    }

    /**
     * The paired bootstrap interval of {@code metric(after) - metric(before)}: each resample draws one set of
     * users and evaluates both sets of recommendations on it, so user-to-user variation that both share
     * cancels. An interval that excludes 0 means the change is larger than the resampling noise at this level.
     * @param metric the metric.
     * @param before recommendations before the change.
     * @param after recommendations after the change, row {@code r} being the same user as in {@code before}.
     * @param resamples number of bootstrap resamples, at least 1.
     * @param level the confidence level, in (0, 1).
     * @param seed the random seed.
     * @return the interval around the full-data difference after - before.
     * @throws IllegalArgumentException on bad resamples or level, or recommendations of different shapes.
     */
    public static Interval pairedDifference(FairnessMetric metric, Recommendations before, Recommendations after, int resamples,
                                            double level, long seed) {
        Objects.requireNonNull(metric, "metric");
        return pairedDifferences(List.of(metric), before, after, null, resamples, level, seed).get(metric.name());
    }

    /**
     * Paired bootstrap intervals of {@code metric(after) - metric(before)} for several metrics over the same
     * resamples.
     * @param metrics the metrics, with distinct names.
     * @param before recommendations before the change.
     * @param after recommendations after the change, row {@code r} being the same user as in {@code before}.
     * @param unitOfRow null to resample rows, or the resampling unit of every row (see
     *                  {@link #intervals(List, Recommendations, int[], int, double, long)}).
     * @param resamples number of bootstrap resamples, at least 1.
     * @param level the confidence level, in (0, 1).
     * @param seed the random seed.
     * @return metric name to interval, in the metrics' order.
     * @throws IllegalArgumentException on bad arguments or recommendations of different shapes.
     */
    public static Map<String, Interval> pairedDifferences(List<? extends FairnessMetric> metrics, Recommendations before,
                                                          Recommendations after, int[] unitOfRow, int resamples, double level,
                                                          long seed) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.numUsers() != after.numUsers() || before.numItems() != after.numItems()) {
            throw new IllegalArgumentException("Paired recommendations must describe the same users and items: before has "
                    + before.numUsers() + " users x " + before.numItems() + " items, after has " + after.numUsers() + " x "
                    + after.numItems());
        }
        return run(metrics, before, after, unitOfRow, resamples, level, seed);
    }

    /**
     * Checks bootstrap settings.
     * @param resamples number of resamples.
     * @param level the confidence level.
     * @throws IllegalArgumentException if resamples is below 1 or level is outside (0, 1).
     */
    static void checkSettings(int resamples, double level) {
        if (resamples < 1) {
            throw new IllegalArgumentException("Bootstrap resamples must be >= 1, got " + resamples);
        }
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("Bootstrap confidence level must be in (0, 1), got " + level);
        }
    }

    private static Map<String, Interval> run(List<? extends FairnessMetric> metrics, Recommendations before, Recommendations after,
                                             int[] unitOfRow, int resamples, double level, long seed) {
        checkSettings(resamples, level);
        Objects.requireNonNull(metrics, "metrics");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("Bootstrap needs at least one metric");
        }
        List<FairnessMetric> ms = new ArrayList<>(metrics);
        for (int i = 0; i < ms.size(); i++) {
            Objects.requireNonNull(ms.get(i), "metric " + i);
            for (int j = 0; j < i; j++) {
                if (ms.get(j).name().equals(ms.get(i).name())) {
                    throw new IllegalArgumentException("Metric " + ms.get(i).name() + " is listed twice");
                }
            }
        }
        int[][] units = units(unitOfRow, after.numUsers());
        long start = System.nanoTime();
        // Full-data values first: a metric that cannot run on these recommendations fails here, not mid-resample.
        double[] full = new double[ms.size()];
        for (int m = 0; m < ms.size(); m++) {
            full[m] = difference(ms.get(m), before, after);
        }
        double[][] samples = new double[ms.size()][resamples];
        SplittableRandom rng = new SplittableRandom(seed);
        int[] drawn = new int[units.length];
        for (int b = 0; b < resamples; b++) {
            int[] rows = draw(rng, units, drawn);
            Recommendations a = after.rows(rows);
            Recommendations bf = before == null ? null : before.rows(rows);
            for (int m = 0; m < ms.size(); m++) {
                try {
                    samples[m][b] = difference(ms.get(m), bf, a);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Metric " + ms.get(m).name() + " failed on bootstrap resample " + b + " (seed " + seed
                            + "): " + e.getMessage(), e);
                }
            }
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        for (int m = 0; m < ms.size(); m++) {
            String name = before == null ? ms.get(m).name() : ms.get(m).name() + " (after - before)";
            out.put(ms.get(m).name(), new Interval(name, full[m], samples[m], level));
        }
        if (logger.isLoggable(Level.FINE)) {
            logger.fine(String.format(Locale.ROOT, "Bootstrap of %d metric(s), %d units, %d resamples%s: %.3f s", ms.size(), units.length,
                    resamples, before == null ? "" : " (paired)", (System.nanoTime() - start) / 1e9));
        }
        return Collections.unmodifiableMap(out);
    }

    private static double difference(FairnessMetric metric, Recommendations before, Recommendations after) {
        double a = metric.value(after);
        return before == null ? a : a - metric.value(before);
    }

    /**
     * The rows of every resampling unit, units in order of first appearance.
     */
    private static int[][] units(int[] unitOfRow, int rows) {
        if (unitOfRow == null) {
            int[][] out = new int[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = new int[]{r};
            }
            return out;
        }
        if (unitOfRow.length != rows) {
            throw new IllegalArgumentException("Bootstrap units cover " + unitOfRow.length + " rows, the recommendations have " + rows);
        }
        Map<Integer, Integer> index = new HashMap<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int u = index.computeIfAbsent(unitOfRow[r], k -> {
                members.add(new ArrayList<>());
                return members.size() - 1;
            });
            members.get(u).add(r);
        }
        int[][] out = new int[members.size()][];
        for (int u = 0; u < out.length; u++) {
            out[u] = members.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /**
     * One resample: as many units as there are, drawn with replacement, expanded to their rows.
     */
    private static int[] draw(SplittableRandom rng, int[][] units, int[] drawn) {
        int total = 0;
        for (int j = 0; j < drawn.length; j++) {
            drawn[j] = rng.nextInt(units.length);
            total += units[drawn[j]].length;
        }
        int[] rows = new int[total];
        int p = 0;
        for (int u : drawn) {
            System.arraycopy(units[u], 0, rows, p, units[u].length);
            p += units[u].length;
        }
        return rows;
    }

    /**
     * A percentile bootstrap interval: the full-data value, the interval bounds, and the spread of the
     * resampled values.
     */
    public static final class Interval {
        private final String name;
        private final double value;
        private final double lower;
        private final double upper;
        private final double level;
        private final double standardError;
        private final double bias;
        private final double[] sorted;

        Interval(String name, double value, double[] samples, double level) {
            this.name = name;
            this.value = value;
            this.level = level;
            this.sorted = samples.clone();
            Arrays.sort(sorted);
            double alpha = 1.0 - level;
            this.lower = quantile(sorted, alpha / 2);
            this.upper = quantile(sorted, 1.0 - alpha / 2);
            double mean = 0.0;
            for (double s : sorted) {
                mean += s;
            }
            mean /= sorted.length;
            double ss = 0.0;
            for (double s : sorted) {
                ss += (s - mean) * (s - mean);
            }
            this.standardError = sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : Double.NaN;
            this.bias = mean - value;
        }

        /**
         * Linear interpolation between order statistics ({@code h = p (B - 1)}), exact when they are equal.
         */
        static double quantile(double[] sorted, double p) {
            double h = p * (sorted.length - 1);
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            if (sorted[lo] == sorted[hi]) {
                return sorted[lo];
            }
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }

        /**
         * What the interval is about: the metric name, with {@code " (after - before)"} for a paired difference.
         * @return the name.
         */
        public String name() {
            return name;
        }

        /**
         * The value on all users (for a paired difference, after - before on all users).
         * @return the full-data value.
         */
        public double value() {
            return value;
        }

        /**
         * The lower bound, the {@code (1-level)/2} quantile of the resampled values.
         * @return the lower bound.
         */
        public double lower() {
            return lower;
        }

        /**
         * The upper bound, the {@code (1+level)/2} quantile of the resampled values.
         * @return the upper bound.
         */
        public double upper() {
            return upper;
        }

        /**
         * The confidence level.
         * @return the level, in (0, 1).
         */
        public double level() {
            return level;
        }

        /**
         * The number of resamples.
         * @return B.
         */
        public int resamples() {
            return sorted.length;
        }

        /**
         * The bootstrap standard error: the standard deviation of the resampled values (denominator B-1).
         * @return the standard error, NaN with a single resample.
         */
        public double standardError() {
            return standardError;
        }

        /**
         * The mean of the resampled values minus the full-data value. Large against the standard error
         * means the metric is not a plain average over users (coverage, Gini) and the percentile interval
         * is shifted.
         * @return the bootstrap bias estimate.
         */
        public double bias() {
            return bias;
        }

        /**
         * Whether a value lies in the closed interval.
         * @param x the value.
         * @return true if {@code lower <= x <= upper}.
         */
        public boolean contains(double x) {
            return lower <= x && x <= upper;
        }

        /**
         * The width of the interval.
         * @return upper - lower.
         */
        public double width() {
            return upper - lower;
        }

        /**
         * The resampled values, sorted.
         * @return a copy.
         */
        public double[] samples() {
            return sorted.clone();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s = %.6f [%.6f, %.6f] (%s%% percentile bootstrap, %d resamples, se %.6f, bias %.6f)",
                    name, value, lower, upper, percent(level), sorted.length, standardError, bias);
        }

        static String percent(double level) {
            double p = Math.round(level * 1e4) / 1e2;
            return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
        }
    }
}
