/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingBenchmarkTest {

    @Test
    void logLogFitRecoversAPowerLaw() {
        double[] x = {1000, 4000, 16000, 97171};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3.0 * Math.pow(x[i], 1.5);
        }
        double[] fit = ScalingBenchmark.logLogFit(x, y);
        assertEquals(1.5, fit[0], 1e-9);
        assertEquals(Math.log(3.0), fit[1], 1e-9);
        assertEquals(1.0, fit[2], 1e-9);
    }

    @Test
    void logLogFitSkipsNonPositivePointsAndNeedsTwo() {
        double[] fit = ScalingBenchmark.logLogFit(new double[]{1, 2, 4}, new double[]{0, 2, 4});
        assertEquals(1.0, fit[0], 1e-9);
        assertTrue(Double.isNaN(ScalingBenchmark.logLogFit(new double[]{1, 2}, new double[]{1, 0})[0]));
        assertThrows(IllegalArgumentException.class, () -> ScalingBenchmark.logLogFit(new double[]{1}, new double[]{1, 2}));
    }

    @Test
    void permutationIsSeededAndComplete() {
        int[] a = ScalingBenchmark.permutation(1000, 1);
        int[] b = ScalingBenchmark.permutation(1000, 1);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(ScalingBenchmark.permutation(1000, 2)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void guardSizesAreReadFromTheAttemptStrings() {
        assertArrayEquals(new int[]{600, 300}, ScalingBenchmark.guardSizes(
            "Attempt(size=600, drop=0.18, accepted=false)/Attempt(size=300, drop=0.01, accepted=true)"));
        assertArrayEquals(new int[0], ScalingBenchmark.guardSizes(""));
        assertEquals("600/300", ScalingBenchmark.joinSizes(new int[]{600, 300}));
    }
}
