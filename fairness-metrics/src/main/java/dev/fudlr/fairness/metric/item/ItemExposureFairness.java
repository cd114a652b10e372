/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.item;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.ExactShares;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.surrogate.SoftShares;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Item-side exposure fairness ({@code item-exposure@K[;items=pop][;reference=items|relevance]}): each item
 * group's share of position-discounted exposure, {@code E_g = sum_u sum_{p: g(L_u[p]) = g} 1/log2(p+1) / (same over all g)}
 * (1-based positions p), compared with a reference share {@code T_g}: the group's share of the catalogue
 * ({@code |g| / n}, default) or of relevance (the group's share of the audit users' targets). The value is
 * the total variation {@code (1/2) sum_g |E_g - T_g|} in [0, 1]; 0 = exposure proportional to the reference.
 * Source: Singh and Joachims, "Fairness of Exposure in Rankings", KDD 2018 (exposure proportional to
 * merit); Biega, Gummadi and Weikum, "Equity of Attention", SIGIR 2018. The total-variation aggregation is ours.
 * <p>
 * Surrogate: {@link SoftShares} with the position discount; {@code dTV/dE_g = sign(E_g - T_g)/2}.
 */
public final class ItemExposureFairness extends AbstractMetric {

    private static final String ITEMS = "items";
    private static final String REFERENCE = "reference";
    private static final String DEFAULT_ITEMS = "pop";

    /** What a group's exposure share is compared with. */
    public enum Reference {
        /** The group's share of the catalogue's items. */
        ITEMS,
        /** The group's share of the audit users' target items. */
        RELEVANCE
    }

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("item-exposure"),
            "item-exposure@K[;items=pop|popG|headtail|<grouping>][;reference=items|relevance]",
            "Total variation between item groups' position-discounted exposure shares and their share of items or relevance (0 = fair).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of(ITEMS, REFERENCE));
                return new ItemExposureFairness(spec.requireK(), spec.param(ITEMS, DEFAULT_ITEMS),
                        spec.enumParam(REFERENCE, Reference.class, Reference.ITEMS));
            });

    private final String grouping;
    private final Reference reference;

    /**
     * Item exposure fairness.
     * @param k the cut-off.
     * @param grouping the item grouping spec.
     * @param reference the reference share.
     */
    public ItemExposureFairness(int k, String grouping, Reference reference) {
        super(MetricSpec.builder("item-exposure").k(k).param(ITEMS, grouping, DEFAULT_ITEMS).param(REFERENCE, reference, Reference.ITEMS).build(),
                Direction.UNFAIRNESS, k);
        this.grouping = Objects.requireNonNull(grouping, "grouping");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    private double[] referenceShares(AuditData audit, ItemGroups items) {
        double[] t = new double[items.numGroups()];
        if (reference == Reference.ITEMS) {
            for (int g = 0; g < t.length; g++) {
                t[g] = items.size(g) / (double) items.numItems();
            }
            return t;
        }
        Targets targets = audit.targets(name());
        double total = 0;
        for (int u = 0; u < targets.numUsers(); u++) {
            for (int j = 0; j < targets.count(u); j++) {
                t[items.groupOf(targets.relevant(u, j))] += 1.0;
                total += 1.0;
            }
        }
        if (total == 0) {
            throw new IllegalStateException("Metric " + name() + " compares with relevance, but no audit user has a rankable target");
        }
        for (int g = 0; g < t.length; g++) {
            t[g] /= total;
        }
        return t;
    }

    private static double tv(double[] e, double[] t) {
        double s = 0.0;
        for (int g = 0; g < e.length; g++) {
            s += Math.abs(e[g] - t[g]);
        }
        return s / 2;
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        recs.lists().checkCutoff(cutoff(), name());
        ItemGroups items = recs.audit().itemGroups(grouping);
        double[] e = ExactShares.ofLists(recs.lists(), cutoff(), items, null, 1, true).shares(0);
        double[] t = referenceShares(recs.audit(), items);
        MetricResult.Builder b = MetricResult.builder(name(), direction()).value(tv(e, t));
        for (int g = 0; g < e.length; g++) {
            b.put("exposure", items.group(g), e[g]);
            b.put("reference", items.group(g), t[g]);
            b.put("diff", items.group(g), e[g] - t[g]);
        }
        return b.build();
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, audit, st));
    }

    /**
     * The total variation between the discounted soft exposure shares and the reference: the shares' weighted
     * membership sums add over blocks of users; the item groups and the reference shares are the whole audit's.
     */
    private static final class Separable extends SeparableBase<ItemExposureFairness> {
        private final ItemGroups items;
        private final double[] t;

        Separable(ItemExposureFairness metric, AuditData audit, SurrogateSettings settings) {
            super(metric, settings);
            this.items = audit.itemGroups(metric.grouping);
            this.t = metric.referenceShares(audit, items);
        }

        /** The packed sums of {@link SoftShares#overall}: per item group, then the total. */
        @Override
        public int size() {
            return items.numGroups() + 1;
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            SoftShares ss = SoftShares.overall(softTopK(scores, block), items, true);
            return new Part() {
                @Override
                public double[] sums() {
                    return ss.packedSums();
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    ss.withTotals(sums).backward(new double[][]{adjoint}, gradient);
                }
            };
        }

        /** The exposure shares of the total. */
        private double[] exposure(double[] sums) {
            if (sums.length != size()) {
                throw new IllegalArgumentException("Sums of " + sums.length + " terms, expected " + size());
            }
            return SoftShares.shares(sums, 1, 0);
        }

        @Override
        public double value(double[] sums) {
            return tv(exposure(sums), t);
        }

        /** {@code dTV/dE_g = sign(E_g - T_g) / 2} per item group. */
        @Override
        public double[] adjoint(double[] sums) {
            double[] e = exposure(sums);
            double[] dE = new double[e.length];
            for (int g = 0; g < e.length; g++) {
                dE[g] = Math.signum(e[g] - t[g]) / 2;
            }
            return dE;
        }
    }
}
