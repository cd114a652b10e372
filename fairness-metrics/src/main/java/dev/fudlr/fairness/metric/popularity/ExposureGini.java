/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.ranking.RankingMetrics;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Gini coefficient of item exposure ({@code gini@K[;discount=true]}): with {@code x_i} the number of top-K
 * slots item i receives over all users (or its position-discounted exposure), sorted ascending
 * {@code x_(1) <= ... <= x_(n)} over the whole catalogue,
 * {@code G = sum_j (2j - n - 1) x_(j) / (n sum_j x_(j))}. 0 = every item equally exposed; {@code (n-1)/n}
 * = all exposure on one item. Source: the Gini index of aggregate diversity, e.g. Fleder and Hosanagar,
 * Management Science 2009; Adomavicius and Kwon, IEEE TKDE 2012.
 * <p>
 * Surrogate: the same formula on {@code x_i = sum_u w_ui m_ui}; with ranks locally constant,
 * {@code dG/dx_i = ((2 r_i - n - 1) - n G) / (n sum x)} with {@code r_i} the ascending rank of {@code x_i}.
 */
public final class ExposureGini extends AbstractMetric {

    private static final String DISCOUNT = "discount";

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("gini"), "gini@K[;discount=false|true]",
            "Gini coefficient of item exposure over the catalogue (0 = equal exposure).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of(DISCOUNT));
                String d = spec.param(DISCOUNT, "false");
                if (!d.equals("true") && !d.equals("false")) {
                    throw new IllegalArgumentException("Parameter discount of metric '" + spec + "' must be true or false, got '" + d + "'");
                }
                return new ExposureGini(spec.requireK(), Boolean.parseBoolean(d));
            });

    private final boolean discounted;

    /**
     * Gini of item exposure.
     * @param k the cut-off.
     * @param discounted whether exposure is position-discounted ({@code 1/log2(1+rank)}).
     */
    public ExposureGini(int k, boolean discounted) {
        super(MetricSpec.builder("gini").k(k).param(DISCOUNT, discounted, false).build(), Direction.UNFAIRNESS, k);
        this.discounted = discounted;
    }

    /**
     * The Gini coefficient of non-negative values.
     * @param x the values (not modified).
     * @return G, or 0 when all are 0.
     */
    public static double gini(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double num = 0.0;
        double total = 0.0;
        for (int j = 0; j < n; j++) {
            num += (2.0 * (j + 1) - n - 1) * sorted[j];
            total += sorted[j];
        }
        return total > 0 ? num / (n * total) : 0.0;
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        TopKLists lists = recs.lists();
        lists.checkCutoff(cutoff(), name());
        double[] x = new double[lists.numItems()];
        for (int u = 0; u < lists.numUsers(); u++) {
            int len = lists.length(u, cutoff());
            for (int p = 0; p < len; p++) {
                x[lists.item(u, p)] += discounted ? RankingMetrics.discount(p + 1) : 1.0;
            }
        }
        int exposed = 0;
        for (double v : x) {
            exposed += v > 0 ? 1 : 0;
        }
        return MetricResult.builder(name(), direction()).value(gini(x)).put("exposed-items", exposed).put("items", x.length).build();
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, audit, st));
    }

    /**
     * The Gini coefficient of the items' soft exposure: each item's exposure adds over blocks of users, and the
     * items are sorted by the total's exposure.
     */
    private static final class Separable extends SeparableBase<ExposureGini> {
        private final int numItems;

        Separable(ExposureGini metric, AuditData audit, SurrogateSettings settings) {
            super(metric, settings);
            this.numItems = audit.numItems();
        }

        /** One exposure per item of the catalogue. */
        @Override
        public int size() {
            return numItems;
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            SoftTopK soft = softTopK(scores, block);
            int rows = scores.rows();
            int n = scores.cols();
            double[] w = new double[n];
            double[] x = new double[n];
            for (int u = 0; u < rows; u++) {
                metric.weights(soft, u, w);
                for (int i = 0; i < n; i++) {
                    x[i] += w[i] * soft.membership(u, i);
                }
            }
            return new Part() {
                @Override
                public double[] sums() {
                    return x.clone();
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    if (adjoint.length == 0) {
                        return;
                    }
                    double[] dm = new double[n];
                    for (int u = 0; u < rows; u++) {
                        metric.weights(soft, u, w);
                        for (int i = 0; i < n; i++) {
                            dm[i] = w[i] * adjoint[i];
                        }
                        soft.backwardRow(u, dm, gradient);
                    }
                }
            };
        }

        /**
         * The ascending-rank coefficients {@code 2 r_i - n - 1} of the items, then the numerator and the total of G
         * (both summed in ascending order).
         */
        private static double[] sorted(double[] x) {
            int n = x.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
            double total = 0.0;
            double num = 0.0;
            double[] out = new double[n + 2];
            for (int j = 0; j < n; j++) {
                out[order[j]] = 2.0 * (j + 1) - n - 1;
                num += out[order[j]] * x[order[j]];
                total += x[order[j]];
            }
            out[n] = num;
            out[n + 1] = total;
            return out;
        }

        @Override
        public double value(double[] sums) {
            int n = sums.length;
            double[] s = sorted(sums);
            return s[n + 1] <= 0 ? 0.0 : s[n] / (n * s[n + 1]);
        }

        /** {@code dG/dx_i} per item, or nothing when no item is exposed (no gradient). */
        @Override
        public double[] adjoint(double[] sums) {
            int n = sums.length;
            double[] s = sorted(sums);
            double total = s[n + 1];
            if (total <= 0) {
                return new double[0];
            }
            double g = s[n] / (n * total);
            double[] dx = new double[n];
            for (int i = 0; i < n; i++) {
                dx[i] = (s[i] - n * g) / (n * total);
            }
            return dx;
        }
    }

    private void weights(SoftTopK soft, int u, double[] w) {
        if (!discounted) {
            Arrays.fill(w, 1.0);
            return;
        }
        Arrays.fill(w, RankingMetrics.discount(cutoff() + 1));
        int[] top = soft.exactTop(u);
        for (int p = 0; p < top.length; p++) {
            w[top[p]] = RankingMetrics.discount(p + 1);
        }
    }
}
