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
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

/**
 * The shared shape of ARP and APLT: the mean over users of the average of an item value {@code v_i} over the
 * user's list, {@code (1/|U|) sum_u (1/|L_u|) sum_{i in L_u} v_i}, over users with a non-empty list.
 * <p>
 * Surrogate: {@code (1/|U|) sum_u sum_i m_ui v_i / sum_i m_ui}, with
 * {@code d/dm_ui = (v_i - A_u) / (|U| M_u)} where {@code A_u} is the user's smooth average and {@code M_u}
 * its membership mass.
 */
abstract class ListAverageMetric extends AbstractMetric {

    ListAverageMetric(MetricSpec spec, Direction direction, int k) {
        super(spec, direction, k);
    }

    /**
     * The value of every item.
     * @param audit the audit data.
     * @return one value per item.
     */
    abstract double[] itemValues(AuditData audit);

    @Override
    public final MetricResult compute(Recommendations recs) {
        TopKLists lists = recs.lists();
        lists.checkCutoff(cutoff(), name());
        double[] v = itemValues(recs.audit());
        double sum = 0.0;
        int users = 0;
        for (int u = 0; u < lists.numUsers(); u++) {
            int len = lists.length(u, cutoff());
            if (len == 0) {
                continue;
            }
            double s = 0.0;
            for (int p = 0; p < len; p++) {
                s += v[lists.item(u, p)];
            }
            sum += s / len;
            users++;
        }
        if (users == 0) {
            throw new IllegalStateException("Metric " + name() + ": no user has a non-empty list");
        }
        return MetricResult.builder(name(), direction()).value(sum / users).put("users", users).build();
    }

    @Override
    public final Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, audit, st));
    }

    /**
     * The mean of the users' smooth list averages: the sum of the averages and the number of users with a rankable
     * item add over blocks of users; the item values are the whole audit's.
     */
    private static final class Separable extends SeparableBase<ListAverageMetric> {
        private final double[] v;

        Separable(ListAverageMetric metric, AuditData audit, SurrogateSettings settings) {
            super(metric, settings);
            this.v = metric.itemValues(audit);
        }

        /** The sum of the users' averages and the number of users with a rankable item. */
        @Override
        public int size() {
            return 2;
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            SoftTopK soft = softTopK(scores, block);
            int rows = scores.rows();
            int cols = scores.cols();
            double[] avg = new double[rows];
            double sum = 0.0;
            int users = 0;
            for (int u = 0; u < rows; u++) {
                double mass = soft.mass(u);
                if (mass <= 0) {
                    continue;
                }
                double s = 0.0;
                for (int i = 0; i < cols; i++) {
                    s += soft.membership(u, i) * v[i];
                }
                avg[u] = s / mass;
                sum += avg[u];
                users++;
            }
            double[] sums = {sum, users};
            return new Part() {
                @Override
                public double[] sums() {
                    return sums.clone();
                }

                @Override
                public void backward(double[] total, double[] adjoint, double[] gradient) {
                    double all = adjoint[0];
                    double[] dm = new double[cols];
                    for (int u = 0; u < rows; u++) {
                        double mass = soft.mass(u);
                        if (mass <= 0) {
                            continue;
                        }
                        double scale = 1.0 / (all * mass);
                        for (int i = 0; i < cols; i++) {
                            dm[i] = (v[i] - avg[u]) * scale;
                        }
                        soft.backwardRow(u, dm, gradient);
                    }
                }
            };
        }

        /** The number of users the mean divides by (those with a rankable item, over all blocks). */
        private double users(double[] sums) {
            if (sums[1] == 0) {
                throw new IllegalStateException("Metric " + metric.name() + ": no user has a rankable item");
            }
            return sums[1];
        }

        @Override
        public double value(double[] sums) {
            return sums[0] / users(sums);
        }

        /** The number of users {@code |U|}: each user's derivative is {@code (v_i - A_u) / (|U| M_u)}. */
        @Override
        public double[] adjoint(double[] sums) {
            return new double[]{users(sums)};
        }
    }
}
