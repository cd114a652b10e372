/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.ranking.TopK;

import java.util.BitSet;

/**
 * Smooth top-K membership of every (user, item), its vector-Jacobian product, and smooth ranks: the one
 * piece of calculus all surrogates share.
 * <p>
 * For each user with {@code kk = min(K, rankable items)}:
 * <ul>
 *     <li>{@link SmoothingMode#THRESHOLD}: {@code m_i = sigmoid((s_i - t) / tau)}, {@code t = s_(kk)/2 + s_(kk+1)/2}
 *     from the exact order (ties by lower index). {@code dm_i/ds_i = m_i(1 - m_i)/tau}; with
 *     {@link SurrogateSettings#thresholdGradient()} the threshold's derivative {@code dt/ds_(kk) = dt/ds_(kk+1) = 1/2}
 *     is added, otherwise t is a constant. A user with {@code kk} equal to the rankable count has every
 *     rankable item as a member ({@code m = 1}, zero gradient).</li>
 *     <li>{@link SmoothingMode#SOFTMAX}: {@code p = softmax(s / tau)} over rankable items,
 *     {@code m_i = 1 - (1 - p_i)^kk}.</li>
 *     <li>Excluded items: {@code m = 0}, zero gradient.</li>
 * </ul>
 * <b>Ties.</b> A score exactly equal to the threshold (only possible when the kk-th and (kk+1)-th scores tie)
 * cannot be separated by any temperature. Such an item takes its exact membership from the tie-broken order,
 * so that the {@code tau -> 0} limit equals the exact metric, and the derivative of the sigmoid at 0,
 * {@code 1/(4 tau)}, as its gradient (the function is not differentiable there). The same rule applies to
 * pairs of equal scores in {@link #smoothRank}.
 */
public final class SoftTopK {

    private final ScoreMatrix scores;
    private final int rows;
    private final int cols;
    private final int k;
    private final SurrogateSettings settings;
    private final double tau;
    private final BitSet[] excluded;
    private final int[] kk;
    private final int[][] exactTop;
    private final int[] boundaryA;
    private final int[] boundaryB;
    // Membership and, per mode, the elementwise derivative (THRESHOLD) or the softmax probability (SOFTMAX).
    private final double[] m;
    private final double[] aux;
    private final double[] mass;

    private SoftTopK(ScoreMatrix scores, AuditData audit, int k, SurrogateSettings settings) {
        audit.checkShape(scores.rows(), scores.cols());
        if (k < 1 || k > scores.cols()) {
            throw new IllegalArgumentException("K=" + k + " must be in [1, " + scores.cols() + "], the catalogue size");
        }
        this.scores = scores;
        this.rows = scores.rows();
        this.cols = scores.cols();
        this.k = k;
        this.settings = settings;
        this.tau = settings.temperature();
        this.excluded = new BitSet[rows];
        this.kk = new int[rows];
        this.exactTop = new int[rows][];
        this.boundaryA = new int[rows];
        this.boundaryB = new int[rows];
        this.m = new double[rows * cols];
        this.aux = new double[rows * cols];
        this.mass = new double[rows];
        double[] row = new double[cols];
        for (int u = 0; u < rows; u++) {
            excluded[u] = exclusionBits(audit.exclusions(u));
            scores.copyRow(u, row);
            if (settings.mode() == SmoothingMode.THRESHOLD) {
                forwardThreshold(u, row);
            } else {
                forwardSoftmax(u, row);
            }
        }
    }

    /**
     * Smooth membership of all users.
     * @param scores users x items scores.
     * @param audit the audit data (exclusions).
     * @param k the cut-off.
     * @param settings the smoothing.
     * @return the memberships.
     */
    public static SoftTopK compute(ScoreMatrix scores, AuditData audit, int k, SurrogateSettings settings) {
        return new SoftTopK(scores, audit, k, settings);
    }

    private BitSet exclusionBits(int[] ex) {
        if (ex.length == 0) {
            return null;
        }
        BitSet b = new BitSet(cols);
        for (int i : ex) {
            b.set(i);
        }
        return b;
    }

    private boolean isExcluded(int u, int i) {
        return excluded[u] != null && excluded[u].get(i);
    }

    private void forwardThreshold(int u, double[] row) {
        int rankable = excluded[u] == null ? cols : cols - excluded[u].cardinality();
        int kU = Math.min(k, rankable);
        kk[u] = kU;
        int off = u * cols;
        if (kU == rankable) {
            exactTop[u] = TopK.select(row, kU, excluded[u]);
            boundaryA[u] = -1;
            boundaryB[u] = -1;
            double total = 0.0;
            for (int i = 0; i < cols; i++) {
                if (!isExcluded(u, i)) {
                    m[off + i] = 1.0;
                    total += 1.0;
                }
            }
            mass[u] = total;
            return;
        }
        int[] top = TopK.select(row, kU + 1, excluded[u]);
        int a = top[kU - 1];
        int b = top[kU];
        boundaryA[u] = a;
        boundaryB[u] = b;
        exactTop[u] = java.util.Arrays.copyOf(top, kU);
        // Halves first: the midpoint of two large scores must not overflow.
        double t = row[a] / 2 + row[b] / 2;
        BitSet inTop = null;
        double total = 0.0;
        for (int i = 0; i < cols; i++) {
            if (isExcluded(u, i)) {
                continue;
            }
            double s = row[i];
            double mi;
            double di;
            if (s == t) {
                if (inTop == null) {
                    inTop = new BitSet(cols);
                    for (int j : exactTop[u]) {
                        inTop.set(j);
                    }
                }
                mi = inTop.get(i) ? 1.0 : 0.0;
                di = 0.25 / tau;
            } else {
                // One exponential for both the sigmoid and its derivative (this loop runs users x items times).
                double x = (s - t) / tau;
                double e = Math.exp(-Math.abs(x));
                double d = 1.0 + e;
                mi = x >= 0 ? 1.0 / d : e / d;
                di = e / (d * d) / tau;
            }
            m[off + i] = mi;
            aux[off + i] = di;
            total += mi;
        }
        mass[u] = total;
    }

    private void forwardSoftmax(int u, double[] row) {
        int rankable = excluded[u] == null ? cols : cols - excluded[u].cardinality();
        int kU = Math.min(k, rankable);
        kk[u] = kU;
        boundaryA[u] = -1;
        boundaryB[u] = -1;
        exactTop[u] = TopK.select(row, kU, excluded[u]);
        int off = u * cols;
        double max = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (int i = 0; i < cols; i++) {
            if (!isExcluded(u, i)) {
                max = any ? Math.max(max, row[i]) : row[i];
                any = true;
            }
        }
        double z = 0.0;
        for (int i = 0; i < cols; i++) {
            if (!isExcluded(u, i)) {
                // s == max first: makes all-infinite rows uniform over their infinite items instead of NaN.
                double e = row[i] == max ? 1.0 : Math.exp((row[i] - max) / tau);
                aux[off + i] = e;
                z += e;
            }
        }
        double total = 0.0;
        for (int i = 0; i < cols; i++) {
            if (!isExcluded(u, i)) {
                double p = aux[off + i] / z;
                aux[off + i] = p;
                double mi = kU == 1 ? p : -Math.expm1(kU * Math.log1p(-p));
                m[off + i] = mi;
                total += mi;
            }
        }
        mass[u] = total;
    }

    /**
     * Numerically stable logistic function.
     * @param x any value, infinities included.
     * @return 1 / (1 + e^-x).
     */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * The logistic function's derivative, computed without cancellation.
     * @param x any value.
     * @return sigmoid(x) * sigmoid(-x).
     */
    public static double sigmoidDerivative(double x) {
        double e = Math.exp(-Math.abs(x));
        double d = 1.0 + e;
        return e / (d * d);
    }

    /**
     * Number of users.
     * @return rows.
     */
    public int rows() {
        return rows;
    }

    /**
     * Number of items.
     * @return cols.
     */
    public int cols() {
        return cols;
    }

    /**
     * The cut-off.
     * @return K.
     */
    public int k() {
        return k;
    }

    /**
     * The smoothing.
     * @return the settings.
     */
    public SurrogateSettings settings() {
        return settings;
    }

    /**
     * A smooth membership.
     * @param user the user.
     * @param item the item.
     * @return m in [0, 1].
     */
    public double membership(int user, int item) {
        return m[user * cols + item];
    }

    /**
     * The sum of a user's memberships (about {@code kk} in THRESHOLD mode).
     * @param user the user.
     * @return the mass.
     */
    public double mass(int user) {
        return mass[user];
    }

    /**
     * The user's exact top list (tie-broken) at {@code min(K, rankable)}.
     * @param user the user.
     * @return a copy, best first.
     */
    public int[] exactTop(int user) {
        return exactTop[user].clone();
    }

    /**
     * Whether an item is excluded for a user.
     * @param user the user.
     * @param item the item.
     * @return true if never recommended.
     */
    public boolean excluded(int user, int item) {
        return isExcluded(user, item);
    }

    /**
     * Chains an upstream gradient through the memberships of one user: adds {@code sum_i dm_i dm_i/ds_j} to
     * {@code grad[user * cols + j]} for every item j.
     * @param user the user.
     * @param dm d objective / d membership of each item of the user (entries of excluded items are ignored).
     * @param grad the gradient being accumulated, row-major users x items.
     */
    public void backwardRow(int user, double[] dm, double[] grad) {
        int off = user * cols;
        if (settings.mode() == SmoothingMode.THRESHOLD) {
            if (boundaryA[user] < 0) {
                return;
            }
            double sum = 0.0;
            for (int i = 0; i < cols; i++) {
                double d = dm[i] * aux[off + i];
                grad[off + i] += d;
                sum += d;
            }
            if (settings.thresholdGradient()) {
                // dm_i/dt = -dm_i/ds_i, and t = s_a/2 + s_b/2.
                grad[off + boundaryA[user]] -= sum / 2;
                grad[off + boundaryB[user]] -= sum / 2;
            }
        } else {
            int kU = kk[user];
            // h_i = dObjective/dp_i = dm_i * kk (1 - p_i)^(kk-1); then the softmax Jacobian (1/tau) p_j (h_j - sum_i h_i p_i).
            double weighted = 0.0;
            for (int i = 0; i < cols; i++) {
                if (isExcluded(user, i)) {
                    continue;
                }
                double p = aux[off + i];
                double h = dm[i] * (kU == 1 ? 1.0 : kU * Math.pow(1.0 - p, kU - 1));
                weighted += h * p;
            }
            for (int i = 0; i < cols; i++) {
                if (isExcluded(user, i)) {
                    continue;
                }
                double p = aux[off + i];
                double h = dm[i] * (kU == 1 ? 1.0 : kU * Math.pow(1.0 - p, kU - 1));
                grad[off + i] += p * (h - weighted) / tau;
            }
        }
    }

    /**
     * Smooth 1-based rank of an item among the user's rankable items:
     * {@code r = 1 + sum_{j != item} sigmoid((s_j - s_item) / tau)}, with the exact tie-break (1 if j has the
     * lower index, else 0) for equal scores. Tends to the exact rank as {@code tau -> 0}.
     * @param user the user.
     * @param item a rankable item.
     * @param row the user's scores (a buffer from {@link ScoreMatrix#copyRow}).
     * @return the smooth rank, in [1, rankable].
     */
    public double smoothRank(int user, int item, double[] row) {
        double s = row[item];
        double r = 1.0;
        for (int j = 0; j < cols; j++) {
            if (j == item || isExcluded(user, j)) {
                continue;
            }
            if (row[j] == s) {
                r += j < item ? 1.0 : 0.0;
            } else {
                r += sigmoid((row[j] - s) / tau);
            }
        }
        return r;
    }

    /**
     * Adds {@code dr * d smoothRank / d scores} of one item to the gradient.
     * @param user the user.
     * @param item the ranked item.
     * @param row the user's scores.
     * @param dr d objective / d rank.
     * @param grad the gradient being accumulated, row-major users x items.
     */
    public void smoothRankBackward(int user, int item, double[] row, double dr, double[] grad) {
        int off = user * cols;
        double s = row[item];
        double total = 0.0;
        for (int j = 0; j < cols; j++) {
            if (j == item || isExcluded(user, j)) {
                continue;
            }
            double d = row[j] == s ? 0.25 / tau : sigmoidDerivative((row[j] - s) / tau) / tau;
            grad[off + j] += dr * d;
            total += d;
        }
        grad[off + item] -= dr * total;
    }

    /**
     * The user's scores, copied into a buffer.
     * @param user the user.
     * @param row a buffer of length {@link #cols()}.
     */
    public void copyRow(int user, double[] row) {
        scores.copyRow(user, row);
    }
}
