/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-user ground truth: the set of relevant item indices of each user (one target in leave-one-out).
 * <p>
 * An empty set marks a user whose target the model cannot rank (outside the catalogue or unscored): every
 * accuracy metric is 0 for that user and the user stays in every denominator, as in
 * {@link dev.fudlr.fairness.ranking.RankingMetric.Context}.
 */
public final class Targets implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[][] relevant;
    private final int numItems;

    private Targets(int[][] relevant, int numItems) {
        this.relevant = relevant;
        this.numItems = numItems;
    }

    /**
     * One target per user.
     * @param targets item index per user, or -1 for a target the model cannot rank (a miss).
     * @param numItems catalogue size.
     * @return the targets.
     */
    public static Targets single(int[] targets, int numItems) {
        int[][] sets = new int[targets.length][];
        for (int u = 0; u < targets.length; u++) {
            sets[u] = targets[u] == -1 ? new int[0] : new int[]{targets[u]};
        }
        return sets(sets, numItems);
    }

    /**
     * A set of relevant items per user.
     * @param sets per user the relevant item indices (distinct; may be empty for a miss); copied.
     * @param numItems catalogue size.
     * @return the targets.
     */
    public static Targets sets(int[][] sets, int numItems) {
        if (sets == null || sets.length == 0) {
            throw new IllegalArgumentException("Targets need at least one user");
        }
        int[][] copy = new int[sets.length][];
        for (int u = 0; u < sets.length; u++) {
            if (sets[u] == null) {
                throw new IllegalArgumentException("Targets of user " + u + " are null (use an empty set for a miss)");
            }
            int[] s = sets[u].clone();
            Arrays.sort(s);
            for (int j = 0; j < s.length; j++) {
                if (s[j] < 0 || s[j] >= numItems) {
                    throw new IllegalArgumentException("Target " + s[j] + " of user " + u + " is outside the catalogue of "
                            + numItems + " items (use -1 / an empty set for a target the model cannot rank)");
                }
                if (j > 0 && s[j] == s[j - 1]) {
                    throw new IllegalArgumentException("Targets of user " + u + " repeat item " + s[j]);
                }
            }
            copy[u] = s;
        }
        return new Targets(copy, numItems);
    }

    /**
     * Number of users.
     * @return the number of target sets.
     */
    public int numUsers() {
        return relevant.length;
    }

    /**
     * Catalogue size.
     * @return the number of items.
     */
    public int numItems() {
        return numItems;
    }

    /**
     * A user's relevant items.
     * @param user the user.
     * @return a sorted copy (empty for a miss).
     */
    public int[] relevant(int user) {
        return relevant[user].clone();
    }

    /**
     * Number of relevant items of a user.
     * @param user the user.
     * @return the set size (0 for a miss).
     */
    public int count(int user) {
        return relevant[user].length;
    }

    /**
     * A relevant item of a user.
     * @param user the user.
     * @param j an index below {@link #count(int)}.
     * @return the item index.
     */
    public int relevant(int user, int j) {
        return relevant[user][j];
    }

    /**
     * The targets of a selection of users (a bootstrap resample, a split): new user {@code r} has the
     * targets of old user {@code rows[r]}.
     * @param rows old user indices, one per new user (repeats allowed).
     * @return the selected targets.
     * @throws IllegalArgumentException if rows is empty or holds an index outside the users.
     */
    public Targets rows(int[] rows) {
        Rows.check(rows, relevant.length, "the targets");
        int[][] out = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            // Inner arrays are never written after construction, so selections share them.
            out[r] = relevant[rows[r]];
        }
        return new Targets(out, numItems);
    }

    @Override
    public String toString() {
        return "Targets(users=" + relevant.length + ", items=" + numItems + ")";
    }
}
