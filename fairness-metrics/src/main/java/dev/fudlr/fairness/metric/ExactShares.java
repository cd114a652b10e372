/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.ranking.RankingMetrics;

/**
 * Exact item-group shares of top-K slots (or of position-discounted exposure), overall or per user group,
 * and of the audit users' history: the exact counterpart of {@link dev.fudlr.fairness.surrogate.SoftShares}.
 * <pre>
 *   S_ag = sum_{u in a} sum_{p < len_u} w_p 1[g(L_u[p]) = g],   P_ag = S_ag / sum_g S_ag
 * </pre>
 * with {@code w_p = 1} or {@code 1 / log2(p + 2)} (the position discount of NDCG).
 */
public final class ExactShares {

    private final double[][] sums;
    private final double[] totals;

    private ExactShares(double[][] sums, double[] totals) {
        this.sums = sums;
        this.totals = totals;
    }

    /**
     * Shares of top-K slots.
     * @param lists the lists.
     * @param k the cut-off.
     * @param items the item groups.
     * @param userGroup null (all users in group 0) or the group of each user, -1 for users left out.
     * @param numUserGroups number of user groups (1 when userGroup is null).
     * @param discounted whether slots are weighted by position discount.
     * @return the shares.
     */
    public static ExactShares ofLists(TopKLists lists, int k, ItemGroups items, int[] userGroup, int numUserGroups, boolean discounted) {
        if (items.numItems() != lists.numItems()) {
            throw new IllegalArgumentException("Item grouping '" + items.name() + "' covers " + items.numItems() + " items, lists have " + lists.numItems());
        }
        double[] w = new double[k];
        for (int p = 0; p < k; p++) {
            w[p] = discounted ? RankingMetrics.discount(p + 1) : 1.0;
        }
        double[][] sums = new double[numUserGroups][items.numGroups()];
        double[] totals = new double[numUserGroups];
        for (int u = 0; u < lists.numUsers(); u++) {
            int a = userGroup == null ? 0 : userGroup[u];
            if (a < 0) {
                continue;
            }
            int len = lists.length(u, k);
            for (int p = 0; p < len; p++) {
                sums[a][items.groupOf(lists.item(u, p))] += w[p];
                totals[a] += w[p];
            }
        }
        return new ExactShares(sums, totals);
    }

    /**
     * Shares of the audit users' history interactions (GP^hist).
     * @param audit the audit data (with history).
     * @param items the item groups.
     * @param metric the asking metric, for messages.
     * @return the shares (one user group).
     * @throws IllegalStateException if there is no history or it is empty.
     */
    public static ExactShares ofHistory(AuditData audit, ItemGroups items, String metric) {
        double[][] sums = new double[1][items.numGroups()];
        double total = 0;
        for (int u = 0; u < audit.numUsers(); u++) {
            int n = audit.historyLength(metric, u);
            for (int j = 0; j < n; j++) {
                sums[0][items.groupOf(audit.historyItem(u, j))] += 1.0;
                total += 1.0;
            }
        }
        if (total == 0) {
            throw new IllegalStateException("Metric " + metric + " compares with the audit users' history, but it holds no interactions");
        }
        return new ExactShares(sums, new double[]{total});
    }

    /**
     * A share.
     * @param userGroup the user group (0 when there is one).
     * @param itemGroup the item group.
     * @return P_ag, or 0 when the user group has no slots.
     */
    public double share(int userGroup, int itemGroup) {
        return totals[userGroup] > 0 ? sums[userGroup][itemGroup] / totals[userGroup] : 0.0;
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
     * The (weighted) number of slots of a user group.
     * @param userGroup the user group.
     * @return S_a.
     */
    public double mass(int userGroup) {
        return totals[userGroup];
    }
}
