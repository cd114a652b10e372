/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopKTest {

    @Test
    void ordersByScoreThenLowerIndex() {
        double[] scores = {0.1, 0.5, 0.5, 0.9, -1.0};
        assertArrayEquals(new int[]{3, 1, 2}, TopK.select(scores, 3));
        assertArrayEquals(new int[]{3, 1, 2, 0, 4}, TopK.select(scores, 5));
        assertArrayEquals(new int[]{3, 2, 0}, TopK.select(scores, 3, new int[]{1}));
        assertArrayEquals(new int[]{0, 1, 2, 3}, TopK.select(new double[]{7, 7, 7, 7}, 4));
    }

    @Test
    void signedZerosTieAndInfinitiesRank() {
        assertArrayEquals(new int[]{0, 1}, TopK.select(new double[]{-0.0, 0.0}, 2));
        assertArrayEquals(new int[]{0, 1}, TopK.select(new double[]{0.0, -0.0}, 2));
        double[] s = {Double.NEGATIVE_INFINITY, 1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        assertArrayEquals(new int[]{2, 1, 0, 3}, TopK.select(s, 4));
    }

    @Test
    void floatRowsMatchDoubleRows() {
        float[] f = {0.25f, 3f, 3f, -2f, 1e-30f};
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        for (int k = 0; k <= 4; k++) {
            assertArrayEquals(TopK.select(d, k, new int[]{1}), TopK.select(f, k, new int[]{1}));
        }
        assertArrayEquals(new int[]{1, 2, 0}, TopK.select(f, 3));
    }

    @Test
    void zeroKIsEmpty() {
        assertEquals(0, TopK.select(new double[]{1, 2}, 0).length);
    }

    @Test
    void nanIsRejectedNamingIndexAndRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopK.select(new double[]{1, 2, Double.NaN}, 1));
        assertTrue(e.getMessage().contains("index 2"), e.getMessage());
        // NaN in an excluded slot is still a broken model.
        assertThrows(IllegalArgumentException.class, () -> TopK.select(new float[]{Float.NaN, 1f}, 1, new int[]{0}));
        IllegalArgumentException rowError = assertThrows(IllegalArgumentException.class,
                () -> TopK.selectRows(new double[][]{{1, 2}, {3, Double.NaN}}, 1, null));
        assertTrue(rowError.getMessage().contains("index 1 of row 1"), rowError.getMessage());
    }

    @Test
    void tooLargeKIsRejectedNamingKAndCatalogue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopK.select(new double[]{1, 2, 3, 4}, 4, new int[]{0, 0}));
        assertTrue(e.getMessage().contains("k=4"), e.getMessage());
        assertTrue(e.getMessage().contains("catalogue size 4"), e.getMessage());
        assertTrue(e.getMessage().contains("3 rankable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopK.select(new double[]{1}, -1));
    }

    @Test
    void exclusionsOutsideTheCatalogueAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TopK.select(new double[]{1, 2}, 1, new int[]{2}));
        assertThrows(IllegalArgumentException.class, () -> TopK.select(new double[]{1, 2}, 1, new int[]{-1}));
        BitSet bits = new BitSet();
        bits.set(5);
        assertThrows(IllegalArgumentException.class, () -> TopK.select(new double[]{1, 2}, 1, bits));
        assertThrows(IllegalArgumentException.class, () -> TopK.selectRows(new double[][]{{1}}, 1, new int[2][]));
    }

    @Test
    void rankableCountSubtractsDistinctExclusions() {
        BitSet bits = new BitSet();
        bits.set(1);
        bits.set(3);
        assertEquals(3, TopK.rankableCount(5, bits));
        assertEquals(5, TopK.rankableCount(5, null));
    }

    @Test
    void batchAndFlatFormsAgreeWithRowForm() {
        Random rng = new Random(3);
        int rows = 7;
        int cols = 23;
        float[] flat = new float[rows * cols];
        float[][] matrix = new float[rows][cols];
        int[][] excluded = new int[rows][];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = rng.nextInt(5);
                flat[r * cols + c] = v;
                matrix[r][c] = v;
            }
            excluded[r] = r % 3 == 0 ? null : new int[]{rng.nextInt(cols), rng.nextInt(cols)};
        }
        int[][] fromFlat = TopK.selectRows(flat, rows, cols, 6, excluded);
        int[][] fromMatrix = TopK.selectRows(matrix, 6, excluded);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(TopK.select(matrix[r], 6, excluded[r]), fromFlat[r]);
            assertArrayEquals(fromFlat[r], fromMatrix[r]);
        }
        assertThrows(IllegalArgumentException.class, () -> TopK.selectRows(flat, rows, cols + 1, 2, null));
    }

    /** Property: the heap selection equals a full sort by (score desc, index asc) of the rankable items. */
    @Test
    void agreesWithFullSortOnRandomRowsWithTies() {
        Random rng = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rng.nextInt(200);
            double[] scores = new double[n];
            int levels = 1 + rng.nextInt(6);
            for (int i = 0; i < n; i++) {
                scores[i] = rng.nextInt(levels) - levels / 2.0;
            }
            BitSet excluded = new BitSet(n);
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < 0.2) {
                    excluded.set(i);
                }
            }
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!excluded.get(i)) {
                    candidates.add(i);
                }
            }
            candidates.sort((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
            int k = rng.nextInt(candidates.size() + 1);
            int[] expected = candidates.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, TopK.select(scores, k, excluded), "trial " + trial);
        }
    }
}
