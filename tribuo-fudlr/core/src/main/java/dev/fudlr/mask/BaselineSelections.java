/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import java.util.Arrays;
import java.util.Random;

/**
 * Simpler selections to compare the mask with at an equal removal budget |S|.
 */
public final class BaselineSelections {

    private BaselineSelections() {}

    /**
     * Fairness-only influence top-k (FMD-style, no accuracy term): the k samples with the most negative
     * {@link MaskProblem#fairnessScores()} (the first-order change of the normalised, weighted fairness terms), ties
     * by index.
     * @param problem the problem (only its fairness objectives are used).
     * @param k the budget.
     * @return the selection, most fairness-improving first.
     */
    public static Selection fairnessTopK(MaskProblem problem, int k) {
        double[] s = problem.fairnessScores();
        for (int i = 0; i < s.length; i++) {
            s[i] = -s[i];
        }
        return Selection.topK(s, k);
    }

    /**
     * k samples drawn uniformly without replacement.
     * @param n the population size.
     * @param k the budget, 0 &lt;= k &lt;= n.
     * @param seed the seed.
     * @return the selection in draw order.
     */
    public static Selection random(int n, int k, long seed) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("k must be in [0, " + n + "], got " + k);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rng = new Random(seed);
        // Partial Fisher-Yates: the first k positions are a uniform sample.
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Selection.ofOrdered(Arrays.copyOf(perm, k));
    }

    /**
     * How many members two selections share (e.g. to show where the mask differs from top-k).
     * @param a a selection.
     * @param b another.
     * @return |a ∩ b|.
     */
    public static int overlap(Selection a, Selection b) {
        int[] x = a.sortedIndices();
        int[] y = b.sortedIndices();
        int i = 0;
        int j = 0;
        int c = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                c++;
                i++;
                j++;
            } else if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        return c;
    }
}
