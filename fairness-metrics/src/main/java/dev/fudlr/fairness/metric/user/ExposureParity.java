/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.ExactShares;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.metric.UnknownPolicy;
import dev.fudlr.fairness.surrogate.SoftShares;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exposure parity between user groups ({@code exposure-parity@K:<attribute>[;items=pop][;dist=tv|l1][;unknown=exclude|group]}):
 * each compared user group a gets a distribution {@code P_a(g)} of its top-K slots over item groups g; the
 * metric is the largest distance between two groups' distributions,
 * {@code max_{a<b} (1/2) sum_g |P_a(g) - P_b(g)|} (total variation, in [0, 1]; {@code dist=l1} doubles it).
 * 0 = every user group is shown the same mix of item groups. A demographic-parity criterion on exposure
 * (our formulation; cf. the calibration view of Steck, "Calibrated Recommendations", RecSys 2018, and
 * Abdollahpouri et al., "User-centered Evaluation of Popularity Bias in Recommender Systems", UMAP 2021).
 * <p>
 * Surrogate: the same on {@link SoftShares} per user group; the gradient of the maximising pair is
 * {@code +-c sign(P_a(g) - P_b(g))} with {@code c = 1/2} (tv) or 1 (l1).
 */
public final class ExposureParity extends AbstractMetric {

    private static final String ITEMS = "items";
    private static final String DIST = "dist";
    private static final String UNKNOWN = "unknown";
    private static final String DEFAULT_ITEMS = "pop";

    /** Distances between two distributions. */
    public enum Distance {
        /** Total variation, {@code (1/2) L1}, in [0, 1]. */
        TV,
        /** L1, in [0, 2]. */
        L1
    }

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("exposure-parity"),
            "exposure-parity@K:<attribute>[;items=pop|popG|headtail|<grouping>][;dist=tv|l1][;unknown=exclude|group]",
            "Largest distance between two user groups' distributions of recommended item groups (0 = parity).",
            spec -> {
                spec.allowParams(Set.of(ITEMS, DIST, UNKNOWN));
                return new ExposureParity(spec.requireK(), spec.requireArgument("a user attribute"), spec.param(ITEMS, DEFAULT_ITEMS),
                        spec.enumParam(DIST, Distance.class, Distance.TV), spec.enumParam(UNKNOWN, UnknownPolicy.class, UnknownPolicy.EXCLUDE));
            });

    private final String attribute;
    private final String grouping;
    private final Distance distance;
    private final UnknownPolicy unknown;

    /**
     * Exposure parity with total variation over 5 popularity groups, unknown users not compared.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection).
     */
    public ExposureParity(int k, String attribute) {
        this(k, attribute, DEFAULT_ITEMS, Distance.TV, UnknownPolicy.EXCLUDE);
    }

    /**
     * Exposure parity.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection).
     * @param grouping the item grouping spec.
     * @param distance the distance between distributions.
     * @param unknown whether unknown users are compared.
     */
    public ExposureParity(int k, String attribute, String grouping, Distance distance, UnknownPolicy unknown) {
        super(MetricSpec.builder("exposure-parity").k(k).argument(attribute).param(ITEMS, grouping, DEFAULT_ITEMS)
                .param(DIST, distance, Distance.TV).param(UNKNOWN, unknown, UnknownPolicy.EXCLUDE).build(), Direction.UNFAIRNESS, k);
        this.attribute = Objects.requireNonNull(attribute, "attribute");
        this.grouping = Objects.requireNonNull(grouping, "grouping");
        this.distance = distance;
        this.unknown = unknown;
    }

    private double scale() {
        return distance == Distance.TV ? 0.5 : 1.0;
    }

    /** Returns {value, a, b} of the most distant pair among compared groups with slots (a = b = -1 if none). */
    private double[] maxPair(double[][] shares, double[] mass, int[] compared) {
        double best = 0.0;
        int ba = -1;
        int bb = -1;
        for (int x = 0; x < compared.length; x++) {
            for (int y = x + 1; y < compared.length; y++) {
                int a = compared[x];
                int b = compared[y];
                if (mass[a] <= 0 || mass[b] <= 0) {
                    continue;
                }
                double d = 0.0;
                for (int g = 0; g < shares[a].length; g++) {
                    d += Math.abs(shares[a][g] - shares[b][g]);
                }
                d *= scale();
                if (ba < 0 || d > best) {
                    best = d;
                    ba = a;
                    bb = b;
                }
            }
        }
        return new double[]{best, ba, bb};
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        recs.lists().checkCutoff(cutoff(), name());
        UserGroups groups = new UserGroups(recs.audit().attribute(attribute), unknown);
        ItemGroups items = recs.audit().itemGroups(grouping);
        int na = groups.attribute.numGroups();
        ExactShares ex = ExactShares.ofLists(recs.lists(), cutoff(), items, groups.groupOfUser, na, false);
        double[][] shares = new double[na][];
        double[] mass = new double[na];
        for (int a = 0; a < na; a++) {
            shares[a] = ex.shares(a);
            mass[a] = ex.mass(a);
        }
        double[] pair = maxPair(shares, mass, groups.compared);
        MetricResult.Builder b = MetricResult.builder(name(), direction()).value(pair[0]);
        for (int a : groups.compared) {
            for (int g = 0; g < items.numGroups(); g++) {
                b.put("share", groups.attribute.group(a) + "," + items.group(g), shares[a][g]);
            }
        }
        // Every pair's distance, so the report shows which pair sets the maximum.
        for (int x = 0; x < groups.compared.length; x++) {
            for (int y = x + 1; y < groups.compared.length; y++) {
                int a = groups.compared[x];
                int c = groups.compared[y];
                if (mass[a] > 0 && mass[c] > 0) {
                    double[] one = maxPair(shares, mass, new int[]{a, c});
                    b.put("distance", groups.attribute.group(a) + "," + groups.attribute.group(c), one[0]);
                }
            }
        }
        groups.describe(b, name());
        return b.build();
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, audit, st));
    }

    /**
     * The largest distance between the per-user-group soft shares: the shares' weighted membership sums add over
     * blocks of users; the compared groups are those of the whole audit, and the most distant pair is chosen from the
     * total.
     */
    private static final class Separable extends SeparableBase<ExposureParity> {
        private final ItemGroups items;
        private final int numGroups;
        private final int[] compared;

        Separable(ExposureParity metric, AuditData audit, SurrogateSettings settings) {
            super(metric, settings);
            UserGroups groups = new UserGroups(audit.attribute(metric.attribute), metric.unknown);
            this.items = audit.itemGroups(metric.grouping);
            this.numGroups = groups.attribute.numGroups();
            this.compared = groups.compared.clone();
        }

        /** The packed sums of {@link SoftShares#perUserGroup}: per user group and item group, then per user group its total. */
        @Override
        public int size() {
            return numGroups * (items.numGroups() + 1);
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            int[] groupOfUser = new UserGroups(block.attribute(metric.attribute), metric.unknown).groupOfUser;
            SoftTopK soft = softTopK(scores, block);
            SoftShares ss = SoftShares.perUserGroup(soft, groupOfUser, numGroups, items, false);
            return new Part() {
                @Override
                public double[] sums() {
                    return ss.packedSums();
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    if (adjoint.length == 0) {
                        return;
                    }
                    int a = (int) adjoint[0];
                    int b = (int) adjoint[1];
                    int ng = items.numGroups();
                    double[][] dP = new double[numGroups][];
                    dP[a] = new double[ng];
                    dP[b] = new double[ng];
                    for (int g = 0; g < ng; g++) {
                        double s = adjoint[2 + g];
                        dP[a][g] = s;
                        dP[b][g] = -s;
                    }
                    ss.withTotals(sums).backward(dP, gradient);
                }
            };
        }

        /** {value, a, b} of the most distant pair of the total (see {@link ExposureParity#maxPair}). */
        private double[] pair(double[] sums, double[][] shares) {
            int ng = items.numGroups();
            if (sums.length != size()) {
                throw new IllegalArgumentException("Sums of " + sums.length + " terms, expected " + size());
            }
            double[] mass = new double[numGroups];
            for (int a = 0; a < numGroups; a++) {
                shares[a] = SoftShares.shares(sums, numGroups, a);
                mass[a] = sums[numGroups * ng + a];
            }
            return metric.maxPair(shares, mass, compared);
        }

        @Override
        public double value(double[] sums) {
            return pair(sums, new double[numGroups][])[0];
        }

        /**
         * The most distant pair {@code a, b} and {@code d distance / d P_a(g)} per item group ({@code -} that for b),
         * or nothing when no pair has slots (no gradient).
         */
        @Override
        public double[] adjoint(double[] sums) {
            double[][] shares = new double[numGroups][];
            double[] pair = pair(sums, shares);
            if (pair[1] < 0) {
                return new double[0];
            }
            int a = (int) pair[1];
            int b = (int) pair[2];
            int ng = items.numGroups();
            double[] out = new double[2 + ng];
            out[0] = a;
            out[1] = b;
            for (int g = 0; g < ng; g++) {
                out[2 + g] = metric.scale() * Math.signum(shares[a][g] - shares[b][g]);
            }
            return out;
        }
    }
}
