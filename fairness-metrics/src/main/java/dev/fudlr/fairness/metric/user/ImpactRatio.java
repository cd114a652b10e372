/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.metric.UnknownPolicy;
import dev.fudlr.fairness.metric.accuracy.AccuracyMetric;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Impact ratio ({@code impact-ratio@K:<attribute>[;threshold=0.8][;unknown=exclude|group]}): for each compared
 * user group, its hit rate HR@K divided by the best group's hit rate; the value is the smallest ratio (1 =
 * every group served as well as the best, lower = worse), and every group under the threshold is flagged.
 * When no compared group has a hit, all ratios are 1 (no relative disadvantage can be measured). Source:
 * the "four-fifths rule" of the US Uniform Guidelines on Employee Selection Procedures (29 CFR 1607.4(D),
 * 1978), as used for disparate impact by Feldman et al., KDD 2015. No surrogate: a ratio of hit rates
 * is a poor objective; use {@code hr-gap@K} instead.
 */
public final class ImpactRatio extends AbstractMetric {

    private static final String THRESHOLD = "threshold";
    private static final String UNKNOWN = "unknown";
    /** The four-fifths rule. */
    public static final double DEFAULT_THRESHOLD = 0.8;

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("impact-ratio"),
            "impact-ratio@K:<attribute>[;threshold=0.8][;unknown=exclude|group]",
            "Smallest ratio of a user group's hit rate to the best group's (1 = parity); groups under the threshold are flagged.",
            spec -> {
                spec.allowParams(Set.of(THRESHOLD, UNKNOWN));
                return new ImpactRatio(spec.requireK(), spec.requireArgument("a user attribute"), spec.doubleParam(THRESHOLD, DEFAULT_THRESHOLD),
                        spec.enumParam(UNKNOWN, UnknownPolicy.class, UnknownPolicy.EXCLUDE));
            });

    private final String attribute;
    private final double threshold;
    private final UnknownPolicy unknown;

    /**
     * Impact ratio with the four-fifths threshold, unknown users not compared.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection).
     */
    public ImpactRatio(int k, String attribute) {
        this(k, attribute, DEFAULT_THRESHOLD, UnknownPolicy.EXCLUDE);
    }

    /**
     * Impact ratio.
     * @param k the cut-off.
     * @param attribute the attribute (or intersection).
     * @param threshold the flagging threshold, in (0, 1].
     * @param unknown whether unknown users are compared.
     */
    public ImpactRatio(int k, String attribute, double threshold, UnknownPolicy unknown) {
        super(MetricSpec.builder("impact-ratio").k(k).argument(attribute).param(THRESHOLD, threshold, DEFAULT_THRESHOLD)
                .param(UNKNOWN, unknown, UnknownPolicy.EXCLUDE).build(), Direction.HIGHER_IS_BETTER, k);
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("Impact-ratio threshold must be in (0, 1], got " + threshold);
        }
        this.attribute = Objects.requireNonNull(attribute, "attribute");
        this.threshold = threshold;
        this.unknown = unknown;
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        UserGroups groups = new UserGroups(recs.audit().attribute(attribute), unknown);
        double[] hr = groups.means(AccuracyMetric.perUser(recs, RankingMetric.Type.HR, cutoff(), name()));
        double best = 0.0;
        for (int g : groups.compared) {
            best = Math.max(best, hr[g]);
        }
        double min = 1.0;
        MetricResult.Builder b = MetricResult.builder(name(), direction());
        for (int g = 0; g < hr.length; g++) {
            b.put("hr", groups.attribute.group(g), hr[g]);
        }
        for (int g : groups.compared) {
            double ratio = best > 0 ? hr[g] / best : 1.0;
            min = Math.min(min, ratio);
            String name = groups.attribute.group(g);
            b.put("ratio", name, ratio);
            b.put("flagged", name, ratio < threshold ? 1.0 : 0.0);
            if (ratio < threshold) {
                b.flag(String.format(Locale.ROOT, "%s: group %s has impact ratio %.3f < %.2f", name(), name, ratio, threshold));
            }
        }
        groups.describe(b, name());
        return b.value(min).build();
    }

    @Override
    public boolean hasSurrogate() {
        return false;
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        throw noSurrogate("a ratio of hit rates is a poor objective; use hr-gap@K");
    }
}
