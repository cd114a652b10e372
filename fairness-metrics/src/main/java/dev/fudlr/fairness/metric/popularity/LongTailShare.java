/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricSpec;

import java.util.List;
import java.util.Set;

/**
 * APLT@K, average percentage of long-tail items ({@code aplt@K[;items=headtail|headtailP|<grouping>][;tail=<group>]}):
 * {@code (1/|U|) sum_u |L_u ∩ tail| / |L_u|}. The tail is group {@value ItemGroups#TAIL} of the head/tail split
 * (the 80% least popular items by default), or the named group, or the last group of another grouping.
 * Higher means more long-tail exposure. Source: Abdollahpouri, Burke and Mobasher, FLAIRS 2019.
 */
public final class LongTailShare extends ListAverageMetric {

    private static final String ITEMS = "items";
    private static final String TAIL = "tail";
    private static final String DEFAULT_ITEMS = "headtail";
    private static final String LAST = "last";

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("aplt"), "aplt@K[;items=headtail|headtailP|<grouping>][;tail=<group>]",
            "Average share of long-tail items per list (higher = more long-tail exposure).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of(ITEMS, TAIL));
                return new LongTailShare(spec.requireK(), spec.param(ITEMS, DEFAULT_ITEMS), spec.param(TAIL, LAST));
            });

    private final String grouping;
    private final String tail;

    /**
     * APLT with the default head/tail split (20% of items in the head).
     * @param k the cut-off.
     */
    public LongTailShare(int k) {
        this(k, DEFAULT_ITEMS, LAST);
    }

    /**
     * APLT over a grouping.
     * @param k the cut-off.
     * @param grouping the item grouping spec.
     * @param tail the tail group's name, or {@code "last"} for the grouping's last group.
     */
    public LongTailShare(int k, String grouping, String tail) {
        super(MetricSpec.builder("aplt").k(k).param(ITEMS, grouping, DEFAULT_ITEMS).param(TAIL, tail, LAST).build(), Direction.HIGHER_IS_BETTER, k);
        this.grouping = grouping;
        this.tail = tail;
    }

    @Override
    double[] itemValues(AuditData audit) {
        ItemGroups groups = audit.itemGroups(grouping);
        int t = LAST.equals(tail) ? groups.numGroups() - 1 : groups.indexOf(tail);
        double[] v = new double[groups.numItems()];
        for (int i = 0; i < v.length; i++) {
            v[i] = groups.groupOf(i) == t ? 1.0 : 0.0;
        }
        return v;
    }
}
