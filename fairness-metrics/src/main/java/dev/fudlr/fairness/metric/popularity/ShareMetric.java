/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.ExactShares;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.surrogate.SoftShares;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

/**
 * The shared shape of GP, GU, MGU and DGU: a function {@code f(GP^rec, GP^hist)} of the item-group shares of
 * all top-K slots and of the audit users' history. A subclass gives f and its gradient in GP^rec; this class
 * computes the shares exactly (on lists) or smoothly (on scores) and chains the gradient.
 */
abstract class ShareMetric extends AbstractMetric {

    /** Parameter naming the item grouping. */
    static final String ITEMS = "items";
    /** Default item grouping: popularity groups with equal interaction mass. */
    static final String DEFAULT_ITEMS = "pop";

    private final String grouping;

    ShareMetric(MetricSpec spec, Direction direction, int k, String grouping) {
        super(spec, direction, k);
        this.grouping = grouping;
    }

    /**
     * The item grouping spec.
     * @return for example {@code "pop"}.
     */
    final String grouping() {
        return grouping;
    }

    /**
     * The metric value.
     * @param rec GP^rec per item group.
     * @param hist GP^hist per item group.
     * @param groups the item groups.
     * @return f.
     */
    abstract double value(double[] rec, double[] hist, ItemGroups groups);

    /**
     * The gradient of {@link #value} in GP^rec.
     * @param rec GP^rec.
     * @param hist GP^hist.
     * @param groups the item groups.
     * @return df / dGP^rec_g per group.
     */
    abstract double[] gradient(double[] rec, double[] hist, ItemGroups groups);

    @Override
    public final MetricResult compute(Recommendations recs) {
        recs.lists().checkCutoff(cutoff(), name());
        ItemGroups groups = recs.audit().itemGroups(grouping);
        double[] rec = ExactShares.ofLists(recs.lists(), cutoff(), groups, null, 1, false).shares(0);
        double[] hist = ExactShares.ofHistory(recs.audit(), groups, name()).shares(0);
        MetricResult.Builder b = MetricResult.builder(name(), direction()).value(value(rec, hist, groups));
        for (int g = 0; g < groups.numGroups(); g++) {
            b.put("gp_rec", groups.group(g), rec[g]);
            b.put("gp_hist", groups.group(g), hist[g]);
            b.put("gu", groups.group(g), rec[g] - hist[g]);
            b.put("items", groups.group(g), groups.size(g));
        }
        return b.build();
    }

    @Override
    public final Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, audit, st));
    }

    /** {@code F(rec, hist)} of the overall soft shares: the shares' weighted membership sums add over users. */
    private static final class Separable extends SeparableBase<ShareMetric> {
        private final ItemGroups groups;
        private final double[] hist;

        Separable(ShareMetric metric, AuditData audit, SurrogateSettings settings) {
            super(metric, settings);
            this.groups = audit.itemGroups(metric.grouping);
            this.hist = ExactShares.ofHistory(audit, groups, metric.name()).shares(0);
        }

        /** The packed sums of {@link SoftShares#overall}: per item group, then the total. */
        @Override
        public int size() {
            return groups.numGroups() + 1;
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            SoftTopK soft = softTopK(scores, block);
            SoftShares shares = SoftShares.overall(soft, block.itemGroups(metric.grouping), false);
            return new Part() {
                @Override
                public double[] sums() {
                    return shares.packedSums();
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    shares.withTotals(sums).backward(new double[][]{adjoint}, gradient);
                }
            };
        }

        @Override
        public double value(double[] sums) {
            return metric.value(SoftShares.shares(sums, 1, 0), hist, groups);
        }

        @Override
        public double[] adjoint(double[] sums) {
            return metric.gradient(SoftShares.shares(sums, 1, 0), hist, groups);
        }
    }
}
