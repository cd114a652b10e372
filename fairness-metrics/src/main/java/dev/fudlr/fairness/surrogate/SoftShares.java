/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.ranking.RankingMetrics;

import java.util.Arrays;

/**
 * Smooth item-group shares of recommendation slots, overall or per user group, and their gradient: the
 * surrogate of GP_g, of exposure distributions and of exposure shares.
 * <p>
 * With weights {@code w_ui} (1, or a position discount), user groups {@code a} and item groups {@code g}:
 * <pre>
 *   S_ag = sum_{u in a} sum_{i in g} w_ui m_ui,   S_a = sum_g S_ag,   P_ag = S_ag / S_a
 * </pre>
 * and {@code d P_ag / d m_ui = w_ui (1[g(i) = g] - P_ag) / S_a} for {@code u in a}. With the exact 0/1
 * membership this is the exact share of slots (or of discounted exposure).
 * <p>
 * The position discount {@code 1 / log2(1 + rank)} uses the exact rank of the user's top-K items and the
 * rank K+1 for every other item; it is a constant, so the gradient flows through the memberships only.
 */
public final class SoftShares {

    private final SoftTopK soft;
    private final int[] userGroup;
    private final ItemGroups items;
    private final boolean discounted;
    private final double[][] sums;
    private final double[] totals;

    private SoftShares(SoftTopK soft, int[] userGroup, int numUserGroups, ItemGroups items, boolean discounted) {
        if (items.numItems() != soft.cols()) {
            throw new IllegalArgumentException("Item grouping '" + items.name() + "' covers " + items.numItems() + " items, scores have " + soft.cols());
        }
        if (userGroup != null && userGroup.length != soft.rows()) {
            throw new IllegalArgumentException("User groups cover " + userGroup.length + " users, scores have " + soft.rows());
        }
        this.soft = soft;
        this.userGroup = userGroup;
        this.items = items;
        this.discounted = discounted;
        this.sums = new double[numUserGroups][items.numGroups()];
        this.totals = new double[numUserGroups];
        double[] w = new double[soft.cols()];
        for (int u = 0; u < soft.rows(); u++) {
            int a = userGroup == null ? 0 : userGroup[u];
            if (a < 0) {
                continue;
            }
            weights(u, w);
            for (int i = 0; i < soft.cols(); i++) {
                double v = w[i] * soft.membership(u, i);
                sums[a][items.groupOf(i)] += v;
                totals[a] += v;
            }
        }
    }

    /** The same memberships with the sums and totals of all blocks (see {@link #withTotals}). */
    private SoftShares(SoftShares block, double[][] sums, double[] totals) {
        this.soft = block.soft;
        this.userGroup = block.userGroup;
        this.items = block.items;
        this.discounted = block.discounted;
        this.sums = sums;
        this.totals = totals;
    }

    /**
     * Shares over all users.
     * @param soft the memberships.
     * @param items the item groups.
     * @param discounted whether slots are weighted by position discount.
     * @return the shares (one user group, index 0).
     */
    public static SoftShares overall(SoftTopK soft, ItemGroups items, boolean discounted) {
        return new SoftShares(soft, null, 1, items, discounted);
    }

    /**
     * Shares per user group.
     * @param soft the memberships.
     * @param userGroup the group of every user, -1 for users left out.
     * @param numUserGroups number of user groups.
     * @param items the item groups.
     * @param discounted whether slots are weighted by position discount.
     * @return the shares.
     */
    public static SoftShares perUserGroup(SoftTopK soft, int[] userGroup, int numUserGroups, ItemGroups items, boolean discounted) {
        return new SoftShares(soft, userGroup.clone(), numUserGroups, items, discounted);
    }

    private void weights(int u, double[] w) {
        if (!discounted) {
            java.util.Arrays.fill(w, 1.0);
            return;
        }
        java.util.Arrays.fill(w, RankingMetrics.discount(soft.k() + 1));
        int[] top = soft.exactTop(u);
        for (int p = 0; p < top.length; p++) {
            w[top[p]] = RankingMetrics.discount(p + 1);
        }
    }

    /**
     * A share.
     * @param userGroup the user group (0 for {@link #overall}).
     * @param itemGroup the item group.
     * @return P_ag, or 0 when the user group has no mass.
     */
    public double share(int userGroup, int itemGroup) {
        return totals[userGroup] > 0 ? sums[userGroup][itemGroup] / totals[userGroup] : 0.0;
    }

    /**
     * All shares of a user group from packed sums ({@link #packedSums()} added over blocks), as {@link #shares} reads them.
     * @param packed the packed sums.
     * @param numUserGroups the number of user groups.
     * @param userGroup the user group.
     * @return P_a, one entry per item group (zeros when the group has no mass).
     */
    public static double[] shares(double[] packed, int numUserGroups, int userGroup) {
        int ng = packed.length / numUserGroups - 1;
        double total = packed[numUserGroups * ng + userGroup];
        double[] out = new double[ng];
        for (int g = 0; g < ng; g++) {
            out[g] = total > 0 ? packed[userGroup * ng + g] / total : 0.0;
        }
        return out;
    }

    /**
     * All shares of a user group.
     * @param userGroup the user group.
     * @return P_a, one entry per item group.
     */
    public double[] shares(int userGroup) {
        double[] out = new double[sums[userGroup].length];
        for (int g = 0; g < out.length; g++) {
            out[g] = share(userGroup, g);
        }
        return out;
    }

    /**
     * The total (weighted) mass of a user group.
     * @param userGroup the user group.
     * @return S_a.
     */
    public double mass(int userGroup) {
        return totals[userGroup];
    }

    /**
     * The weighted membership sums of this block's users, for adding blocks up: per user group, per item group, then
     * per user group its total.
     * @return the sums, {@code numUserGroups x (numItemGroups + 1)} entries.
     */
    public double[] packedSums() {
        int na = totals.length;
        int ng = items.numGroups();
        double[] out = new double[na * ng + na];
        for (int a = 0; a < na; a++) {
            System.arraycopy(sums[a], 0, out, a * ng, ng);
            out[na * ng + a] = totals[a];
        }
        return out;
    }

    /**
     * These memberships with the shares of all blocks: {@link #shares}, {@link #mass} and {@link #backward} then read
     * the total, and the backward pass gives this block's rows of the whole's gradient.
     * @param packed the sum of every block's {@link #packedSums()}.
     * @return the shares of the whole over this block's rows.
     */
    public SoftShares withTotals(double[] packed) {
        int na = totals.length;
        int ng = items.numGroups();
        if (packed.length != na * ng + na) {
            throw new IllegalArgumentException("Packed sums have " + packed.length + " entries, expected " + (na * ng + na));
        }
        double[][] s = new double[na][];
        double[] t = new double[na];
        for (int a = 0; a < na; a++) {
            s[a] = Arrays.copyOfRange(packed, a * ng, (a + 1) * ng);
            t[a] = packed[na * ng + a];
        }
        return new SoftShares(this, s, t);
    }

    /**
     * Chains {@code d objective / d P_ag} back to the scores.
     * @param dShares per user group, per item group, the upstream gradient (rows may be null for zero).
     * @param grad the gradient being accumulated, row-major users x items.
     */
    public void backward(double[][] dShares, double[] grad) {
        int numUserGroups = totals.length;
        double[] centre = new double[numUserGroups];
        for (int a = 0; a < numUserGroups; a++) {
            if (dShares[a] == null || totals[a] <= 0) {
                continue;
            }
            double c = 0.0;
            for (int g = 0; g < dShares[a].length; g++) {
                c += dShares[a][g] * share(a, g);
            }
            centre[a] = c;
        }
        double[] w = new double[soft.cols()];
        double[] dm = new double[soft.cols()];
        for (int u = 0; u < soft.rows(); u++) {
            int a = userGroup == null ? 0 : userGroup[u];
            if (a < 0 || dShares[a] == null || totals[a] <= 0) {
                continue;
            }
            weights(u, w);
            double inv = 1.0 / totals[a];
            for (int i = 0; i < soft.cols(); i++) {
                dm[i] = w[i] * (dShares[a][items.groupOf(i)] - centre[a]) * inv;
            }
            soft.backwardRow(u, dm, grad);
        }
    }
}
