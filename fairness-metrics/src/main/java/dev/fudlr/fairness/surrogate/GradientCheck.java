/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;

import java.util.Locale;

/**
 * Compares a surrogate's analytic gradient with central finite differences in double precision,
 * {@code (F(s + h e_ui) - F(s - h e_ui)) / 2h}: the check every surrogate passes in this module's tests, and
 * a tool for anyone adding a metric.
 */
public final class GradientCheck {

    private GradientCheck() {}

    /**
     * The outcome of a check.
     */
    public static final class Result {
        private final double maxAbsError;
        private final double maxRelError;
        private final int worstUser;
        private final int worstItem;
        private final double gradientNorm;

        Result(double maxAbsError, double maxRelError, int worstUser, int worstItem, double gradientNorm) {
            this.maxAbsError = maxAbsError;
            this.maxRelError = maxRelError;
            this.worstUser = worstUser;
            this.worstItem = worstItem;
            this.gradientNorm = gradientNorm;
        }

        /**
         * Largest absolute difference between analytic and numeric partial derivatives.
         * @return the error.
         */
        public double maxAbsError() {
            return maxAbsError;
        }

        /**
         * Largest error relative to {@code max(|analytic|, |numeric|, 1e-3 * |grad|_inf)}, which keeps near-zero
         * entries from dominating.
         * @return the relative error.
         */
        public double maxRelError() {
            return maxRelError;
        }

        /**
         * The largest analytic partial derivative in absolute value.
         * @return |grad|_inf.
         */
        public double gradientNorm() {
            return gradientNorm;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "GradientCheck(maxAbs=%.3e, maxRel=%.3e at (%d, %d), |grad|_inf=%.3e)",
                    maxAbsError, maxRelError, worstUser, worstItem, gradientNorm);
        }
    }

    /**
     * Checks every partial derivative (2 evaluations each: for small matrices).
     * @param surrogate the surrogate.
     * @param scores the point.
     * @param audit the audit data.
     * @param h the finite-difference step.
     * @return the errors.
     */
    public static Result check(Surrogate surrogate, ScoreMatrix scores, AuditData audit, double h) {
        SurrogateResult base = surrogate.evaluate(scores, audit);
        double norm = 0.0;
        for (int u = 0; u < scores.rows(); u++) {
            for (int i = 0; i < scores.cols(); i++) {
                norm = Math.max(norm, Math.abs(base.gradient(u, i)));
            }
        }
        double maxAbs = 0.0;
        double maxRel = 0.0;
        int wu = -1;
        int wi = -1;
        for (int u = 0; u < scores.rows(); u++) {
            for (int i = 0; i < scores.cols(); i++) {
                double s = scores.get(u, i);
                if (Double.isInfinite(s)) {
                    continue;
                }
                double plus = surrogate.value(scores.with(u, i, s + h), audit);
                double minus = surrogate.value(scores.with(u, i, s - h), audit);
                double numeric = (plus - minus) / (2 * h);
                double analytic = base.gradient(u, i);
                double abs = Math.abs(numeric - analytic);
                double rel = abs / Math.max(Math.max(Math.abs(numeric), Math.abs(analytic)), Math.max(1e-3 * norm, 1e-12));
                if (rel > maxRel) {
                    maxRel = rel;
                    wu = u;
                    wi = i;
                }
                maxAbs = Math.max(maxAbs, abs);
            }
        }
        return new Result(maxAbs, maxRel, wu, wi, norm);
    }

    /**
     * The numeric directional derivative {@code (F(s + h d) - F(s - h d)) / 2h}, for checks on matrices too
     * large for {@link #check}.
     * @param surrogate the surrogate.
     * @param scores the point.
     * @param audit the audit data.
     * @param direction a direction, row-major.
     * @param h the step.
     * @return the numeric directional derivative (compare with {@link SurrogateResult#directionalDerivative}).
     */
    public static double numericDirectional(Surrogate surrogate, ScoreMatrix scores, AuditData audit, double[] direction, double h) {
        double[] s = scores.toFlatArray();
        if (direction.length != s.length) {
            throw new IllegalArgumentException("Direction has " + direction.length + " entries, expected " + s.length);
        }
        double[] plus = new double[s.length];
        double[] minus = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            plus[i] = s[i] + h * direction[i];
            minus[i] = s[i] - h * direction[i];
        }
        double fp = surrogate.value(ScoreMatrix.ofFlat(plus, scores.rows(), scores.cols()), audit);
        double fm = surrogate.value(ScoreMatrix.ofFlat(minus, scores.rows(), scores.cols()), audit);
        return (fp - fm) / (2 * h);
    }
}
