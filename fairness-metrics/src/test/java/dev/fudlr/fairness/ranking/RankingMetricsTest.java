/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingMetricsTest {

    private static final double EPS = 1e-12;
    // 1/log2(r+1) for r = 1..5, from ln2/ln(r+1) by hand: 1, 0.63093, 0.5, 0.43068, 0.38685.
    private static final double D2 = 0.6309297535714575;
    private static final double D3 = 0.5;
    private static final double D5 = 0.38685280723454163;

    @Test
    void singleRelevantItemHandComputed() {
        int[] ranked = {5, 3, 8, 1, 9};
        assertEquals(1.0, RankingMetrics.hitRate(ranked, 8, 5), EPS);
        assertEquals(1.0, RankingMetrics.recall(ranked, 8, 5), EPS);
        assertEquals(D3, RankingMetrics.ndcg(ranked, 8, 5), EPS);
        assertEquals(1.0 / 3, RankingMetrics.reciprocalRank(ranked, 8, 5), EPS);
        // Cut-off above the hit: everything 0.
        assertEquals(0.0, RankingMetrics.hitRate(ranked, 8, 2), EPS);
        assertEquals(0.0, RankingMetrics.ndcg(ranked, 8, 2), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(ranked, 8, 2), EPS);
        // First position.
        assertEquals(1.0, RankingMetrics.ndcg(ranked, 5, 1), EPS);
        assertEquals(1.0, RankingMetrics.reciprocalRank(ranked, 5, 1), EPS);
        // Not in the list.
        assertEquals(0.0, RankingMetrics.ndcg(ranked, 42, 5), EPS);
    }

    @Test
    void severalRelevantItemsHandComputed() {
        int[] ranked = {5, 3, 8, 1, 9};
        int[] relevant = {3, 9, 42};
        // Hits at ranks 2 and 5; ideal DCG over min(3, 5) = 3 positions.
        assertEquals(1.0, RankingMetrics.hitRate(ranked, relevant, 5), EPS);
        assertEquals(2.0 / 3, RankingMetrics.recall(ranked, relevant, 5), EPS);
        assertEquals((D2 + D5) / (1 + D2 + D3), RankingMetrics.ndcg(ranked, relevant, 5), EPS);
        assertEquals(0.5, RankingMetrics.reciprocalRank(ranked, relevant, 5), EPS);
        assertEquals(2, RankingMetrics.firstRelevantRank(ranked, relevant, 5));
        // K = 2: one hit; ideal DCG over min(3, 2) = 2 positions.
        assertEquals(1.0 / 3, RankingMetrics.recall(ranked, relevant, 2), EPS);
        assertEquals(D2 / (1 + D2), RankingMetrics.ndcg(ranked, relevant, 2), EPS);
        // K = 1: none.
        assertEquals(0.0, RankingMetrics.hitRate(ranked, relevant, 1), EPS);
        assertEquals(0, RankingMetrics.firstRelevantRank(ranked, relevant, 1));
    }

    @Test
    void shortListsCountMissingPositionsAsMisses() {
        int[] ranked = {7};
        int[] relevant = {7, 8};
        assertEquals(1.0 / (1 + D2), RankingMetrics.ndcg(ranked, relevant, 10), EPS);
        assertEquals(0.5, RankingMetrics.recall(ranked, relevant, 10), EPS);
        assertEquals(0.0, RankingMetrics.hitRate(new int[0], 7, 10), EPS);
    }

    @Test
    void idealDcgAndDiscount() {
        assertEquals(1.0, RankingMetrics.discount(1), EPS);
        assertEquals(D5, RankingMetrics.discount(5), EPS);
        assertEquals(1 + D2 + D3, RankingMetrics.idealDcg(3, 10), EPS);
        assertEquals(1 + D2, RankingMetrics.idealDcg(3, 2), EPS);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(new int[]{1, 2, 1}, 1, 3));
        // A repeat beyond the cut-off is not read and not an error.
        assertEquals(1.0, RankingMetrics.hitRate(new int[]{1, 2, 1}, 1, 2), EPS);
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recall(new int[]{1}, new int[0], 3));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recall(new int[]{1}, new int[]{2, 2}, 3));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.hitRate(new int[]{1}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.hitRate(null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.discount(0));
    }

    /** Property tests on random lists against an independent, definition-level reference. */
    @Test
    void randomListsMatchReferenceAndInvariants() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 1000; trial++) {
            int catalogue = 5 + rng.nextInt(40);
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < catalogue; i++) {
                perm.add(i);
            }
            Collections.shuffle(perm, rng);
            int len = 1 + rng.nextInt(catalogue);
            int[] ranked = perm.subList(0, len).stream().mapToInt(Integer::intValue).toArray();
            Collections.shuffle(perm, rng);
            int nRel = 1 + rng.nextInt(Math.min(5, catalogue));
            int[] relevant = perm.subList(0, nRel).stream().mapToInt(Integer::intValue).toArray();
            Set<Integer> relSet = new HashSet<>(perm.subList(0, nRel));
            int k = 1 + rng.nextInt(catalogue + 3);

            // Reference, straight from the definitions.
            int hits = 0;
            int first = 0;
            double dcg = 0;
            for (int r = 1; r <= Math.min(k, len); r++) {
                if (relSet.contains(ranked[r - 1])) {
                    hits++;
                    dcg += 1 / (Math.log(r + 1) / Math.log(2));
                    if (first == 0) {
                        first = r;
                    }
                }
            }
            double idcg = 0;
            for (int r = 1; r <= Math.min(nRel, k); r++) {
                idcg += 1 / (Math.log(r + 1) / Math.log(2));
            }
            double hr = RankingMetrics.hitRate(ranked, relevant, k);
            double rec = RankingMetrics.recall(ranked, relevant, k);
            double ndcg = RankingMetrics.ndcg(ranked, relevant, k);
            double rr = RankingMetrics.reciprocalRank(ranked, relevant, k);
            assertEquals(hits > 0 ? 1.0 : 0.0, hr, EPS);
            assertEquals(hits / (double) nRel, rec, EPS);
            assertEquals(dcg / idcg, ndcg, 1e-12);
            assertEquals(first == 0 ? 0.0 : 1.0 / first, rr, EPS);

            // Invariants.
            for (double v : new double[]{hr, rec, ndcg, rr}) {
                assertTrue(v >= 0 && v <= 1 + EPS, "trial " + trial + ": " + v);
            }
            assertTrue(ndcg <= hr + EPS && rr <= hr + EPS && rec <= hr + EPS);
            assertTrue(RankingMetrics.hitRate(ranked, relevant, k + 1) >= hr);
            assertTrue(RankingMetrics.recall(ranked, relevant, k + 1) >= rec);
            assertTrue(RankingMetrics.reciprocalRank(ranked, relevant, k + 1) >= rr);
            if (nRel == 1) {
                assertEquals(hr, RankingMetrics.recall(ranked, relevant[0], k), EPS);
                assertEquals(first == 0 ? 0.0 : RankingMetrics.discount(first), RankingMetrics.ndcg(ranked, relevant[0], k), EPS);
            }
            // Moving every relevant item to the front gives the ideal list: NDCG = 1 when enough positions exist.
            List<Integer> ideal = new ArrayList<>();
            for (int item : relevant) {
                ideal.add(item);
            }
            for (int item : ranked) {
                if (!relSet.contains(item)) {
                    ideal.add(item);
                }
            }
            int[] idealArr = ideal.stream().mapToInt(Integer::intValue).toArray();
            assertEquals(1.0, RankingMetrics.ndcg(idealArr, relevant, k), 1e-12);
            assertTrue(RankingMetrics.ndcg(idealArr, relevant, k) >= ndcg - EPS);
            // Promoting a relevant item by one position never lowers NDCG or MRR.
            for (int r = 1; r < Math.min(k, len); r++) {
                if (relSet.contains(ranked[r]) && !relSet.contains(ranked[r - 1])) {
                    int[] promoted = ranked.clone();
                    promoted[r - 1] = ranked[r];
                    promoted[r] = ranked[r - 1];
                    assertTrue(RankingMetrics.ndcg(promoted, relevant, k) > ndcg);
                    assertTrue(RankingMetrics.reciprocalRank(promoted, relevant, k) >= rr);
                    break;
                }
            }
        }
    }
}
