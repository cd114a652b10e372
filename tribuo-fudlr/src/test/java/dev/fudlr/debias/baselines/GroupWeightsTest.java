/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.model.ItemIndex;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight arithmetic on a hand-made catalogue: items 1..4 in groups a = {1, 2}, b = {3}, c = {4}. */
class GroupWeightsTest {

    static final ItemIndex ITEMS = ItemIndex.of(List.of("1", "2", "3", "4"));
    static final ItemGroups GROUPS = ItemGroups.of("g", new String[]{"a", "a", "b", "c"}, List.of("a", "b", "c"));

    /** 6 targets in a (items 1, 2), 2 in b, none in c. */
    static List<Example<Label>> train() {
        int[] targets = {1, 1, 2, 1, 2, 2, 3, 3};
        List<Example<Label>> out = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            out.add(SampleEncoding.encode(new int[]{4}, targets[i], Map.of(SampleEncoding.SAMPLE, "u:" + i)));
        }
        return out;
    }

    @Test
    void interpolatesWeightsAndShares() {
        // Uniform over a, b, c; c has no targets, so the target is uniform over a and b.
        GroupWeights full = GroupWeights.compute(ITEMS, train(), GROUPS, "uniform", new double[]{1, 1, 1}, 1.0);
        assertArrayEquals(new double[]{0.75, 0.25, 0.0}, full.observedShares(), 1e-15);
        assertArrayEquals(new double[]{0.5, 0.5, 0.0}, full.targetShares(), 1e-15);
        assertArrayEquals(new double[]{0.5 / 0.75, 0.5 / 0.25, 1.0}, full.groupWeights(), 1e-15);
        assertArrayEquals(new double[]{0.5, 0.5, 0.0}, full.weightedShares(), 1e-15);
        float[] w = full.sampleWeights(train());
        assertEquals((float) (0.5 / 0.75), w[0]);
        assertEquals(2f, w[7]);
        // Mean weight 1: 6 * 2/3 + 2 * 2 = 8.
        double sum = 0;
        for (float x : w) {
            sum += x;
        }
        assertEquals(8.0, sum, 1e-6);

        GroupWeights quarter = GroupWeights.compute(ITEMS, train(), GROUPS, "uniform", new double[]{1, 1, 1}, 0.25);
        assertArrayEquals(new double[]{0.75 * 0.75 + 0.25 * 0.5, 0.75 * 0.25 + 0.25 * 0.5, 0.0}, quarter.weightedShares(), 1e-15);
        GroupWeights none = GroupWeights.compute(ITEMS, train(), GROUPS, "uniform", new double[]{1, 1, 1}, 0.0);
        for (float x : none.sampleWeights(train())) {
            assertEquals(1f, x);
        }
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> GroupWeights.compute(ITEMS, train(), GROUPS, "t", new double[]{1, 1, 1}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> GroupWeights.compute(ITEMS, train(), GROUPS, "t", new double[]{1, 1}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> GroupWeights.compute(ITEMS, train(), GROUPS, "t", new double[]{1, -1, 1}, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> GroupWeights.compute(ITEMS, train(), GROUPS, "only-c", new double[]{0, 0, 1}, 1.0));
        assertTrue(e.getMessage().contains("only-c"), e.getMessage());
        List<Example<Label>> unknown = new ArrayList<>(train());
        unknown.add(SampleEncoding.encode(new int[]{1}, 99, Map.of(SampleEncoding.SAMPLE, "x:1")));
        e = assertThrows(IllegalArgumentException.class, () -> GroupWeights.compute(ITEMS, unknown, GROUPS, "t", new double[]{1, 1, 1}, 1.0));
        assertTrue(e.getMessage().contains("x:1"), e.getMessage());
    }
}
