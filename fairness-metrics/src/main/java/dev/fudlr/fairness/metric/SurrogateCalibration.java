/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.surrogate.ScoreBlocks;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Calibrates a surrogate's temperature against the exact metric on real scores: the lesson of the
 * project's prototype, where a too-warm softmax surrogate of MGU@10 pointed the wrong way.
 * <p>
 * For each candidate temperature it records the surrogate value, the exact value, and the exact distance
 * from ideal after one gradient-descent step on the scores along the surrogate's distance gradient,
 * {@code s' = s - eta sqrt(users * items) g / |g|_2} (a root-mean-square change of {@code eta} per score),
 * shortened when needed so that its first-order predicted change removes at most half of the surrogate's distance
 * from ideal. A temperature whose step lowers the exact distance points the right way; prefer the largest such
 * temperature whose value is also close to the exact one.
 * <p>
 * Why the cap: the gradient of a utility gap lives on the few target scores, so a fixed root-mean-square step
 * moves each of them by a lot; on ML-100K an NDCG@10 gender gap of 0.012 was pushed to 0.022 in the opposite
 * direction even at {@code eta = 0.001} (every temperature read "wrong way"), while a step predicted to halve the
 * gap lowered it to 0.007-0.010 at every temperature.
 */
public final class SurrogateCalibration {

    /** The calibration step removes at most this fraction of the surrogate's distance, to first order. */
    public static final double MAX_PREDICTED_FRACTION = 0.5;

    private SurrogateCalibration() {}

    /**
     * One candidate temperature.
     */
    public static final class Row {
        private final double temperature;
        private final double surrogate;
        private final double exact;
        private final double distanceBefore;
        private final double distanceAfter;

        Row(double temperature, double surrogate, double exact, double distanceBefore, double distanceAfter) {
            this.temperature = temperature;
            this.surrogate = surrogate;
            this.exact = exact;
            this.distanceBefore = distanceBefore;
            this.distanceAfter = distanceAfter;
        }

        /**
         * The temperature.
         * @return tau.
         */
        public double temperature() {
            return temperature;
        }

        /**
         * The surrogate value.
         * @return the value.
         */
        public double surrogate() {
            return surrogate;
        }

        /**
         * The exact value.
         * @return the value.
         */
        public double exact() {
            return exact;
        }

        /**
         * The exact distance from ideal after the descent step.
         * @return the distance.
         */
        public double distanceAfterStep() {
            return distanceAfter;
        }

        /**
         * Whether the descent step lowered the exact distance from ideal.
         * @return true if the surrogate pointed the right way.
         */
        public boolean improves() {
            return distanceAfter < distanceBefore;
        }

        /**
         * How far the surrogate's value is from the exact one, relative to the exact one.
         * @return {@code |surrogate - exact| / max(|exact|, 1e-12)}.
         */
        public double relativeValueError() {
            return Math.abs(surrogate - exact) / Math.max(Math.abs(exact), 1e-12);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "tau=%g surrogate=%.6f exact=%.6f step: %.6f -> %.6f%s", temperature, surrogate, exact,
                    distanceBefore, distanceAfter, improves() ? "" : " (wrong way)");
        }
    }

    /**
     * Runs the calibration.
     * @param metric a metric with a surrogate.
     * @param base the smoothing mode and threshold-gradient choice; its temperature is replaced.
     * @param scores the scores.
     * @param audit the audit data.
     * @param temperatures candidate temperatures.
     * @param eta the root-mean-square score change of the descent step.
     * @return one row per temperature, in the given order.
     */
    public static List<Row> run(FairnessMetric metric, SurrogateSettings base, ScoreMatrix scores, AuditData audit,
                                double[] temperatures, double eta) {
        int k = metric.cutoff();
        MetricResult exact = metric.compute(Recommendations.fromScores(scores, audit, k));
        double[] s = scores.toFlatArray();
        List<Row> rows = new ArrayList<>();
        for (double t : temperatures) {
            SurrogateResult r = metric.surrogate(base.withTemperature(t)).evaluate(scores, audit);
            double[] g = r.gradientArray();
            double scale = stepScale(metric.direction(), r.value(), Math.sqrt(ScoreBlocks.squaredNorm(g)), eta, g.length);
            double after = exact.distance();
            if (!Double.isNaN(scale)) {
                double[] moved = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    moved[i] = s[i] - scale * g[i];
                }
                ScoreMatrix m = ScoreMatrix.ofFlat(moved, scores.rows(), scores.cols());
                after = metric.compute(Recommendations.fromScores(m, audit, k)).distance();
            }
            rows.add(new Row(t, r.value(), exact.value(), exact.distance(), after));
        }
        return Collections.unmodifiableList(rows);
    }

    /**
     * {@link #run} on score rows held in blocks elsewhere: the same rows, every temperature in three passes over the
     * blocks (sums, gradient norms, moved lists) instead of the score matrix in this JVM.
     * @param metric a metric whose surrogate is separable ({@link Surrogate#separable}).
     * @param base the smoothing mode and threshold-gradient choice; its temperature is replaced.
     * @param blocks the scores.
     * @param before the recommendations of the same scores (their top-K lists with the audit).
     * @param temperatures candidate temperatures.
     * @param eta the root-mean-square score change of the descent step.
     * @return one row per temperature, in the given order.
     * @throws IllegalArgumentException if the metric's surrogate is not separable.
     */
    public static List<Row> run(FairnessMetric metric, SurrogateSettings base, ScoreBlocks blocks, Recommendations before,
                                double[] temperatures, double eta) {
        int k = metric.cutoff();
        AuditData audit = before.audit();
        MetricResult exact = metric.compute(before);
        List<SeparableSurrogate> surrogates = new ArrayList<>();
        for (double t : temperatures) {
            surrogates.add(separable(metric, base.withTemperature(t), audit));
        }
        double[][] sums = blocks.sums(surrogates);
        double[][] adjoints = new double[surrogates.size()][];
        for (int i = 0; i < adjoints.length; i++) {
            adjoints[i] = surrogates.get(i).adjoint(sums[i]);
        }
        double[] norms = blocks.squaredGradientNorms(surrogates, sums, adjoints);
        long entries = (long) blocks.numUsers() * blocks.numItems();
        double[] scales = new double[surrogates.size()];
        List<Integer> stepped = new ArrayList<>();
        for (int i = 0; i < scales.length; i++) {
            scales[i] = stepScale(metric.direction(), surrogates.get(i).value(sums[i]), Math.sqrt(norms[i]), eta, entries);
            if (!Double.isNaN(scales[i])) {
                stepped.add(i);
            }
        }
        double[] after = new double[surrogates.size()];
        java.util.Arrays.fill(after, exact.distance());
        if (!stepped.isEmpty()) {
            List<SeparableSurrogate> moving = new ArrayList<>();
            double[][] movingSums = new double[stepped.size()][];
            double[][] movingAdjoints = new double[stepped.size()][];
            double[] movingScales = new double[stepped.size()];
            for (int j = 0; j < stepped.size(); j++) {
                int i = stepped.get(j);
                moving.add(surrogates.get(i));
                movingSums[j] = sums[i];
                movingAdjoints[j] = adjoints[i];
                movingScales[j] = scales[i];
            }
            TopKLists[] lists = blocks.movedTopK(moving, movingSums, movingAdjoints, movingScales, k);
            for (int j = 0; j < stepped.size(); j++) {
                after[stepped.get(j)] = metric.compute(Recommendations.of(lists[j], audit)).distance();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < temperatures.length; i++) {
            rows.add(new Row(temperatures[i], surrogates.get(i).value(sums[i]), exact.value(), exact.distance(), after[i]));
        }
        return Collections.unmodifiableList(rows);
    }

    /**
     * The metric's surrogate in the form that runs over blocks.
     * @param metric the metric.
     * @param settings the smoothing.
     * @param audit the whole audit.
     * @return the separable surrogate.
     * @throws IllegalArgumentException if the metric offers none.
     */
    public static SeparableSurrogate separable(FairnessMetric metric, SurrogateSettings settings, AuditData audit) {
        return metric.surrogate(settings).separable(audit).orElseThrow(() -> new IllegalArgumentException(
            "The surrogate of " + metric.name() + " is not a sum over users, so it cannot run on score blocks; compute it on the score matrix"));
    }

    /**
     * The calibration step's multiplier of the gradient, {@code s' = s - scale g}: a root-mean-square change of
     * {@code eta} per score, shortened so that its first-order predicted change removes at most
     * {@link #MAX_PREDICTED_FRACTION} of the surrogate's distance from ideal.
     * @return the multiplier, or NaN when there is no step (a zero gradient, or a surrogate at its ideal).
     */
    private static double stepScale(Direction dir, double value, double norm, double eta, long entries) {
        double sign = dir.distanceDerivative(value);
        if (!(norm > 0) || sign == 0) {
            return Double.NaN;
        }
        // First-order change of the distance along -g/|g| is -|sign| |g| per unit length.
        double length = Math.min(eta * Math.sqrt(entries), MAX_PREDICTED_FRACTION * dir.distance(value) / (Math.abs(sign) * norm));
        return sign * length / norm;
    }

    /**
     * The temperature FUDLR uses: among the rows whose descent step improved the exact metric, the largest
     * temperature whose value is within {@code valueTolerance} (relative) of the exact value; if no improving row
     * is that close, the improving row closest in value. A surrogate whose value is far from its metric need not
     * move with it under the small parameter changes of unlearning, even when a score-space step agrees: on the
     * project's synthetic data a tau = 0.5 MGU surrogate (value 0.023 vs exact 0.121) passed the score-space step
     * but chose removals that raised MGU@10 by 10%, while tau = 0.05 (value 0.113) lowered it by 14-29%.
     * @param rows calibration rows.
     * @param valueTolerance accepted relative value error, &gt;= 0.
     * @return the temperature, or NaN if no row improved (the surrogate cannot be trusted at any temperature).
     */
    public static double choose(List<Row> rows, double valueTolerance) {
        if (!(valueTolerance >= 0)) {
            throw new IllegalArgumentException("valueTolerance must be >= 0, found " + valueTolerance);
        }
        double best = Double.NaN;
        Row closest = null;
        for (Row r : rows) {
            if (!r.improves()) {
                continue;
            }
            if (r.relativeValueError() <= valueTolerance && (Double.isNaN(best) || r.temperature > best)) {
                best = r.temperature;
            }
            if (closest == null || r.relativeValueError() < closest.relativeValueError()) {
                closest = r;
            }
        }
        if (!Double.isNaN(best)) {
            return best;
        }
        return closest == null ? Double.NaN : closest.temperature;
    }

    /**
     * The largest temperature whose descent step improved the exact metric.
     * @param rows calibration rows.
     * @return the temperature, or NaN if none did.
     */
    public static double largestImproving(List<Row> rows) {
        double best = Double.NaN;
        for (Row r : rows) {
            if (r.improves() && (Double.isNaN(best) || r.temperature > best)) {
                best = r.temperature;
            }
        }
        return best;
    }
}
