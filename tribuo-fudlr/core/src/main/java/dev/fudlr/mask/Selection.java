/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * An ordered set of training samples chosen for removal: members in priority order (for a mask, descending mask
 * value with ties broken by the smaller index), so shrinking keeps a prefix. Immutable.
 */
public final class Selection {

    private final int[] members;
    private final double[] scores;
    private final int candidates;

    private Selection(int[] members, double[] scores, int candidates) {
        this.members = members;
        this.scores = scores;
        this.candidates = candidates;
    }

    /**
     * The samples with mask value strictly above the threshold, in mask order, keeping at most
     * {@code floor(maxRemovalFraction * n)} of the highest.
     * @param mask mask values m_i (n = length).
     * @param threshold e.g. 0.5.
     * @param maxRemovalFraction in [0, 1].
     * @return the selection.
     */
    public static Selection byThreshold(double[] mask, double threshold, double maxRemovalFraction) {
        if (!(maxRemovalFraction >= 0 && maxRemovalFraction <= 1)) {
            throw new IllegalArgumentException("maxRemovalFraction must be in [0, 1], got " + maxRemovalFraction);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        int cap = (int) Math.floor(maxRemovalFraction * mask.length + 1e-9);
        int[] above = IntStream.range(0, mask.length).filter(i -> {
            if (!Double.isFinite(mask[i])) {
                throw new IllegalArgumentException("Mask value " + mask[i] + " at sample " + i + " is not finite");
            }
            return mask[i] > threshold;
        }).toArray();
        int[] ordered = descending(above, mask);
        int[] kept = Arrays.copyOf(ordered, Math.min(cap, ordered.length));
        double[] s = new double[kept.length];
        for (int r = 0; r < kept.length; r++) {
            s[r] = mask[kept[r]];
        }
        return new Selection(kept, s, above.length);
    }

    /**
     * The k samples with the highest priority (ties by index).
     * @param priority a priority per sample (higher = removed first).
     * @param k the size, 0 &lt;= k &lt;= n.
     * @return the selection.
     */
    public static Selection topK(double[] priority, int k) {
        if (k < 0 || k > priority.length) {
            throw new IllegalArgumentException("k must be in [0, " + priority.length + "], got " + k);
        }
        int[] ordered = descending(IntStream.range(0, priority.length).toArray(), priority);
        int[] kept = Arrays.copyOf(ordered, k);
        double[] s = new double[k];
        for (int r = 0; r < k; r++) {
            s[r] = priority[kept[r]];
        }
        return new Selection(kept, s, priority.length);
    }

    /**
     * A selection in a given order.
     * @param members distinct sample indices, highest priority first (copied).
     * @return the selection (scores are NaN).
     */
    public static Selection ofOrdered(int[] members) {
        if (Arrays.stream(members).distinct().count() != members.length) {
            throw new IllegalArgumentException("Selection members repeat: " + Arrays.toString(members));
        }
        double[] s = new double[members.length];
        Arrays.fill(s, Double.NaN);
        return new Selection(members.clone(), s, members.length);
    }

    private static int[] descending(int[] indices, double[] key) {
        return Arrays.stream(indices).boxed()
                     .sorted(Comparator.<Integer>comparingDouble(i -> -key[i]).thenComparingInt(i -> i))
                     .mapToInt(Integer::intValue).toArray();
    }

    /** @return the number of members. */
    public int size() {
        return members.length;
    }

    /** @return the members in priority order (a copy). */
    public int[] indices() {
        return members.clone();
    }

    /** @return the members sorted ascending (a copy). */
    public int[] sortedIndices() {
        int[] s = members.clone();
        Arrays.sort(s);
        return s;
    }

    /** @return the priority (mask value) of each member, parallel to {@link #indices()} (a copy). */
    public double[] scores() {
        return scores.clone();
    }

    /** @return how many samples passed the threshold before the cap (for {@link #byThreshold}). */
    public int candidates() {
        return candidates;
    }

    /** @return whether the cap removed candidates. */
    public boolean capped() {
        return candidates > members.length;
    }

    /**
     * The first k members (the highest-priority ones).
     * @param k 0 &lt;= k &lt;= size.
     * @return the shrunk selection.
     */
    public Selection prefix(int k) {
        if (k < 0 || k > members.length) {
            throw new IllegalArgumentException("prefix size must be in [0, " + members.length + "], got " + k);
        }
        return new Selection(Arrays.copyOf(members, k), Arrays.copyOf(scores, k), candidates);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection && Arrays.equals(members, ((Selection) o).members);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(members);
    }

    @Override
    public String toString() {
        return "Selection(size=" + members.length + ", candidates=" + candidates + ")";
    }
}
