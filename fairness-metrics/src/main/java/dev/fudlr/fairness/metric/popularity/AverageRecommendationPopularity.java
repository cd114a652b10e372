/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricSpec;

import java.util.List;
import java.util.Set;

/**
 * ARP@K, average recommendation popularity ({@code arp@K}): {@code (1/|U|) sum_u (1/|L_u|) sum_{i in L_u} phi(i)}
 * with {@code phi(i)} the item's training interaction count. Lower means less popularity bias; it has no
 * "fair" zero, so normalise it by its value before debiasing in a composite. Source: Abdollahpouri, Burke
 * and Mobasher, "Managing Popularity Bias in Recommender Systems with Personalized Re-ranking", FLAIRS 2019.
 */
public final class AverageRecommendationPopularity extends ListAverageMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("arp"), "arp@K",
            "Average recommendation popularity: mean training count of recommended items (lower = less popularity bias).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of());
                return new AverageRecommendationPopularity(spec.requireK());
            });

    /**
     * ARP at a cut-off.
     * @param k the cut-off.
     */
    public AverageRecommendationPopularity(int k) {
        super(MetricSpec.builder("arp").k(k).build(), Direction.LOWER_IS_BETTER, k);
    }

    @Override
    double[] itemValues(AuditData audit) {
        long[] counts = audit.itemCounts(name());
        double[] v = new double[counts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = counts[i];
        }
        return v;
    }
}
