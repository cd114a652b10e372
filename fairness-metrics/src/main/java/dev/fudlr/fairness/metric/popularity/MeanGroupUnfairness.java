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
 * MGU@K = {@code (1/G) sum_g |GP_g^rec - GP_g^hist|} ({@code mgu@K[;items=...]}): the mean absolute gap
 * between each item group's share of top-K slots and its share of the audit users' history. 0 = the
 * recommendations reproduce the history's group distribution; at most {@code 2/G}. Source: Jiang et al.,
 * WWW 2024 (IFairLRS). The surrogate's gradient uses {@code sign(GU_g)} (0 at exactly 0).
 */
public final class MeanGroupUnfairness extends ShareMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("mgu"),
            "mgu@K[;items=pop|popG|headtail|headtailP|<grouping>]",
            "Mean group unfairness: mean over item groups of |recommended share - history share| (0 = fair).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of(ITEMS));
                return new MeanGroupUnfairness(spec.requireK(), spec.param(ITEMS, DEFAULT_ITEMS));
            });

    /**
     * MGU over an item grouping.
     * @param k the cut-off.
     * @param grouping the item grouping spec (default {@code "pop"}: 5 equal-mass popularity groups).
     */
    public MeanGroupUnfairness(int k, String grouping) {
        super(MetricSpec.builder("mgu").k(k).param(ITEMS, grouping, DEFAULT_ITEMS).build(), Direction.UNFAIRNESS, k, grouping);
    }

    @Override
    double value(double[] rec, double[] hist, ItemGroups groups) {
        double s = 0.0;
        for (int g = 0; g < rec.length; g++) {
            s += Math.abs(rec[g] - hist[g]);
        }
        return s / rec.length;
    }

    @Override
    double[] gradient(double[] rec, double[] hist, ItemGroups groups) {
        double[] d = new double[rec.length];
        for (int g = 0; g < rec.length; g++) {
            d[g] = Math.signum(rec[g] - hist[g]) / rec.length;
        }
        return d;
    }
}
