/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import java.util.Arrays;

/**
 * How per-group means {@code M_a} of the compared user groups become one gap. With fewer than two compared
 * groups every aggregation is 0 (there is nothing to compare; the metric flags it).
 */
public enum GapAggregation {
    /** {@code max_a M_a - min_a M_a}; for two groups the absolute difference. Non-negative. The default. */
    RANGE,
    /** Mean absolute deviation {@code (1/A) sum_a |M_a - mean_b M_b|}. Non-negative. */
    MAD,
    /** {@code M_first - M_second} for exactly two compared groups, in group order. Signed; distance |.|. */
    SIGNED,
    /**
     * The same value as {@link #RANGE}, but its gradient moves only the worst-off group: the best group's mean is held
     * fixed, so minimising it raises the worst group instead of lowering the best one (levelling up, not down).
     * Not the derivative of the value where the best group could fall; meant as a debiasing objective.
     */
    WORST,
    /**
     * Mean pairwise distance {@code (1/P) sum_{a<b} |M_a - M_b|} over the {@code P = A(A-1)/2} pairs, as Elliot's
     * UserMADranking aggregates (for two groups the absolute difference, like {@link #RANGE}; for three groups 2/3 of
     * the range when the middle group is anywhere between). Non-negative.
     */
    PAIRWISE;

    /**
     * The gap and, optionally, its gradient in the means.
     * @param means the mean of every group (entries of groups not compared are ignored).
     * @param compared indices of the compared groups, in group order.
     * @param dMeans null, or an array (same length as means) that receives d gap / d M_a.
     * @param metric the metric name, for messages.
     * @return the gap.
     */
    public double apply(double[] means, int[] compared, double[] dMeans, String metric) {
        if (dMeans != null) {
            Arrays.fill(dMeans, 0.0);
        }
        int a = compared.length;
        if (this == SIGNED && a > 2) {
            throw new IllegalArgumentException("Metric " + metric + " uses agg=signed, which needs exactly two compared groups, but there are "
                    + a + "; use agg=range or agg=mad");
        }
        if (a < 2) {
            return 0.0;
        }
        switch (this) {
            case SIGNED:
                if (dMeans != null) {
                    dMeans[compared[0]] = 1.0;
                    dMeans[compared[1]] = -1.0;
                }
                return means[compared[0]] - means[compared[1]];
            case RANGE:
            case WORST: {
                int min = compared[0];
                int max = compared[0];
                for (int g : compared) {
                    if (means[g] < means[min]) {
                        min = g;
                    }
                    if (means[g] > means[max]) {
                        max = g;
                    }
                }
                if (dMeans != null && min != max) {
                    dMeans[max] = this == RANGE ? 1.0 : 0.0;
                    dMeans[min] = -1.0;
                }
                return means[max] - means[min];
            }
            case MAD: {
                double centre = 0.0;
                for (int g : compared) {
                    centre += means[g];
                }
                centre /= a;
                double sum = 0.0;
                double signs = 0.0;
                for (int g : compared) {
                    sum += Math.abs(means[g] - centre);
                    signs += Math.signum(means[g] - centre);
                }
                if (dMeans != null) {
                    for (int g : compared) {
                        dMeans[g] = (Math.signum(means[g] - centre) - signs / a) / a;
                    }
                }
                return sum / a;
            }
            case PAIRWISE: {
                double sum = 0.0;
                double pairs = a * (a - 1) / 2.0;
                for (int i = 0; i < a; i++) {
                    for (int j = i + 1; j < a; j++) {
                        double d = means[compared[i]] - means[compared[j]];
                        sum += Math.abs(d);
                        if (dMeans != null) {
                            dMeans[compared[i]] += Math.signum(d) / pairs;
                            dMeans[compared[j]] -= Math.signum(d) / pairs;
                        }
                    }
                }
                return sum / pairs;
            }
            default:
                throw new IllegalStateException("Unknown aggregation " + this);
        }
    }
}
