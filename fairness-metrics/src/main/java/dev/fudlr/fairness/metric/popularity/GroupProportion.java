/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricSpec;

import java.util.List;
import java.util.Set;

/**
 * GP_g@K: the share of all top-K slots (over all audit users) that go to items of group g
 * ({@code gp@K:<group>[;items=...]}). Descriptive: it has no fair value of its own; {@link GroupUnfairness}
 * compares it with the history share. Source: Jiang et al., "Item-side Fairness of Large Language
 * Model-based Recommendation System", WWW 2024 (IFairLRS).
 */
public final class GroupProportion extends ShareMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("gp"),
            "gp@K:<item group>[;items=pop|popG|headtail|headtailP|<grouping>]",
            "Share of all top-K slots given to one item group (descriptive).",
            spec -> {
                spec.allowParams(Set.of(ITEMS));
                return new GroupProportion(spec.requireK(), spec.requireArgument("an item group"), spec.param(ITEMS, DEFAULT_ITEMS));
            });

    private final String group;

    /**
     * GP of one item group.
     * @param k the cut-off.
     * @param group the item group's name (for example {@code "pop1"}).
     * @param grouping the item grouping spec (for example {@code "pop"}).
     */
    public GroupProportion(int k, String group, String grouping) {
        super(MetricSpec.builder("gp").k(k).argument(group).param(ITEMS, grouping, DEFAULT_ITEMS).build(), Direction.DESCRIPTIVE, k, grouping);
        this.group = group;
    }

    @Override
    double value(double[] rec, double[] hist, ItemGroups groups) {
        return rec[groups.indexOf(group)];
    }

    @Override
    double[] gradient(double[] rec, double[] hist, ItemGroups groups) {
        double[] d = new double[rec.length];
        d[groups.indexOf(group)] = 1.0;
        return d;
    }
}
