/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.ranking.RankingMetrics;

/**
 * Smooth per-user accuracy (HR, NDCG, Recall, MRR at K) and its gradient: the surrogate of the accuracy
 * metrics and of every utility-based group metric.
 * <p>
 * With {@code m_t} the smooth membership and {@code r_t} the smooth rank ({@link SoftTopK#smoothRank}) of a
 * target t, and T the user's targets:
 * <ul>
 *     <li>HR: {@code 1 - prod_t (1 - m_t)};</li>
 *     <li>Recall: {@code sum_t m_t / |T|};</li>
 *     <li>NDCG: {@code sum_t m_t / log2(1 + r_t) / IDCG(|T|, K)} (ApproxNDCG-style smooth rank, gated by the
 *     smooth top-K membership);</li>
 *     <li>MRR: {@code m_t / r_t} for the target with the highest score (ties by lower index), which is the
 *     first relevant item of the exact ranking.</li>
 * </ul>
 * A user without targets (a target the model cannot rank) has utility 0 and no gradient; an excluded target
 * contributes 0. Each tends to the exact per-user metric of {@link RankingMetrics} as {@code tau -> 0} in
 * THRESHOLD mode.
 */
public final class SoftUtility {

    private static final double LN2 = Math.log(2.0);

    private final SoftTopK soft;
    private final Targets targets;
    private final RankingMetric.Type type;
    private final double[] values;
    // Smooth ranks of each user's targets from the forward pass, reused by the backward pass (NDCG, MRR).
    private final double[][] ranks;

    private SoftUtility(SoftTopK soft, Targets targets, RankingMetric.Type type) {
        if (targets.numUsers() != soft.rows() || targets.numItems() != soft.cols()) {
            throw new IllegalArgumentException("Targets cover " + targets.numUsers() + " x " + targets.numItems() + ", scores are "
                    + soft.rows() + " x " + soft.cols());
        }
        this.soft = soft;
        this.targets = targets;
        this.type = type;
        this.values = new double[soft.rows()];
        this.ranks = new double[soft.rows()][];
        double[] row = new double[soft.cols()];
        for (int u = 0; u < soft.rows(); u++) {
            if (targets.count(u) == 0) {
                continue;
            }
            soft.copyRow(u, row);
            ranks[u] = new double[targets.count(u)];
            java.util.Arrays.fill(ranks[u], Double.NaN);
            values[u] = userValue(u, row, null, 0.0, null);
        }
    }

    /**
     * Per-user smooth utilities.
     * @param soft the memberships (cut-off K).
     * @param targets per-user targets.
     * @param type the accuracy metric.
     * @return the utilities.
     */
    public static SoftUtility compute(SoftTopK soft, Targets targets, RankingMetric.Type type) {
        return new SoftUtility(soft, targets, type);
    }

    /**
     * A user's smooth utility.
     * @param user the user.
     * @return the value in [0, 1].
     */
    public double value(int user) {
        return values[user];
    }

    /**
     * All users' smooth utilities.
     * @return a copy.
     */
    public double[] values() {
        return values.clone();
    }

    /**
     * Chains {@code d objective / d utility_u} back to the scores.
     * @param dUtility one upstream derivative per user.
     * @param grad the gradient being accumulated, row-major users x items.
     */
    public void backward(double[] dUtility, double[] grad) {
        double[] row = new double[soft.cols()];
        double[] dm = new double[soft.cols()];
        for (int u = 0; u < soft.rows(); u++) {
            if (targets.count(u) == 0 || dUtility[u] == 0.0) {
                continue;
            }
            soft.copyRow(u, row);
            userValue(u, row, dm, dUtility[u], grad);
            soft.backwardRow(u, dm, grad);
            for (int j = 0; j < targets.count(u); j++) {
                dm[targets.relevant(u, j)] = 0.0;
            }
        }
    }

    /**
     * The user's value; when {@code dm} is given, also writes d/dm of the targets (times {@code upstream})
     * into dm and adds the smooth-rank terms to grad.
     */
    private double userValue(int u, double[] row, double[] dm, double upstream, double[] grad) {
        int n = targets.count(u);
        switch (type) {
            case HR: {
                double[] q = new double[n];
                double prod = 1.0;
                for (int j = 0; j < n; j++) {
                    int t = targets.relevant(u, j);
                    q[j] = 1.0 - soft.membership(u, t);
                    prod *= q[j];
                }
                if (dm != null) {
                    for (int j = 0; j < n; j++) {
                        double others = 1.0;
                        for (int l = 0; l < n; l++) {
                            if (l != j) {
                                others *= q[l];
                            }
                        }
                        dm[targets.relevant(u, j)] = upstream * others;
                    }
                }
                return 1.0 - prod;
            }
            case RECALL: {
                double sum = 0.0;
                for (int j = 0; j < n; j++) {
                    int t = targets.relevant(u, j);
                    sum += soft.membership(u, t);
                    if (dm != null) {
                        dm[t] = upstream / n;
                    }
                }
                return sum / n;
            }
            case NDCG: {
                double idcg = RankingMetrics.idealDcg(n, soft.k());
                double dcg = 0.0;
                for (int j = 0; j < n; j++) {
                    int t = targets.relevant(u, j);
                    if (soft.excluded(u, t)) {
                        continue;
                    }
                    double mt = soft.membership(u, t);
                    double r = rank(u, j, t, row);
                    double lg = Math.log1p(r);
                    double d = LN2 / lg;
                    dcg += mt * d;
                    if (dm != null) {
                        dm[t] = upstream * d / idcg;
                        double dd = -LN2 / ((1.0 + r) * lg * lg);
                        soft.smoothRankBackward(u, t, row, upstream * mt * dd / idcg, grad);
                    }
                }
                return dcg / idcg;
            }
            case MRR: {
                int best = -1;
                int bestJ = -1;
                for (int j = 0; j < n; j++) {
                    int t = targets.relevant(u, j);
                    if (soft.excluded(u, t)) {
                        continue;
                    }
                    // Targets are sorted by index, so a strict > keeps the lower index on ties.
                    if (best < 0 || row[t] > row[best]) {
                        best = t;
                        bestJ = j;
                    }
                }
                if (best < 0) {
                    return 0.0;
                }
                double mt = soft.membership(u, best);
                double r = rank(u, bestJ, best, row);
                if (dm != null) {
                    dm[best] = upstream / r;
                    soft.smoothRankBackward(u, best, row, -upstream * mt / (r * r), grad);
                }
                return mt / r;
            }
            default:
                throw new IllegalStateException("Unknown accuracy metric " + type);
        }
    }

    /** The smooth rank of target j of user u: computed in the forward pass, reused afterwards. */
    private double rank(int u, int j, int t, double[] row) {
        if (Double.isNaN(ranks[u][j])) {
            ranks[u][j] = soft.smoothRank(u, t, row);
        }
        return ranks[u][j];
    }
}
