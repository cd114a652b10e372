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
 * DGU@K = {@code max_g GU_g - min_g GU_g} with {@code GU_g = GP_g^rec - GP_g^hist} ({@code dgu@K[;items=...]}):
 * the spread between the most over-served and the most under-served item group. 0 = fair, at most 2.
 * Source: Jiang et al., WWW 2024 (IFairLRS). The surrogate's gradient is +1 on the (first) arg-max group and
 * -1 on the (first) arg-min group.
 */
public final class GroupUnfairnessDisparity extends ShareMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("dgu"),
            "dgu@K[;items=pop|popG|headtail|headtailP|<grouping>]",
            "Disparity of group unfairness: max_g GU_g - min_g GU_g (0 = fair).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of(ITEMS));
                return new GroupUnfairnessDisparity(spec.requireK(), spec.param(ITEMS, DEFAULT_ITEMS));
            });

    /**
     * DGU over an item grouping.
     * @param k the cut-off.
     * @param grouping the item grouping spec.
     */
    public GroupUnfairnessDisparity(int k, String grouping) {
        super(MetricSpec.builder("dgu").k(k).param(ITEMS, grouping, DEFAULT_ITEMS).build(), Direction.UNFAIRNESS, k, grouping);
    }

    @Override
    double value(double[] rec, double[] hist, ItemGroups groups) {
        int[] mm = argMinMax(rec, hist);
        return (rec[mm[1]] - hist[mm[1]]) - (rec[mm[0]] - hist[mm[0]]);
    }

    @Override
    double[] gradient(double[] rec, double[] hist, ItemGroups groups) {
        int[] mm = argMinMax(rec, hist);
        double[] d = new double[rec.length];
        d[mm[1]] += 1.0;
        d[mm[0]] -= 1.0;
        return d;
    }

    private static int[] argMinMax(double[] rec, double[] hist) {
        int min = 0;
        int max = 0;
        for (int g = 1; g < rec.length; g++) {
            double gu = rec[g] - hist[g];
            if (gu < rec[min] - hist[min]) {
                min = g;
            }
            if (gu > rec[max] - hist[max]) {
                max = g;
            }
        }
        return new int[]{min, max};
    }
}
