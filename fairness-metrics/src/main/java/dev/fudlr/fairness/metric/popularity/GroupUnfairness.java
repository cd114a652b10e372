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
 * GU_g@K = GP_g^rec - GP_g^hist ({@code gu@K:<group>[;items=...]}): how much more (positive) or less (negative)
 * of the top-K slots an item group gets than its share of the audit users' history. Signed, distance
 * {@code |GU_g|}. Source: Jiang et al., WWW 2024 (IFairLRS).
 */
public final class GroupUnfairness extends ShareMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("gu"),
            "gu@K:<item group>[;items=pop|popG|headtail|headtailP|<grouping>]",
            "Signed group unfairness of one item group: recommended share minus history share (0 = fair).",
            spec -> {
                spec.allowParams(Set.of(ITEMS));
                return new GroupUnfairness(spec.requireK(), spec.requireArgument("an item group"), spec.param(ITEMS, DEFAULT_ITEMS));
            });

    private final String group;

    /**
     * GU of one item group.
     * @param k the cut-off.
     * @param group the item group's name.
     * @param grouping the item grouping spec.
     */
    public GroupUnfairness(int k, String group, String grouping) {
        super(MetricSpec.builder("gu").k(k).argument(group).param(ITEMS, grouping, DEFAULT_ITEMS).build(), Direction.SIGNED, k, grouping);
        this.group = group;
    }

    @Override
    double value(double[] rec, double[] hist, ItemGroups groups) {
        int g = groups.indexOf(group);
        return rec[g] - hist[g];
    }

    @Override
    double[] gradient(double[] rec, double[] hist, ItemGroups groups) {
        double[] d = new double[rec.length];
        d[groups.indexOf(group)] = 1.0;
        return d;
    }
}
