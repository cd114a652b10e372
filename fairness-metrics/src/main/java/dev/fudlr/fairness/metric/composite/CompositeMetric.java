/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.composite;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A weighted sum of metrics for co-existing biases: {@code C = sum_k w_k rho_k(F_k) / r_k}, with
 * {@code rho_k} the metric's {@link Direction#distance distance from its ideal} (|.| for signed gaps,
 * {@code 1 - v} for higher-is-better metrics) and {@code r_k} an optional reference (typically
 * {@code rho_k} before debiasing, see {@link #withReferences}) that makes the weights comparable: with
 * references, each normalised term starts at 1. Non-negative; 0 = every term at its ideal. This is the
 * "unified" objective of FUDLR (the paper); the normalisation by the pre-debiasing value is ours.
 * <p>
 * Name syntax: {@code w1*metric1/r1 + w2*metric2/r2 ...}; the weight defaults to 1 and the reference to 1
 * (no normalisation), for example {@code "0.7*mgu@10/0.082+0.3*ndcg-gap@10:gender/0.02"}. Numbers use
 * plain or {@code e}-notation without a {@code +} sign.
 * <p>
 * Surrogate: {@code sum_k w_k rho_k'(F~_k) grad F~_k / r_k}.
 */
public final class CompositeMetric implements FairnessMetric {

    /**
     * One weighted, normalised term.
     */
    public static final class Term {
        private final double weight;
        private final FairnessMetric metric;
        private final double reference;

        /**
         * A term.
         * @param weight non-negative, finite.
         * @param metric the metric (not descriptive).
         * @param reference positive, finite; 1 for no normalisation.
         */
        public Term(double weight, FairnessMetric metric, double reference) {
            this.metric = Objects.requireNonNull(metric, "metric");
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("Weight of " + metric.name() + " must be non-negative and finite, got " + weight);
            }
            if (!(reference > 0) || Double.isInfinite(reference)) {
                throw new IllegalArgumentException("Reference of " + metric.name() + " must be positive and finite, got " + reference);
            }
            if (metric.direction() == Direction.DESCRIPTIVE) {
                throw new IllegalArgumentException("Metric " + metric.name() + " is descriptive and has no distance from an ideal; it cannot be a composite term");
            }
            this.weight = weight;
            this.reference = reference;
        }

        /**
         * The weight.
         * @return w.
         */
        public double weight() {
            return weight;
        }

        /**
         * The metric.
         * @return the metric.
         */
        public FairnessMetric metric() {
            return metric;
        }

        /**
         * The reference.
         * @return r.
         */
        public double reference() {
            return reference;
        }

        @Override
        public String toString() {
            return number(weight) + "*" + metric.name() + (reference == 1.0 ? "" : "/" + number(reference));
        }
    }

    private final List<Term> terms;
    private final String name;
    private final int k;

    /**
     * A composite.
     * @param terms one or more terms.
     */
    public CompositeMetric(List<Term> terms) {
        if (terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("A composite metric needs at least one term");
        }
        this.terms = Collections.unmodifiableList(new ArrayList<>(terms));
        StringBuilder sb = new StringBuilder();
        int maxK = 1;
        for (Term t : terms) {
            sb.append(sb.length() == 0 ? "" : "+").append(t);
            maxK = Math.max(maxK, t.metric.cutoff());
        }
        this.name = sb.toString();
        this.k = maxK;
    }

    /**
     * Whether a name is a composite (has a weight, a reference or several terms).
     * @param name a metric name.
     * @return true for composite syntax.
     */
    public static boolean isComposite(String name) {
        String s = name.trim();
        return s.contains("+") || s.contains("*") && s.indexOf('*') < firstMetricChar(s) || s.contains("/");
    }

    private static int firstMetricChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c) && c != 'e' && c != 'E') {
                return i;
            }
        }
        return s.length();
    }

    /**
     * Parses composite syntax.
     * @param spec for example {@code "0.7*mgu@10/0.082+0.3*ndcg-gap@10:gender/0.02"}.
     * @param resolver turns a plain metric name into a metric (the registry).
     * @return the composite.
     */
    public static CompositeMetric parse(String spec, Function<String, FairnessMetric> resolver) {
        List<Term> terms = new ArrayList<>();
        for (String raw : spec.split("\\+", -1)) {
            String t = raw.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("Composite metric '" + spec + "' has an empty term");
            }
            double weight = 1.0;
            int star = t.indexOf('*');
            if (star >= 0 && star < firstMetricChar(t)) {
                weight = number(t.substring(0, star), spec);
                t = t.substring(star + 1).trim();
            }
            double reference = 1.0;
            int slash = t.lastIndexOf('/');
            if (slash >= 0) {
                reference = number(t.substring(slash + 1), spec);
                t = t.substring(0, slash).trim();
            }
            terms.add(new Term(weight, resolver.apply(t), reference));
        }
        return new CompositeMetric(terms);
    }

    private static double number(String s, String spec) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Composite metric '" + spec + "' has '" + s + "' where a number was expected", e);
        }
    }

    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The same composite with every reference set to the term's distance from ideal on the given
     * recommendations (its value before debiasing), so that each normalised term starts at 1.
     * @param before the recommendations of the model before debiasing.
     * @return the normalised composite.
     * @throws IllegalArgumentException if a term is already at its ideal (distance 0 cannot normalise).
     */
    public CompositeMetric withReferences(Recommendations before) {
        List<Term> out = new ArrayList<>();
        for (Term t : terms) {
            double d = t.metric.compute(before).distance();
            if (!(d > 0)) {
                throw new IllegalArgumentException("Term " + t.metric.name() + " has distance " + d
                        + " from its ideal before debiasing, so it cannot be normalised by it; give its reference explicitly");
            }
            out.add(new Term(t.weight, t.metric, d));
        }
        return new CompositeMetric(out);
    }

    /**
     * The terms.
     * @return an unmodifiable list.
     */
    public List<Term> terms() {
        return terms;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return Direction.UNFAIRNESS;
    }

    @Override
    public int cutoff() {
        return k;
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        double total = 0.0;
        MetricResult.Builder b = MetricResult.builder(name, Direction.UNFAIRNESS);
        for (Term t : terms) {
            MetricResult r = t.metric.compute(recs);
            double c = t.weight * r.distance() / t.reference;
            total += c;
            b.put("value", t.metric.name(), r.value());
            b.put("contribution", t.metric.name(), c);
        }
        return b.value(total).build();
    }

    @Override
    public boolean hasSurrogate() {
        for (Term t : terms) {
            if (!t.metric.hasSurrogate()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        List<Surrogate> parts = new ArrayList<>();
        for (Term t : terms) {
            if (!t.metric.hasSurrogate()) {
                throw new UnsupportedOperationException("Composite " + name + " has no surrogate: term " + t.metric.name() + " has none");
            }
            parts.add(t.metric.surrogate(settings));
        }
        return new Surrogate() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SurrogateSettings settings() {
                return settings;
            }

            @Override
            public SurrogateResult evaluate(ScoreMatrix scores, AuditData audit) {
                Optional<SeparableSurrogate> separable = separable(audit);
                if (separable.isPresent()) {
                    return SeparableSurrogate.evaluate(separable.get(), scores, audit);
                }
                // A term without a separable form (a metric from elsewhere): the weighted sum of whole evaluations.
                double value = 0.0;
                double[] grad = new double[scores.rows() * scores.cols()];
                for (int j = 0; j < terms.size(); j++) {
                    Term t = terms.get(j);
                    SurrogateResult r = parts.get(j).evaluate(scores, audit);
                    Direction d = t.metric.direction();
                    value += t.weight * d.distance(r.value()) / t.reference;
                    double scale = t.weight * d.distanceDerivative(r.value()) / t.reference;
                    if (scale != 0.0) {
                        double[] g = r.gradientArray();
                        for (int i = 0; i < grad.length; i++) {
                            grad[i] += scale * g[i];
                        }
                    }
                }
                return new SurrogateResult(name, value, grad, scores.rows(), scores.cols());
            }

            @Override
            public Optional<SeparableSurrogate> separable(AuditData audit) {
                SeparableSurrogate[] bound = new SeparableSurrogate[parts.size()];
                for (int j = 0; j < bound.length; j++) {
                    Optional<SeparableSurrogate> p = parts.get(j).separable(audit);
                    if (p.isEmpty()) {
                        return Optional.empty();
                    }
                    bound[j] = p.get();
                }
                return Optional.of(new Separable(CompositeMetric.this, bound));
            }

            @Override
            public String toString() {
                return "Surrogate(" + name + ", " + settings + ")";
            }
        };
    }

    /**
     * The weighted sum of the terms' separable surrogates: the sums are the terms' sums one after the other, and the
     * adjoint is every term's scale {@code w rho'(F) / r}, the lengths of the terms' adjoints, then those adjoints.
     */
    private static final class Separable implements SeparableSurrogate {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final SeparableSurrogate[] parts;
        private final double[] weights;
        private final double[] references;
        private final Direction[] directions;
        // Where each term's sums start in the concatenation; the last entry is the total length.
        private final int[] offsets;

        Separable(CompositeMetric metric, SeparableSurrogate[] parts) {
            this.name = metric.name;
            this.parts = parts;
            int m = parts.length;
            this.weights = new double[m];
            this.references = new double[m];
            this.directions = new Direction[m];
            this.offsets = new int[m + 1];
            for (int j = 0; j < m; j++) {
                Term t = metric.terms.get(j);
                weights[j] = t.weight;
                references[j] = t.reference;
                directions[j] = t.metric.direction();
                offsets[j + 1] = offsets[j] + parts[j].size();
            }
        }

        @Override
        public String name() {
            return name;
        }

        /** The terms' sizes added. */
        @Override
        public int size() {
            return offsets[parts.length];
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            Part[] blockParts = new Part[parts.length];
            for (int j = 0; j < parts.length; j++) {
                blockParts[j] = parts[j].forward(scores, block);
            }
            return new Part() {
                @Override
                public double[] sums() {
                    double[] out = new double[offsets[parts.length]];
                    for (int j = 0; j < parts.length; j++) {
                        double[] s = blockParts[j].sums();
                        if (s.length != offsets[j + 1] - offsets[j]) {
                            throw new IllegalStateException("Term " + parts[j].name() + " gave " + s.length + " sums, expected "
                                    + (offsets[j + 1] - offsets[j]));
                        }
                        System.arraycopy(s, 0, out, offsets[j], s.length);
                    }
                    return out;
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    int m = parts.length;
                    int at = 2 * m;
                    for (int j = 0; j < m; j++) {
                        int length = (int) adjoint[m + j];
                        double scale = adjoint[j];
                        if (scale != 0.0) {
                            // Each term's gradient on its own, then scaled: the order of operations of a whole evaluation.
                            double[] g = new double[gradient.length];
                            blockParts[j].backward(termSums(sums, j), Arrays.copyOfRange(adjoint, at, at + length), g);
                            for (int i = 0; i < gradient.length; i++) {
                                gradient[i] += scale * g[i];
                            }
                        }
                        at += length;
                    }
                }
            };
        }

        /** A term's part of the sums. */
        private double[] termSums(double[] sums, int term) {
            if (sums.length != offsets[parts.length]) {
                throw new IllegalArgumentException("Sums of " + sums.length + " terms, expected " + offsets[parts.length]);
            }
            return Arrays.copyOfRange(sums, offsets[term], offsets[term + 1]);
        }

        @Override
        public double value(double[] sums) {
            double value = 0.0;
            for (int j = 0; j < parts.length; j++) {
                value += weights[j] * directions[j].distance(parts[j].value(termSums(sums, j))) / references[j];
            }
            return value;
        }

        @Override
        public double[] adjoint(double[] sums) {
            int m = parts.length;
            double[] scales = new double[m];
            double[][] adjoints = new double[m][];
            int length = 2 * m;
            for (int j = 0; j < m; j++) {
                double[] s = termSums(sums, j);
                scales[j] = weights[j] * directions[j].distanceDerivative(parts[j].value(s)) / references[j];
                adjoints[j] = scales[j] != 0.0 ? parts[j].adjoint(s) : new double[0];
                length += adjoints[j].length;
            }
            double[] out = new double[length];
            int at = 2 * m;
            for (int j = 0; j < m; j++) {
                out[j] = scales[j];
                out[m + j] = adjoints[j].length;
                System.arraycopy(adjoints[j], 0, out, at, adjoints[j].length);
                at += adjoints[j].length;
            }
            return out;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompositeMetric && ((CompositeMetric) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
