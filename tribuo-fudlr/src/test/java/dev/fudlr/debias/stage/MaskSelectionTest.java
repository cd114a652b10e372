/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.mask.Distance;
import dev.fudlr.mask.MaskProblem;
import dev.fudlr.mask.Selection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The removal order and selection FUDLR and the trade-off sweep share. */
class MaskSelectionTest {

    private static MaskProblem problem() {
        FairnessMetric mgu = MetricRegistry.standard().parse("mgu@10");
        // Sample i lowers MGU by a_i and costs b_i accuracy: net benefit = -a_i / 0.5 - b_i / 1.
        double[][] effects = {{-0.10, 0.00}, {-0.20, 0.05}, {0.05, 0.00}, {-0.02, -0.01}, {-0.30, 0.40}};
        return MaskSelection.problem(effects, List.of(mgu), new double[]{1.0}, new double[]{0.5}, 1.0, 1.0, 0.1, 0.1);
    }

    @Test
    void ordersAboveThresholdFirstThenByNetBenefit() {
        MaskProblem p = problem();
        double[] net = p.netBenefit();
        // Samples 0, 1 and 4 above the threshold; 3 and 2 below.
        double[] mask = {0.9, 0.8, 0.1, 0.2, 0.7};
        int[] order = MaskSelection.removalOrder(p, mask, 0.5);
        assertEquals(5, order.length);
        for (int r = 1; r < 3; r++) {
            org.junit.jupiter.api.Assertions.assertTrue(net[order[r - 1]] >= net[order[r]], "above-threshold block by net benefit");
        }
        assertEquals(List.of(0, 1, 4), List.of(order[0], order[1], order[2]).stream().sorted().toList());
        assertEquals(3, order[3], "the better of the samples below the threshold comes next");
        assertEquals(2, order[4]);
        // The default selection is the order's prefix within the mask's count and the budget.
        Selection two = MaskSelection.select(p, mask, 0.5, 2, false);
        assertArrayEquals(new int[]{order[0], order[1]}, two.indices());
        assertEquals(3, MaskSelection.select(p, mask, 0.5, 10, false).size(), "never beyond the samples above the threshold");
        // A fixed count continues with the next-best sample below the threshold.
        assertArrayEquals(new int[]{order[0], order[1], order[2], 3}, MaskSelection.select(p, mask, 0.5, 4, true).indices());
    }

    @Test
    void distancesFollowTheMetricDirection() {
        assertEquals(Distance.ABSOLUTE, MaskSelection.distance(Direction.UNFAIRNESS));
        assertEquals(Distance.ABSOLUTE, MaskSelection.distance(Direction.SIGNED));
        assertEquals(Distance.COMPLEMENT, MaskSelection.distance(Direction.HIGHER_IS_BETTER));
        assertEquals(Distance.IDENTITY, MaskSelection.distance(Direction.LOWER_IS_BETTER));
    }
}
