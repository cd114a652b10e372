/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import dev.fudlr.fairness.ranking.TopK;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Per-user top-K recommendation lists (catalogue item indices, best first), the input of every exact metric.
 * <p>
 * Each list holds at most K distinct items of a catalogue of {@link #numItems()} items; it is shorter only
 * when the user has fewer than K rankable items (exclusions), and metrics then treat the missing positions
 * as empty slots. A metric at cut-off {@code k <= K} reads the first {@code k} entries of each list.
 */
public final class TopKLists {

    private final int[][] lists;
    private final int k;
    private final int numItems;

    private TopKLists(int[][] lists, int k, int numItems) {
        this.lists = lists;
        this.k = k;
        this.numItems = numItems;
    }

    /**
     * Lists given directly (for example by a recommender that only returns top lists).
     * @param lists one list per user, best first (copied).
     * @param k the cut-off the lists were made for; at most {@code numItems}.
     * @param numItems catalogue size.
     * @return the validated lists.
     * @throws IllegalArgumentException on a list longer than k, an item outside the catalogue, a repeated
     *                                  item, or k larger than the catalogue.
     */
    public static TopKLists of(int[][] lists, int k, int numItems) {
        checkK(k, numItems);
        if (lists == null || lists.length == 0) {
            throw new IllegalArgumentException("Top-K lists need at least one user");
        }
        int[][] copy = new int[lists.length][];
        BitSet seen = new BitSet(numItems);
        for (int u = 0; u < lists.length; u++) {
            int[] list = lists[u];
            if (list == null) {
                throw new IllegalArgumentException("Top-K list of user " + u + " is null");
            }
            if (list.length > k) {
                throw new IllegalArgumentException("Top-K list of user " + u + " has " + list.length + " items, more than K=" + k);
            }
            seen.clear();
            for (int item : list) {
                if (item < 0 || item >= numItems) {
                    throw new IllegalArgumentException("Top-K list of user " + u + " holds item " + item
                            + ", outside the catalogue of " + numItems + " items");
                }
                if (seen.get(item)) {
                    throw new IllegalArgumentException("Top-K list of user " + u + " repeats item " + item + ": " + Arrays.toString(list));
                }
                seen.set(item);
            }
            copy[u] = list.clone();
        }
        return new TopKLists(copy, k, numItems);
    }

    /**
     * Exact top-K selection from a score matrix with {@link TopK}'s rules (higher first, ties by lower item
     * index), never returning an excluded item.
     * @param scores the scores.
     * @param k the cut-off; at most the number of items.
     * @param exclusions null, or per user null or the item indices never to recommend.
     * @return the lists; a user with fewer than k rankable items gets all of them.
     */
    public static TopKLists fromScores(ScoreMatrix scores, int k, int[][] exclusions) {
        int n = scores.cols();
        checkK(k, n);
        if (exclusions != null && exclusions.length != scores.rows()) {
            throw new IllegalArgumentException("Exclusions have " + exclusions.length + " users but the scores have " + scores.rows());
        }
        int[][] out = new int[scores.rows()][];
        double[] row = new double[n];
        for (int u = 0; u < scores.rows(); u++) {
            BitSet ex = exclusionBits(exclusions == null ? null : exclusions[u], n, u);
            int rankable = ex == null ? n : n - ex.cardinality();
            scores.copyRow(u, row);
            out[u] = TopK.select(row, Math.min(k, rankable), ex);
        }
        return new TopKLists(out, k, n);
    }

    /**
     * A user's exclusions as a bit set.
     * @param excluded item indices (may be null or repeat).
     * @param numItems catalogue size.
     * @param user the user, for messages.
     * @return the set, or null when there is nothing to exclude.
     */
    static BitSet exclusionBits(int[] excluded, int numItems, int user) {
        if (excluded == null || excluded.length == 0) {
            return null;
        }
        BitSet bits = new BitSet(numItems);
        for (int i : excluded) {
            if (i < 0 || i >= numItems) {
                throw new IllegalArgumentException("Excluded item " + i + " of user " + user + " is outside the catalogue of "
                        + numItems + " items");
            }
            bits.set(i);
        }
        return bits;
    }

    static void checkK(int k, int numItems) {
        if (numItems < 1) {
            throw new IllegalArgumentException("The catalogue must hold at least one item, got " + numItems);
        }
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1, got " + k);
        }
        if (k > numItems) {
            throw new IllegalArgumentException("K=" + k + " is larger than the catalogue of " + numItems + " items");
        }
    }

    /**
     * Number of users.
     * @return the number of lists.
     */
    public int numUsers() {
        return lists.length;
    }

    /**
     * The cut-off the lists were made for.
     * @return K.
     */
    public int k() {
        return k;
    }

    /**
     * Catalogue size.
     * @return the number of items.
     */
    public int numItems() {
        return numItems;
    }

    /**
     * Length of a user's list at cut-off k.
     * @param user the user.
     * @param k a cut-off, at most {@link #k()}.
     * @return {@code min(k, list length)}.
     */
    public int length(int user, int k) {
        return Math.min(k, lists[user].length);
    }

    /**
     * An item of a user's list.
     * @param user the user.
     * @param position a 0-based position below the list length.
     * @return the item index.
     */
    public int item(int user, int position) {
        return lists[user][position];
    }

    /**
     * A copy of a user's list.
     * @param user the user.
     * @return item indices, best first.
     */
    public int[] list(int user) {
        return lists[user].clone();
    }

    /**
     * A copy of a user's list cut at k.
     * @param user the user.
     * @param k a cut-off.
     * @return at most k item indices, best first.
     */
    public int[] list(int user, int k) {
        return Arrays.copyOf(lists[user], length(user, k));
    }

    /**
     * Checks that a metric at cut-off k can read these lists.
     * @param k the metric's cut-off.
     * @param metric the metric name, for the message.
     */
    public void checkCutoff(int k, String metric) {
        if (k > this.k) {
            throw new IllegalArgumentException("Metric " + metric + " needs top-" + k + " lists, but these lists were made for K=" + this.k);
        }
    }

    /**
     * The lists of a selection of users (a bootstrap resample, a split): new user {@code r} gets the list
     * of old user {@code rows[r]}; K and the catalogue are unchanged. No top-K selection is redone.
     * @param rows old user indices, one per new user (repeats allowed).
     * @return the selected lists.
     * @throws IllegalArgumentException if rows is empty or holds an index outside the users.
     */
    public TopKLists rows(int[] rows) {
        Rows.check(rows, lists.length, "the top-K lists");
        int[][] out = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            // Inner arrays are never written after construction, so selections share them.
            out[r] = lists[rows[r]];
        }
        return new TopKLists(out, k, numItems);
    }

    @Override
    public String toString() {
        return "TopKLists(users=" + lists.length + ", K=" + k + ", items=" + numItems + ")";
    }
}
