/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.testing;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.data.UserAttribute;

import java.util.Random;

/**
 * Shared fixtures: a small hand-computed case and seeded random audits.
 */
public final class TestData {

    private TestData() {}

    /** 1 / log2(3), the NDCG gain of rank 2. */
    public static final double D2 = 0.6309297535714575;

    /** Training counts of the 6-item catalogue: pop2 = {0} | {1..5}, pop3 = {0} | {1} | {2..5}, head (top 2) = {0, 1}. */
    public static final long[] COUNTS = {6, 3, 2, 1, 0, 0};

    /** Top-2 lists of the 4 users. */
    public static final int[][] LISTS = {{0, 1}, {0, 2}, {1, 3}, {0, 4}};

    /** History of the 4 users (8 interactions). */
    public static final int[][] HISTORY = {{0, 1, 2}, {0}, {3, 4}, {5, 1}};

    /** Targets: u0 hits at rank 2, u1 misses, u2 hits at rank 1, u3's target cannot be ranked. */
    public static final int[] TARGETS = {1, 5, 1, -1};

    /** Gender: F, M, F, unknown. */
    public static final String[] GENDER = {"F", "M", "F", UserAttribute.UNKNOWN};

    /** Age buckets: two young, two old. */
    public static final String[] AGE = {"<25", "<25", "45+", "45+"};

    /**
     * The hand-computed audit (see the constants), with a "genre" grouping.
     * @return the audit data.
     */
    public static AuditData smallAudit() {
        return AuditData.builder(4, 6)
                .targets(TARGETS)
                .attribute("gender", GENDER)
                .attribute("age", AGE)
                .history(HISTORY)
                .itemCounts(COUNTS)
                .itemGroups(ItemGroups.of("genre", new String[]{"drama", "comedy", "drama", "comedy", "drama", "comedy"}))
                .build();
    }

    /**
     * The hand-computed recommendations.
     * @return lists with K=2 and the small audit.
     */
    public static Recommendations small() {
        return Recommendations.of(TopKLists.of(LISTS, 2, 6), smallAudit());
    }

    /**
     * Random audit data.
     * @param rng the random source.
     * @param users number of users (at least 3).
     * @param items number of items (at least 10).
     * @param exclude whether the history is excluded.
     * @return the audit data.
     */
    public static AuditData randomAudit(Random rng, int users, int items, boolean exclude) {
        long[] counts = new long[items];
        for (int i = 0; i < items; i++) {
            counts[i] = 1 + (long) (50.0 / (1 + i) * rng.nextDouble() * 4);
        }
        int[][] history = new int[users][];
        int[] targets = new int[users];
        String[] gender = new String[users];
        String[] age = new String[users];
        for (int u = 0; u < users; u++) {
            int h = 2 + rng.nextInt(4);
            java.util.LinkedHashSet<Integer> set = new java.util.LinkedHashSet<>();
            while (set.size() < h) {
                set.add(rng.nextInt(items));
            }
            history[u] = set.stream().mapToInt(Integer::intValue).toArray();
            int t;
            do {
                t = rng.nextInt(items);
            } while (set.contains(t));
            targets[u] = t;
            gender[u] = u == 0 ? UserAttribute.UNKNOWN : (u % 3 == 0 ? "X" : (u % 2 == 0 ? "F" : "M"));
            age[u] = (u % 4 < 2) ? "<25" : "25-34";
        }
        String[] genre = new String[items];
        for (int i = 0; i < items; i++) {
            genre[i] = "g" + (i % 3);
        }
        AuditData.Builder b = AuditData.builder(users, items).targets(targets).history(history).itemCounts(counts)
                .attribute("gender", gender).attribute("age", age).itemGroups(ItemGroups.of("genre", genre));
        if (exclude) {
            b.excludeHistory();
        }
        return b.build();
    }

    /**
     * Random scores: standard normal plus a popularity boost on low item indices.
     * @param rng the random source.
     * @param users rows.
     * @param items columns.
     * @return the scores.
     */
    public static ScoreMatrix randomScores(Random rng, int users, int items) {
        double[] s = new double[users * items];
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                s[u * items + i] = rng.nextGaussian() + 2.0 / (1 + i);
            }
        }
        return ScoreMatrix.ofFlat(s, users, items);
    }
}
