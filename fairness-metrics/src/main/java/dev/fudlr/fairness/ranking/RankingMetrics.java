/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import java.util.Arrays;

/**
 * Accuracy metrics of one ranked list against one or several relevant items: the single implementation
 * used by {@link RankingEvaluator} and by every fairness metric built on per-user utility.
 * <p>
 * Conventions, shared by all methods:
 * <ul>
 *     <li>{@code ranked} lists item ids (any ints, typically catalogue indices from {@link TopK}), best
 *     first. Only its first {@code min(k, ranked.length)} entries are read; those must be distinct. A
 *     list shorter than {@code k} (a user with fewer rankable items than k) is allowed: the missing
 *     positions count as non-relevant.</li>
 *     <li>{@code relevant} is a non-empty set of distinct item ids; relevance is binary.</li>
 *     <li>{@code k >= 1}.</li>
 * </ul>
 * Definitions, with {@code hits} the relevant items among the first k positions and {@code r} a 1-based
 * rank:
 * <ul>
 *     <li>HR@K (hit rate): 1 if {@code hits > 0}, else 0.</li>
 *     <li>Recall@K: {@code hits / |relevant|} (the denominator is |relevant|, not min(|relevant|, K)).</li>
 *     <li>NDCG@K: {@code DCG / IDCG}, {@code DCG = sum over relevant positions r <= K of 1 / log2(r + 1)},
 *     {@code IDCG = sum_{r=1..min(|relevant|, K)} 1 / log2(r + 1)}.</li>
 *     <li>MRR@K: {@code 1 / r} for the first relevant position {@code r <= K}, else 0 (the per-list
 *     reciprocal rank; averaging over users gives MRR@K). Full-ranking MRR, as some leave-one-out
 *     protocols report, is the same method applied to the complete ranking with {@code k = ranked.length}.</li>
 * </ul>
 * With a single relevant item HR@K equals Recall@K, and NDCG@K is {@code 1 / log2(r + 1)} for a hit at
 * rank r.
 */
public final class RankingMetrics {

    private static final double LN2 = Math.log(2.0);

    private RankingMetrics() {}

    /**
     * HR@K for a single relevant item.
     * @param ranked item ids, best first.
     * @param relevant the relevant item.
     * @param k cut-off.
     * @return 1 or 0.
     */
    public static double hitRate(int[] ranked, int relevant, int k) {
        return hitRate(ranked, new int[]{relevant}, k);
    }

    /**
     * HR@K.
     * @param ranked item ids, best first.
     * @param relevant the relevant items.
     * @param k cut-off.
     * @return 1 if any relevant item is in the first k positions, else 0.
     */
    public static double hitRate(int[] ranked, int[] relevant, int k) {
        return firstRelevantRank(ranked, relevant, k) > 0 ? 1.0 : 0.0;
    }

    /**
     * Recall@K for a single relevant item (equal to HR@K).
     * @param ranked item ids, best first.
     * @param relevant the relevant item.
     * @param k cut-off.
     * @return 1 or 0.
     */
    public static double recall(int[] ranked, int relevant, int k) {
        return recall(ranked, new int[]{relevant}, k);
    }

    /**
     * Recall@K.
     * @param ranked item ids, best first.
     * @param relevant the relevant items.
     * @param k cut-off.
     * @return the fraction of relevant items found in the first k positions.
     */
    public static double recall(int[] ranked, int[] relevant, int k) {
        int[] rel = checkedRelevant(relevant);
        int limit = checkedLimit(ranked, k);
        int hits = 0;
        for (int r = 0; r < limit; r++) {
            if (Arrays.binarySearch(rel, ranked[r]) >= 0) {
                hits++;
            }
        }
        return hits / (double) rel.length;
    }

    /**
     * NDCG@K for a single relevant item.
     * @param ranked item ids, best first.
     * @param relevant the relevant item.
     * @param k cut-off.
     * @return {@code 1 / log2(r + 1)} for a hit at rank r, else 0.
     */
    public static double ndcg(int[] ranked, int relevant, int k) {
        return ndcg(ranked, new int[]{relevant}, k);
    }

    /**
     * NDCG@K with binary relevance.
     * @param ranked item ids, best first.
     * @param relevant the relevant items.
     * @param k cut-off.
     * @return DCG@K divided by the ideal DCG over {@code min(|relevant|, k)} positions, in [0, 1].
     */
    public static double ndcg(int[] ranked, int[] relevant, int k) {
        int[] rel = checkedRelevant(relevant);
        int limit = checkedLimit(ranked, k);
        double dcg = 0.0;
        for (int r = 0; r < limit; r++) {
            if (Arrays.binarySearch(rel, ranked[r]) >= 0) {
                dcg += discount(r + 1);
            }
        }
        return dcg / idealDcg(rel.length, k);
    }

    /**
     * Reciprocal rank at K for a single relevant item (per-list term of MRR@K).
     * @param ranked item ids, best first.
     * @param relevant the relevant item.
     * @param k cut-off.
     * @return {@code 1 / r} for a hit at rank {@code r <= k}, else 0.
     */
    public static double reciprocalRank(int[] ranked, int relevant, int k) {
        return reciprocalRank(ranked, new int[]{relevant}, k);
    }

    /**
     * Reciprocal rank at K (per-list term of MRR@K).
     * @param ranked item ids, best first.
     * @param relevant the relevant items.
     * @param k cut-off.
     * @return {@code 1 / r} for the first relevant item at rank {@code r <= k}, else 0.
     */
    public static double reciprocalRank(int[] ranked, int[] relevant, int k) {
        int rank = firstRelevantRank(ranked, relevant, k);
        return rank > 0 ? 1.0 / rank : 0.0;
    }

    /**
     * The 1-based rank of the first relevant item within the first k positions.
     * @param ranked item ids, best first.
     * @param relevant the relevant items.
     * @param k cut-off.
     * @return the rank in {@code [1, k]}, or 0 when no relevant item is in the first k positions.
     */
    public static int firstRelevantRank(int[] ranked, int[] relevant, int k) {
        int[] rel = checkedRelevant(relevant);
        int limit = checkedLimit(ranked, k);
        for (int r = 0; r < limit; r++) {
            if (Arrays.binarySearch(rel, ranked[r]) >= 0) {
                return r + 1;
            }
        }
        return 0;
    }

    /**
     * The position discount of NDCG.
     * @param rank a 1-based rank.
     * @return {@code 1 / log2(rank + 1)}.
     */
    public static double discount(int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        }
        return LN2 / Math.log(rank + 1.0);
    }

    /**
     * The ideal DCG with binary relevance.
     * @param numRelevant number of relevant items (at least 1).
     * @param k cut-off (at least 1).
     * @return {@code sum_{r=1..min(numRelevant, k)} 1 / log2(r + 1)}.
     */
    public static double idealDcg(int numRelevant, int k) {
        if (numRelevant < 1) {
            throw new IllegalArgumentException("numRelevant must be >= 1, got " + numRelevant);
        }
        checkK(k);
        double idcg = 0.0;
        for (int r = 1, n = Math.min(numRelevant, k); r <= n; r++) {
            idcg += discount(r);
        }
        return idcg;
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    /** Validates k and the read prefix of the ranked list; returns the prefix length. */
    private static int checkedLimit(int[] ranked, int k) {
        checkK(k);
        if (ranked == null) {
            throw new IllegalArgumentException("ranked list is null");
        }
        int limit = Math.min(k, ranked.length);
        // A repeated item would count twice and push NDCG above 1: reject it.
        int[] prefix = Arrays.copyOf(ranked, limit);
        Arrays.sort(prefix);
        for (int i = 1; i < limit; i++) {
            if (prefix[i] == prefix[i - 1]) {
                throw new IllegalArgumentException("ranked list repeats item " + prefix[i] + " within its first " + limit
                        + " positions: " + Arrays.toString(Arrays.copyOf(ranked, limit)));
            }
        }
        return limit;
    }

    /** Validates the relevant set; returns a sorted copy for binary search. */
    private static int[] checkedRelevant(int[] relevant) {
        if (relevant == null || relevant.length == 0) {
            throw new IllegalArgumentException("relevant items must be a non-empty set");
        }
        int[] rel = relevant.length == 1 ? relevant : relevant.clone();
        if (rel.length > 1) {
            Arrays.sort(rel);
            for (int i = 1; i < rel.length; i++) {
                if (rel[i] == rel[i - 1]) {
                    throw new IllegalArgumentException("relevant items repeat item " + rel[i] + ": " + Arrays.toString(relevant));
                }
            }
        }
        return rel;
    }
}
