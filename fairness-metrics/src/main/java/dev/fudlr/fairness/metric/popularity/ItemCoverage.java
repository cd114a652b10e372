/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Item coverage ({@code coverage@K}): the share of catalogue items that appear in at least one user's top-K
 * list (aggregate diversity). Higher is better. Source: Adomavicius and Kwon, "Improving Aggregate
 * Recommendation Diversity Using Ranking-Based Techniques", IEEE TKDE 2012. No surrogate: a count of
 * distinct items is flat almost everywhere; use {@code gini@K} as the objective.
 */
public final class ItemCoverage extends AbstractMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("coverage"), "coverage@K",
            "Share of catalogue items recommended to at least one user (higher = broader exposure).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of());
                return new ItemCoverage(spec.requireK());
            });

    /**
     * Coverage at a cut-off.
     * @param k the cut-off.
     */
    public ItemCoverage(int k) {
        super(MetricSpec.builder("coverage").k(k).build(), Direction.HIGHER_IS_BETTER, k);
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        TopKLists lists = recs.lists();
        lists.checkCutoff(cutoff(), name());
        BitSet seen = new BitSet(lists.numItems());
        for (int u = 0; u < lists.numUsers(); u++) {
            int len = lists.length(u, cutoff());
            for (int p = 0; p < len; p++) {
                seen.set(lists.item(u, p));
            }
        }
        return MetricResult.builder(name(), direction()).value(seen.cardinality() / (double) lists.numItems())
                .put("covered-items", seen.cardinality()).put("items", lists.numItems()).build();
    }

    @Override
    public boolean hasSurrogate() {
        return false;
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        throw noSurrogate("the number of distinct recommended items is flat almost everywhere; use gini@K as an objective");
    }
}
