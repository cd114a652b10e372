/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import java.util.BitSet;
import java.util.function.IntToDoubleFunction;

/**
 * Deterministic top-K selection from score rows: the one implementation every ranking metric of this
 * project builds on.
 * <p>
 * Contract, shared by all methods:
 * <ul>
 *     <li>Items are the indices {@code 0 .. n-1} of a score row. Higher scores rank first; equal scores
 *     (including {@code -0.0} and {@code 0.0}) are ordered by <em>lower index first</em>, so results never
 *     depend on hashing or sort stability.</li>
 *     <li>Excluded items (for example the items a user has already seen) are never returned. An exclusion
 *     index outside {@code [0, n)} is an error, as is any NaN score (excluded or not: a NaN anywhere means
 *     the model is broken). Infinite scores are allowed ({@code -Infinity} is a common mask value).</li>
 *     <li>{@code k} must satisfy {@code 0 <= k <= rankable}, where rankable = n minus the distinct excluded
 *     items. Asking for more than that throws an {@link IllegalArgumentException} naming k and the
 *     catalogue size; callers that want truncation pass {@code min(k, rankableCount(...))}.</li>
 *     <li>The result lists item indices, best first, of length exactly {@code k}.</li>
 * </ul>
 * Cost: O(n log k) time with a k-element binary heap, O(k) extra memory.
 */
public final class TopK {

    private TopK() {}

    /**
     * Top-k items of a row.
     * @param scores the score row.
     * @param k number of items to return.
     * @return item indices, best first.
     */
    public static int[] select(double[] scores, int k) {
        return select(scores, k, (BitSet) null);
    }

    /**
     * Top-k items of a row that are not excluded.
     * @param scores the score row.
     * @param k number of items to return.
     * @param excluded indices never to return (may be null or repeat).
     * @return item indices, best first.
     */
    public static int[] select(double[] scores, int k, int[] excluded) {
        return select(scores, k, toBitSet(excluded, scores.length, -1));
    }

    /**
     * Top-k items of a row that are not excluded.
     * @param scores the score row.
     * @param k number of items to return.
     * @param excluded set bits are never returned (may be null).
     * @return item indices, best first.
     */
    public static int[] select(double[] scores, int k, BitSet excluded) {
        return selectCore(scores.length, i -> scores[i], k, excluded, -1);
    }

    /**
     * Top-k items of a row.
     * @param scores the score row.
     * @param k number of items to return.
     * @return item indices, best first.
     */
    public static int[] select(float[] scores, int k) {
        return select(scores, k, (BitSet) null);
    }

    /**
     * Top-k items of a row that are not excluded.
     * @param scores the score row.
     * @param k number of items to return.
     * @param excluded indices never to return (may be null or repeat).
     * @return item indices, best first.
     */
    public static int[] select(float[] scores, int k, int[] excluded) {
        return select(scores, k, toBitSet(excluded, scores.length, -1));
    }

    /**
     * Top-k items of a row that are not excluded.
     * @param scores the score row.
     * @param k number of items to return.
     * @param excluded set bits are never returned (may be null).
     * @return item indices, best first.
     */
    public static int[] select(float[] scores, int k, BitSet excluded) {
        // float to double is exact, so float ties stay ties.
        return selectCore(scores.length, i -> scores[i], k, excluded, -1);
    }

    /**
     * Top-k items of each row of a score matrix.
     * @param scores rows of scores (rows may differ in length).
     * @param k number of items per row.
     * @param excluded null, or one entry per row, each null or the indices excluded in that row.
     * @return per row, item indices best first.
     */
    public static int[][] selectRows(double[][] scores, int k, int[][] excluded) {
        checkExclusionRows(excluded, scores.length);
        int[][] out = new int[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            double[] row = scores[r];
            if (row == null) {
                throw new IllegalArgumentException("Score row " + r + " is null");
            }
            BitSet ex = toBitSet(excluded == null ? null : excluded[r], row.length, r);
            out[r] = selectCore(row.length, i -> row[i], k, ex, r);
        }
        return out;
    }

    /**
     * Top-k items of each row of a score matrix.
     * @param scores rows of scores (rows may differ in length).
     * @param k number of items per row.
     * @param excluded null, or one entry per row, each null or the indices excluded in that row.
     * @return per row, item indices best first.
     */
    public static int[][] selectRows(float[][] scores, int k, int[][] excluded) {
        checkExclusionRows(excluded, scores.length);
        int[][] out = new int[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            float[] row = scores[r];
            if (row == null) {
                throw new IllegalArgumentException("Score row " + r + " is null");
            }
            BitSet ex = toBitSet(excluded == null ? null : excluded[r], row.length, r);
            out[r] = selectCore(row.length, i -> row[i], k, ex, r);
        }
        return out;
    }

    /**
     * Top-k items of each row of a row-major score matrix stored flat, as engines return it
     * (score of item {@code i} in row {@code r} at {@code flat[r * cols + i]}).
     * @param flat the scores, length {@code rows * cols}.
     * @param rows number of rows.
     * @param cols number of items per row.
     * @param k number of items per row.
     * @param excluded null, or one entry per row, each null or the indices excluded in that row.
     * @return per row, item indices best first.
     */
    public static int[][] selectRows(float[] flat, int rows, int cols, int k, int[][] excluded) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be non-negative, got rows=" + rows + ", cols=" + cols);
        }
        if ((long) rows * cols != flat.length) {
            throw new IllegalArgumentException("Flat score array has " + flat.length + " entries, expected rows*cols = "
                    + rows + "*" + cols + " = " + ((long) rows * cols));
        }
        checkExclusionRows(excluded, rows);
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            BitSet ex = toBitSet(excluded == null ? null : excluded[r], cols, r);
            out[r] = selectCore(cols, i -> flat[offset + i], k, ex, r);
        }
        return out;
    }

    /**
     * Number of items a row of {@code n} items offers after the exclusions.
     * @param n catalogue size.
     * @param excluded set bits are excluded (may be null); bits at or above n are an error.
     * @return n minus the number of excluded items.
     */
    public static int rankableCount(int n, BitSet excluded) {
        checkBits(excluded, n, -1);
        return excluded == null ? n : n - excluded.cardinality();
    }

    private static void checkExclusionRows(int[][] excluded, int rows) {
        if (excluded != null && excluded.length != rows) {
            throw new IllegalArgumentException("Exclusions have " + excluded.length + " rows but the scores have " + rows);
        }
    }

    private static String where(int row) {
        return row < 0 ? "" : " of row " + row;
    }

    private static BitSet toBitSet(int[] excluded, int n, int row) {
        if (excluded == null) {
            return null;
        }
        BitSet bits = new BitSet(n);
        for (int idx : excluded) {
            if (idx < 0 || idx >= n) {
                throw new IllegalArgumentException("Excluded index " + idx + where(row)
                        + " is outside the catalogue of " + n + " items");
            }
            bits.set(idx);
        }
        return bits;
    }

    private static void checkBits(BitSet excluded, int n, int row) {
        if (excluded != null && excluded.length() > n) {
            throw new IllegalArgumentException("Excluded index " + (excluded.length() - 1) + where(row)
                    + " is outside the catalogue of " + n + " items");
        }
    }

    /**
     * The selection itself. The heap holds the best k so far with the worst at the root; "worse" means a
     * lower score, or an equal score and a higher index.
     */
    private static int[] selectCore(int n, IntToDoubleFunction score, int k, BitSet excluded, int row) {
        checkBits(excluded, n, row);
        if (k < 0) {
            throw new IllegalArgumentException("k must be non-negative, got " + k);
        }
        int rankable = excluded == null ? n : n - excluded.cardinality();
        if (k > rankable) {
            throw new IllegalArgumentException("k=" + k + " exceeds the " + rankable + " rankable items" + where(row)
                    + " (catalogue size " + n + ", " + (n - rankable) + " excluded)");
        }
        int[] heapIdx = new int[k];
        double[] heapScore = new double[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            double s = score.applyAsDouble(i);
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("NaN score at index " + i + where(row));
            }
            if (k == 0 || (excluded != null && excluded.get(i))) {
                continue;
            }
            if (size < k) {
                heapIdx[size] = i;
                heapScore[size] = s;
                siftUp(heapIdx, heapScore, size);
                size++;
            } else if (s > heapScore[0]) {
                // Items arrive in increasing index order, so an equal score never displaces the root.
                heapIdx[0] = i;
                heapScore[0] = s;
                siftDown(heapIdx, heapScore, 0, size);
            }
        }
        // Pop the worst repeatedly, filling the result from the back.
        int[] out = new int[size];
        for (int last = size - 1; last >= 0; last--) {
            out[last] = heapIdx[0];
            heapIdx[0] = heapIdx[last];
            heapScore[0] = heapScore[last];
            siftDown(heapIdx, heapScore, 0, last);
        }
        return out;
    }

    private static boolean worse(double sa, int ia, double sb, int ib) {
        return sa < sb || (sa == sb && ia > ib);
    }

    private static void siftUp(int[] idx, double[] sc, int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (worse(sc[pos], idx[pos], sc[parent], idx[parent])) {
                swap(idx, sc, pos, parent);
                pos = parent;
            } else {
                return;
            }
        }
    }

    private static void siftDown(int[] idx, double[] sc, int pos, int size) {
        while (true) {
            int left = 2 * pos + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(sc[right], idx[right], sc[left], idx[left])) {
                worst = right;
            }
            if (worse(sc[worst], idx[worst], sc[pos], idx[pos])) {
                swap(idx, sc, pos, worst);
                pos = worst;
            } else {
                return;
            }
        }
    }

    private static void swap(int[] idx, double[] sc, int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        double ts = sc[a];
        sc[a] = sc[b];
        sc[b] = ts;
    }
}
