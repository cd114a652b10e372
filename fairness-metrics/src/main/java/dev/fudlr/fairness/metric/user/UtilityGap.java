/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.metric.UnknownPolicy;
import dev.fudlr.fairness.metric.accuracy.AccuracyMetric;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.SoftUtility;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Utility gap between user groups ({@code ndcg-gap@K:<attribute>}, also {@code hr-gap}, {@code recall-gap},
 * {@code mrr-gap}; parameters {@code agg=range|mad|signed|worst}, {@code unknown=exclude|group}): the mean
 * per-user accuracy {@code M_a} of each compared group of a sensitive attribute (or intersection
 * {@code a*b}), aggregated by {@link GapAggregation}: for two groups {@code |M_A - M_B|}, for more
 * {@code max - min} (default) or the mean absolute deviation; {@code signed} keeps the sign for two groups;
 * {@code worst} has the value of {@code range} but a surrogate gradient that only raises the worst-off group.
 * 0 = equal utility. Source: Li, Chen, Fu, Ge and Zhang, "User-oriented Fairness in Recommendation",
 * WWW 2021 (their UGF with NDCG); per-user values from {@link AccuracyMetric#perUser}.
 * <p>
 * Surrogate: the same aggregation of group means of {@link SoftUtility}; {@code dgap/dU_u = dgap/dM_a / |a|}.
 */
public final class UtilityGap extends AbstractMetric {

    private static final String AGG = "agg";
    private static final String UNKNOWN = "unknown";
    private static final String USERS = "users";

    /** Which users a gap averages over. */
    public enum Users {
        /** Every audit user (a user without a relevant item counts with accuracy 0). The default. */
        ALL,
        /** Only users with at least one relevant item, as Elliot's user-fairness metrics count them. */
        RELEVANT
    }

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("ndcg-gap", "hr-gap", "recall-gap", "mrr-gap"),
            "ndcg-gap@K:<attribute>[*<attribute>...][;agg=range|mad|pairwise|signed|worst][;unknown=exclude|group][;users=all|relevant]"
            + " (also hr-gap, recall-gap, mrr-gap)",
            "Gap in mean accuracy between user groups of a sensitive attribute (0 = equal utility).",
            spec -> {
                spec.allowParams(Set.of(AGG, UNKNOWN, USERS));
                String fam = spec.family();
                RankingMetric.Type type = RankingMetric.Type.fromName(fam.substring(0, fam.length() - "-gap".length()));
                return new UtilityGap(type, spec.requireK(), spec.requireArgument("a user attribute"),
                        spec.enumParam(AGG, GapAggregation.class, GapAggregation.RANGE),
                        spec.enumParam(UNKNOWN, UnknownPolicy.class, UnknownPolicy.EXCLUDE),
                        spec.enumParam(USERS, Users.class, Users.ALL));
            });

    private final RankingMetric.Type type;
    private final String attribute;
    private final GapAggregation aggregation;
    private final UnknownPolicy unknown;
    private final Users users;

    /**
     * A utility gap with the default aggregation (range) and unknown users excluded from the comparison.
     * @param type the accuracy metric.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection {@code a*b}).
     */
    public UtilityGap(RankingMetric.Type type, int k, String attribute) {
        this(type, k, attribute, GapAggregation.RANGE, UnknownPolicy.EXCLUDE);
    }

    /**
     * A utility gap.
     * @param type the accuracy metric.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection {@code a*b}).
     * @param aggregation how group means become one gap.
     * @param unknown whether unknown users are compared.
     */
    public UtilityGap(RankingMetric.Type type, int k, String attribute, GapAggregation aggregation, UnknownPolicy unknown) {
        this(type, k, attribute, aggregation, unknown, Users.ALL);
    }

    /**
     * A utility gap over some of the users.
     * @param type the accuracy metric.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection {@code a*b}).
     * @param aggregation how group means become one gap.
     * @param unknown whether unknown users are compared.
     * @param users which users the group means average over.
     */
    public UtilityGap(RankingMetric.Type type, int k, String attribute, GapAggregation aggregation, UnknownPolicy unknown, Users users) {
        super(MetricSpec.builder(type.displayName().toLowerCase(Locale.ROOT) + "-gap").k(k).argument(attribute)
                        .param(AGG, aggregation, GapAggregation.RANGE).param(UNKNOWN, unknown, UnknownPolicy.EXCLUDE)
                        .param(USERS, users, Users.ALL).build(),
                aggregation == GapAggregation.SIGNED ? Direction.SIGNED : Direction.UNFAIRNESS, k);
        this.type = type;
        this.attribute = Objects.requireNonNull(attribute, "attribute");
        this.aggregation = aggregation;
        this.unknown = unknown;
        this.users = Objects.requireNonNull(users, "users");
    }

    /** The comparison's users: every user, or those with a relevant item. */
    private UserGroups groups(AuditData audit) {
        boolean[] included = null;
        if (users == Users.RELEVANT) {
            Targets targets = audit.targets(name());
            included = new boolean[targets.numUsers()];
            for (int u = 0; u < included.length; u++) {
                included[u] = targets.count(u) > 0;
            }
        }
        return new UserGroups(audit.attribute(attribute), unknown, included);
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        UserGroups groups = groups(recs.audit());
        double[] perUser = AccuracyMetric.perUser(recs, type, cutoff(), name());
        double[] means = groups.means(perUser);
        double value = aggregation.apply(means, groups.compared, null, name());
        MetricResult.Builder b = MetricResult.builder(name(), direction()).value(value);
        String q = type.displayName().toLowerCase(Locale.ROOT);
        for (int g = 0; g < means.length; g++) {
            b.put(q, groups.attribute.group(g), means[g]);
        }
        groups.describe(b, name());
        return b.build();
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, audit, st));
    }

    /**
     * The aggregation of the group means of soft utilities: each group's sum of utilities adds over blocks of users;
     * the group sizes and the compared groups are those of the whole audit.
     */
    private static final class Separable extends SeparableBase<UtilityGap> {
        private final int[] groupSizes;
        private final int[] compared;

        Separable(UtilityGap metric, AuditData audit, SurrogateSettings settings) {
            super(metric, settings);
            UserGroups groups = metric.groups(audit);
            this.groupSizes = groups.size.clone();
            this.compared = groups.compared.clone();
        }

        /** One sum of utilities per group of the attribute. */
        @Override
        public int size() {
            return groupSizes.length;
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            // The block's own groups give each of its users' group and inclusion; its sizes are not used.
            UserGroups groups = metric.groups(block);
            SoftTopK soft = softTopK(scores, block);
            SoftUtility utility = SoftUtility.compute(soft, block.targets(metric.name()), metric.type);
            return new Part() {
                @Override
                public double[] sums() {
                    return groups.sums(utility.values());
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    double[] dU = new double[scores.rows()];
                    for (int u = 0; u < dU.length; u++) {
                        int g = groups.groupOfUser[u];
                        if (g >= 0) {
                            dU[u] = adjoint[g];
                        }
                    }
                    utility.backward(dU, gradient);
                }
            };
        }

        /** The group means of the whole, as {@link UserGroups#means} computes them. */
        private double[] means(double[] sums) {
            if (sums.length != groupSizes.length) {
                throw new IllegalArgumentException("Sums of " + sums.length + " groups for an attribute of " + groupSizes.length);
            }
            double[] means = new double[sums.length];
            for (int g = 0; g < means.length; g++) {
                means[g] = groupSizes[g] > 0 ? sums[g] / groupSizes[g] : Double.NaN;
            }
            return means;
        }

        @Override
        public double value(double[] sums) {
            return metric.aggregation.apply(means(sums), compared, null, metric.name());
        }

        /** {@code d gap / d M_a / |a|} per group: the derivative in each of the group's users' utility. */
        @Override
        public double[] adjoint(double[] sums) {
            double[] dMeans = new double[groupSizes.length];
            metric.aggregation.apply(means(sums), compared, dMeans, metric.name());
            double[] out = new double[groupSizes.length];
            for (int g = 0; g < out.length; g++) {
                if (groupSizes[g] > 0) {
                    out[g] = dMeans[g] / groupSizes[g];
                }
            }
            return out;
        }
    }
}
