/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bias-agnostic mask objective of FUDLR over n training samples, on plain double arrays.
 * <p>
 * For a mask {@code m = sigmoid(w)} in (0,1)^n:
 * <pre>
 * J(m) = sum_k alpha_k rho_k(F_k + sum_i m_i a_ik) / ref_k
 *      + beta max(0, sum_i m_i b_i - slack) / accRef
 *      + gamma (1/n) sum_i m_i
 *      + eta (1/n) sum_i m_i (1 - m_i)
 * </pre>
 * where {@code a_ik} is the predicted change of fairness metric k when sample i is removed, {@code F_k} the metric's
 * value before debiasing, {@code rho_k} its {@link Distance} from fair, {@code ref_k} its normaliser (by default
 * {@code rho_k(F_k)}, so every fairness term starts at {@code alpha_k} and the weights are comparable across
 * metrics), and {@code b_i} the predicted change of the accuracy proxy (validation loss: positive = accuracy gets
 * worse). The first term and the last two are the method's (method.md); the normalisers {@code ref_k},
 * {@code accRef} (default 1) and the slack (default 0, so the hinge is the method's {@code max(0, sum m b)}) are
 * this project's documented choices: the slack lets a predicted accuracy loss up to a budget go unpenalised.
 * <p>
 * Instances are immutable. With one objective or several the code path is the same: only the list changes.
 */
public final class MaskProblem {

    private final int n;
    private final List<Objective> objectives;
    private final double[] accuracyEffects;
    private final double beta;
    private final double accuracyReference;
    private final double accuracySlack;
    private final double gamma;
    private final double eta;

    private MaskProblem(Builder b) {
        this.n = b.n;
        this.objectives = Collections.unmodifiableList(new ArrayList<>(b.objectives));
        this.accuracyEffects = b.accuracyEffects == null ? new double[n] : b.accuracyEffects.clone();
        this.beta = b.beta;
        this.accuracyReference = b.accuracyReference;
        this.accuracySlack = b.accuracySlack;
        this.gamma = b.gamma;
        this.eta = b.eta;
    }

    /**
     * Starts a builder.
     * @param n the number of training samples (mask length), &gt;= 1.
     * @return the builder.
     */
    public static Builder builder(int n) {
        return new Builder(n);
    }

    /** @return the number of samples n. */
    public int size() {
        return n;
    }

    /** @return the fairness objectives, in order. */
    public List<Objective> objectives() {
        return objectives;
    }

    /** @return a copy of the accuracy effects b_i (zeros when none were given). */
    public double[] accuracyEffects() {
        return accuracyEffects.clone();
    }

    /** @return beta. */
    public double beta() {
        return beta;
    }

    /** @return gamma. */
    public double gamma() {
        return gamma;
    }

    /** @return eta. */
    public double eta() {
        return eta;
    }

    /** @return the accuracy normaliser. */
    public double accuracyReference() {
        return accuracyReference;
    }

    /** @return the accuracy slack. */
    public double accuracySlack() {
        return accuracySlack;
    }

    /**
     * The predicted metric values {@code F_k + sum_i m_i a_ik}.
     * @param m mask values (or 0/1 indicators), length n.
     * @return one value per objective.
     */
    public double[] predictedMetrics(double[] m) {
        checkLength(m, "m");
        double[] out = new double[objectives.size()];
        for (int k = 0; k < out.length; k++) {
            Objective o = objectives.get(k);
            out[k] = o.value + dot(m, o.effects);
        }
        return out;
    }

    /**
     * The predicted metric values after removing a hard set.
     * @param set sample indices.
     * @return one value per objective.
     */
    public double[] predictedMetrics(int[] set) {
        return predictedMetrics(indicator(set));
    }

    /**
     * The predicted accuracy-proxy change {@code sum_i m_i b_i}.
     * @param m mask values.
     * @return the change (positive = worse).
     */
    public double predictedAccuracyChange(double[] m) {
        checkLength(m, "m");
        return dot(m, accuracyEffects);
    }

    /**
     * J at a mask.
     * @param m mask values in [0, 1], length n.
     * @return J(m).
     */
    public double objective(double[] m) {
        return evaluate(m, null);
    }

    /**
     * J at a hard selection (m = indicator of the set).
     * @param set sample indices.
     * @return J.
     */
    public double objective(int[] set) {
        return objective(indicator(set));
    }

    /**
     * J at {@code m = sigmoid(w)} and its gradient with respect to w.
     * <p>
     * {@code dJ/dm_i = sum_k alpha_k rho_k'(x_k) a_ik / ref_k + beta [s > slack] b_i / accRef + gamma/n
     * + eta (1 - 2 m_i)/n} with {@code x_k = F_k + sum m a_k}, {@code s = sum m b}; then
     * {@code dJ/dw_i = dJ/dm_i m_i (1 - m_i)}. At the kinks the subgradient 0 is used: {@code |x|'(0) = 0} and the
     * hinge's derivative is 0 when {@code s = slack} exactly.
     * @param w logits, length n.
     * @param gradOut receives dJ/dw (length n), or null.
     * @return J(sigmoid(w)).
     */
    public double valueAndGradient(double[] w, double[] gradOut) {
        checkLength(w, "w");
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = sigmoid(w[i]);
        }
        double[] dm = gradOut == null ? null : new double[n];
        double j = evaluate(m, dm);
        if (gradOut != null) {
            checkLength(gradOut, "gradOut");
            for (int i = 0; i < n; i++) {
                gradOut[i] = dm[i] * m[i] * (1.0 - m[i]);
            }
        }
        return j;
    }

    /**
     * First-order score of each sample on the normalised fairness terms alone:
     * {@code sum_k alpha_k rho_k'(F_k) a_ik / ref_k} (negative = removing it reduces unfairness). This is the ranking
     * of fairness-only influence top-k selection.
     * @return one score per sample.
     */
    public double[] fairnessScores() {
        double[] s = new double[n];
        for (Objective o : objectives) {
            double c = o.weight * o.distance.derivative(o.value) / o.reference;
            for (int i = 0; i < n; i++) {
                s[i] += c * o.effects[i];
            }
        }
        return s;
    }

    /**
     * First-order net benefit of removing each sample alone, from the unmasked state: minus the fairness score
     * ({@link #fairnessScores()}) minus {@code beta b_i / accRef} (the hinge taken as active). Higher = removed first;
     * unlike {@link #fairnessScores()} it prices each sample's predicted accuracy cost.
     * @return one value per sample.
     */
    public double[] netBenefit() {
        double[] s = fairnessScores();
        double c = beta / accuracyReference;
        for (int i = 0; i < n; i++) {
            s[i] = -s[i] - c * accuracyEffects[i];
        }
        return s;
    }

    /** J at m; if dm != null it receives dJ/dm. */
    private double evaluate(double[] m, double[] dm) {
        checkLength(m, "m");
        double j = 0;
        for (Objective o : objectives) {
            double x = o.value + dot(m, o.effects);
            j += o.weight * o.distance.value(x) / o.reference;
            if (dm != null) {
                double c = o.weight * o.distance.derivative(x) / o.reference;
                if (c != 0) {
                    for (int i = 0; i < n; i++) {
                        dm[i] += c * o.effects[i];
                    }
                }
            }
        }
        if (beta != 0) {
            double excess = dot(m, accuracyEffects) - accuracySlack;
            if (excess > 0) {
                j += beta * excess / accuracyReference;
                if (dm != null) {
                    double c = beta / accuracyReference;
                    for (int i = 0; i < n; i++) {
                        dm[i] += c * accuracyEffects[i];
                    }
                }
            }
        }
        double sum = 0;
        double binary = 0;
        for (int i = 0; i < n; i++) {
            sum += m[i];
            binary += m[i] * (1.0 - m[i]);
            if (dm != null) {
                dm[i] += (gamma + eta * (1.0 - 2.0 * m[i])) / n;
            }
        }
        j += gamma * sum / n + eta * binary / n;
        return j;
    }

    /**
     * The 0/1 indicator of a set.
     * @param set indices in [0, n), no repeats.
     * @return the indicator.
     */
    public double[] indicator(int[] set) {
        double[] m = new double[n];
        for (int i : set) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("Sample index " + i + " outside [0, " + n + ")");
            }
            if (m[i] != 0) {
                throw new IllegalArgumentException("Sample index " + i + " repeated in the set");
            }
            m[i] = 1.0;
        }
        return m;
    }

    static double sigmoid(double w) {
        // Branches keep exp from overflowing for large |w|.
        if (w >= 0) {
            return 1.0 / (1.0 + Math.exp(-w));
        }
        double e = Math.exp(w);
        return e / (1.0 + e);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private void checkLength(double[] v, String name) {
        if (v.length != n) {
            throw new IllegalArgumentException(name + " has length " + v.length + ", expected n = " + n);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MaskProblem(n=").append(n).append(", objectives=[");
        for (int k = 0; k < objectives.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(objectives.get(k));
        }
        return sb.append("], beta=").append(beta).append(", gamma=").append(gamma).append(", eta=").append(eta)
                 .append(", accuracyReference=").append(accuracyReference).append(", accuracySlack=").append(accuracySlack)
                 .append(')').toString();
    }

    /** One fairness objective k: its per-sample effects, pre-debias value, distance, weight and normaliser. */
    public static final class Objective {
        private final String name;
        private final double[] effects;
        private final double value;
        private final Distance distance;
        private final double weight;
        private final double reference;

        private Objective(String name, double[] effects, double value, Distance distance, double weight, double reference) {
            this.name = name;
            this.effects = effects;
            this.value = value;
            this.distance = distance;
            this.weight = weight;
            this.reference = reference;
        }

        /** @return the objective's name. */
        public String name() {
            return name;
        }

        /** @return a copy of the effects a_ik. */
        public double[] effects() {
            return effects.clone();
        }

        /** @return F_k, the value before debiasing. */
        public double value() {
            return value;
        }

        /** @return rho_k. */
        public Distance distance() {
            return distance;
        }

        /** @return alpha_k. */
        public double weight() {
            return weight;
        }

        /** @return the normaliser ref_k. */
        public double reference() {
            return reference;
        }

        @Override
        public String toString() {
            return name + "(F=" + value + ", " + distance + ", alpha=" + weight + ", ref=" + reference + ")";
        }
    }

    /** Builds a {@link MaskProblem}. */
    public static final class Builder {
        private final int n;
        private final List<Objective> objectives = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private double[] accuracyEffects;
        private double beta;
        private double accuracyReference = 1.0;
        private double accuracySlack;
        private double gamma;
        private double eta;

        private Builder(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("n must be >= 1, got " + n);
            }
            this.n = n;
        }

        /**
         * Adds a fairness objective normalised by its pre-debias distance {@code rho(value)}.
         * @param name a unique name.
         * @param effects a_ik for i = 0..n-1 (copied).
         * @param value F_k before debiasing.
         * @param distance rho_k.
         * @param weight alpha_k &gt;= 0.
         * @return this.
         * @throws IllegalArgumentException if {@code rho(value)} is not positive (a metric that is already fair
         * cannot be normalised by itself; pass an explicit reference).
         */
        public Builder objective(String name, double[] effects, double value, Distance distance, double weight) {
            return objective(name, effects, value, distance, weight, distance.value(value));
        }

        /**
         * Adds a fairness objective with an explicit normaliser.
         * @param name a unique name.
         * @param effects a_ik (copied).
         * @param value F_k.
         * @param distance rho_k.
         * @param weight alpha_k &gt;= 0.
         * @param reference ref_k &gt; 0.
         * @return this.
         */
        public Builder objective(String name, double[] effects, double value, Distance distance, double weight, double reference) {
            if (name == null || name.isEmpty() || !names.add(name)) {
                throw new IllegalArgumentException("Objective name must be non-empty and unique, got '" + name + "'");
            }
            if (distance == null) {
                throw new IllegalArgumentException("Objective '" + name + "' has no distance");
            }
            checkEffects(effects, "effects of objective '" + name + "'");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Objective '" + name + "' has a non-finite value " + value);
            }
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("Objective '" + name + "' weight must be finite and >= 0, got " + weight);
            }
            if (!(reference > 0) || !Double.isFinite(reference)) {
                throw new IllegalArgumentException("Objective '" + name + "' normaliser must be finite and > 0, got " + reference
                                                   + " (rho of the pre-debias value " + value + " is not positive: the metric is "
                                                   + "already fair, give an explicit reference)");
            }
            objectives.add(new Objective(name, effects.clone(), value, distance, weight, reference));
            return this;
        }

        /**
         * Sets the accuracy effects b_i and beta.
         * @param effects b_i (predicted validation-loss change; copied).
         * @param beta beta &gt;= 0.
         * @return this.
         */
        public Builder accuracy(double[] effects, double beta) {
            checkEffects(effects, "accuracy effects");
            checkNonNegative(beta, "beta");
            this.accuracyEffects = effects.clone();
            this.beta = beta;
            return this;
        }

        /**
         * Sets the accuracy normaliser (e.g. the pre-debias validation loss; default 1).
         * @param reference &gt; 0.
         * @return this.
         */
        public Builder accuracyReference(double reference) {
            if (!(reference > 0) || !Double.isFinite(reference)) {
                throw new IllegalArgumentException("accuracyReference must be finite and > 0, got " + reference);
            }
            this.accuracyReference = reference;
            return this;
        }

        /**
         * Sets the predicted accuracy loss that goes unpenalised (default 0).
         * @param slack &gt;= 0, in the units of b.
         * @return this.
         */
        public Builder accuracySlack(double slack) {
            checkNonNegative(slack, "accuracySlack");
            this.accuracySlack = slack;
            return this;
        }

        /**
         * Sets gamma, the per-sample removal cost.
         * @param gamma &gt;= 0.
         * @return this.
         */
        public Builder sizePenalty(double gamma) {
            checkNonNegative(gamma, "gamma");
            this.gamma = gamma;
            return this;
        }

        /**
         * Sets eta, the weight of the term pushing m towards 0/1.
         * @param eta &gt;= 0.
         * @return this.
         */
        public Builder binaryPenalty(double eta) {
            checkNonNegative(eta, "eta");
            this.eta = eta;
            return this;
        }

        /** @return the problem. */
        public MaskProblem build() {
            if (objectives.isEmpty()) {
                throw new IllegalStateException("A mask problem needs at least one fairness objective");
            }
            return new MaskProblem(this);
        }

        private void checkEffects(double[] effects, String what) {
            if (effects == null || effects.length != n) {
                throw new IllegalArgumentException(what + " must have length n = " + n + ", got "
                                                   + (effects == null ? "null" : String.valueOf(effects.length)));
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(effects[i])) {
                    throw new IllegalArgumentException(what + ": non-finite value " + effects[i] + " at sample " + i);
                }
            }
        }

        private static void checkNonNegative(double v, String name) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
            }
        }
    }
}
