/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.evaluation.metrics.MetricContext;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A top-K accuracy metric (HR@K, NDCG@K, Recall@K or MRR@K) of next-item recommendations expressed as
 * Tribuo {@link Label} predictions, one label per item.
 * <p>
 * The value is the population mean over the evaluated examples of the per-example metric from
 * {@link RankingMetrics}, so every metric uses the {@link MetricTarget#macroAverageTarget() macro-average
 * target}. In leave-one-out evaluation, where each user has one test example, this is the mean over users.
 * How each example's ranking is built (catalogue, exclusions, ties, unscored targets) is described in
 * {@link Context}.
 */
public final class RankingMetric implements EvaluationMetric<Label, RankingMetric.Context> {

    /**
     * The metric families.
     */
    public enum Type {
        /** Hit rate: 1 if the target is in the top K. */
        HR("HR"),
        /** Normalised discounted cumulative gain with binary relevance. */
        NDCG("NDCG"),
        /** Recall: the fraction of relevant items in the top K (equal to HR with one target). */
        RECALL("Recall"),
        /** Reciprocal rank of the target if it is in the top K, else 0; its mean is MRR@K. */
        MRR("MRR");

        private final String displayName;

        Type(String displayName) {
            this.displayName = displayName;
        }

        /**
         * The short name used in metric names.
         * @return for example {@code "NDCG"}.
         */
        public String displayName() {
            return displayName;
        }

        /**
         * The metric name at a cut-off.
         * @param k the cut-off.
         * @return for example {@code "NDCG@10"}.
         */
        public String metricName(int k) {
            return displayName + "@" + k;
        }

        /**
         * The per-example value of this metric, delegated to {@link RankingMetrics}.
         * @param ranked item indices, best first.
         * @param relevant the relevant item.
         * @param k the cut-off.
         * @return the value.
         */
        public double compute(int[] ranked, int relevant, int k) {
            switch (this) {
                case HR:
                    return RankingMetrics.hitRate(ranked, relevant, k);
                case NDCG:
                    return RankingMetrics.ndcg(ranked, relevant, k);
                case RECALL:
                    return RankingMetrics.recall(ranked, relevant, k);
                case MRR:
                    return RankingMetrics.reciprocalRank(ranked, relevant, k);
                default:
                    throw new IllegalStateException("Unknown metric type " + this);
            }
        }

        /**
         * Looks a type up by its display name or enum name, ignoring case.
         * @param name for example {@code "ndcg"} or {@code "Recall"}.
         * @return the type.
         * @throws IllegalArgumentException if no type has that name.
         */
        public static Type fromName(String name) {
            for (Type t : values()) {
                if (t.displayName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Unknown ranking metric '" + name + "', expected one of HR, NDCG, Recall, MRR");
        }
    }

    private final Type type;
    private final int k;
    // Immutable; only used when this metric creates its own context.
    private final Map<String, Set<String>> exclusions;

    /**
     * A metric with no exclusions.
     * @param type the metric family.
     * @param k the cut-off (at least 1).
     */
    public RankingMetric(Type type, int k) {
        this(type, k, Collections.emptyMap());
    }

    /**
     * A metric whose own contexts (see {@link #createContext}) exclude each user's already-seen items.
     * @param type the metric family.
     * @param k the cut-off (at least 1).
     * @param exclusions user id to the item ids never recommended to that user (copied).
     */
    public RankingMetric(Type type, int k, Map<String, ? extends Set<String>> exclusions) {
        this(type, k, copyExclusions(exclusions), null);
    }

    /**
     * A metric sharing an already immutable exclusions map (the evaluator's one copy) instead of copying it.
     * @param type the metric family.
     * @param k the cut-off.
     * @param immutableExclusions an immutable map from {@link #copyExclusions}.
     * @return the metric.
     */
    static RankingMetric sharing(Type type, int k, Map<String, Set<String>> immutableExclusions) {
        return new RankingMetric(type, k, immutableExclusions, null);
    }

    // The unused Void parameter only distinguishes this constructor from the public copying one.
    private RankingMetric(Type type, int k, Map<String, Set<String>> immutableExclusions, Void trusted) {
        this.type = Objects.requireNonNull(type, "type");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        this.exclusions = immutableExclusions;
    }

    /**
     * The metric family.
     * @return the type.
     */
    public Type getType() {
        return type;
    }

    /**
     * The cut-off.
     * @return K.
     */
    public int getK() {
        return k;
    }

    /**
     * The id under which a ranking metric is stored in a {@link RankingEvaluation}.
     * @param type the metric family.
     * @param k the cut-off.
     * @return the macro-average metric id named {@code type.metricName(k)}.
     */
    public static MetricID<Label> id(Type type, int k) {
        MetricTarget<Label> macro = MetricTarget.macroAverageTarget();
        return new MetricID<>(macro, type.metricName(k));
    }

    @Override
    public double compute(Context context) {
        return context.mean(type, k);
    }

    @Override
    public MetricTarget<Label> getTarget() {
        return MetricTarget.macroAverageTarget();
    }

    @Override
    public String getName() {
        return type.metricName(k);
    }

    @Override
    public Context createContext(Model<Label> model, List<Prediction<Label>> predictions) {
        return new Context(model, predictions, exclusions, k);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RankingMetric)) {
            return false;
        }
        RankingMetric that = (RankingMetric) o;
        return k == that.k && type == that.type && exclusions.equals(that.exclusions);
    }

    @Override
    public int hashCode() {
        // Exclusions left out on purpose: hashing them is O(total items) and type+k already spread well.
        return Objects.hash(type, k);
    }

    @Override
    public String toString() {
        return "RankingMetric{" + getName() + ", target=macro, excludedUsers=" + exclusions.size() + "}";
    }

    /**
     * Immutable deep copy of an exclusions map.
     * @param exclusions user id to item ids.
     * @return the copy.
     */
    static Map<String, Set<String>> copyExclusions(Map<String, ? extends Set<String>> exclusions) {
        Objects.requireNonNull(exclusions, "exclusions");
        Map<String, Set<String>> copy = new HashMap<>();
        for (Map.Entry<String, ? extends Set<String>> e : exclusions.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("Exclusions may not contain null users or null item sets (user " + e.getKey() + ")");
            }
            for (String item : e.getValue()) {
                if (item == null) {
                    throw new IllegalArgumentException("Exclusions of user " + e.getKey() + " contain a null item id");
                }
            }
            copy.put(e.getKey(), Set.copyOf(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The rankings of a set of predictions, computed once and shared by all ranking metrics.
     * <p>
     * For each prediction:
     * <ul>
     *     <li>The catalogue is the model's output domain, sorted by {@link ItemIds#ORDER}; an item's
     *     index in that order is its ranking index, so equal scores are ordered by item id.</li>
     *     <li>Items are scored by {@link Prediction#getOutputScores()} (label name to score). Items the
     *     prediction does not score are not rankable. A scored name outside the model's output domain, a
     *     NaN score, a prediction with no scores, or a ground truth equal to Tribuo's unknown label is an
     *     {@link IllegalArgumentException}.</li>
     *     <li>If exclusions are given, the items of the user named by the example's
     *     {@value RankingEvaluator#USER_METADATA_KEY} metadata are not rankable, except the example's
     *     own target, which is never excluded (excluding it would turn a correct recommendation into a
     *     miss). Users absent from the map have no exclusions; excluded ids outside the catalogue are
     *     ignored; an example without user metadata is an error when exclusions are given.</li>
     *     <li>The relevant item is the example's ground-truth label. A target the model cannot score
     *     (outside its output domain or absent from the prediction's scores) counts as a miss: every
     *     metric is 0 for that example, and it stays in the denominator.</li>
     *     <li>The top {@code min(maxK, rankable)} items are kept (via {@link TopK}); a user with fewer
     *     rankable items than K gets a shorter list, which the metrics treat as padded with misses.</li>
     * </ul>
     */
    public static final class Context extends MetricContext<Label> {

        private final List<String> items;
        private final int maxK;
        private final int[][] topK;
        private final int[] targets;
        private final String[] users;

        /**
         * Ranks every prediction.
         * @param model the model that produced the predictions (its output domain is the catalogue).
         * @param predictions the predictions, each with its example (ground truth and metadata).
         * @param exclusions user id to item ids not to recommend (read, not kept); empty for none.
         * @param maxK the largest cut-off any metric will ask for.
         */
        public Context(Model<Label> model, List<Prediction<Label>> predictions,
                       Map<String, ? extends Set<String>> exclusions, int maxK) {
            super(model, predictions);
            Objects.requireNonNull(exclusions, "exclusions");
            if (maxK < 1) {
                throw new IllegalArgumentException("maxK must be >= 1, got " + maxK);
            }
            if (predictions.isEmpty()) {
                throw new IllegalArgumentException("No predictions to evaluate");
            }
            List<String> names = new ArrayList<>();
            for (Label l : model.getOutputIDInfo().getDomain()) {
                names.add(l.getLabel());
            }
            this.items = ItemIds.sorted(names);
            int n = items.size();
            if (n == 0) {
                throw new IllegalArgumentException("The model's output domain is empty: nothing to rank");
            }
            Map<String, Integer> index = new HashMap<>(2 * n);
            for (int i = 0; i < n; i++) {
                index.put(items.get(i), i);
            }
            this.maxK = maxK;
            this.topK = new int[predictions.size()][];
            this.targets = new int[predictions.size()];
            this.users = new String[predictions.size()];
            double[] row = new double[n];
            for (int e = 0; e < predictions.size(); e++) {
                Prediction<Label> p = predictions.get(e);
                Label truth = p.getExample().getOutput();
                if (truth == null || LabelFactory.UNKNOWN_LABEL.equals(truth)) {
                    throw new IllegalArgumentException("Prediction " + e + " has no ground-truth label (Tribuo's unknown label)");
                }
                Map<String, Label> scores = p.getOutputScores();
                if (scores.isEmpty()) {
                    throw new IllegalArgumentException("Prediction " + e + " has no output scores; ranking needs a model that scores items");
                }
                BitSet excluded = new BitSet(n);
                excluded.set(0, n);
                for (Map.Entry<String, Label> s : scores.entrySet()) {
                    Integer idx = index.get(s.getKey());
                    if (idx == null) {
                        throw new IllegalArgumentException("Prediction " + e + " scores item '" + s.getKey()
                                + "', which is not in the model's output domain");
                    }
                    double score = s.getValue().getScore();
                    if (Double.isNaN(score)) {
                        throw new IllegalArgumentException("Prediction " + e + " has a NaN score for item '" + s.getKey() + "'");
                    }
                    row[idx] = score;
                    excluded.clear(idx);
                }
                int target = index.getOrDefault(truth.getLabel(), -1);
                if (target >= 0 && excluded.get(target)) {
                    target = -1;
                }
                String user = p.getExample().getMetadataValue(RankingEvaluator.USER_METADATA_KEY)
                        .map(Object::toString).orElse(null);
                if (!exclusions.isEmpty()) {
                    if (user == null) {
                        throw new IllegalArgumentException("Prediction " + e + " has no '" + RankingEvaluator.USER_METADATA_KEY
                                + "' metadata, so its exclusions cannot be looked up");
                    }
                    Set<String> seen = exclusions.get(user);
                    if (seen != null) {
                        for (String item : seen) {
                            Integer idx = index.get(item);
                            if (idx != null && idx != target) {
                                excluded.set(idx);
                            }
                        }
                    }
                }
                int kk = Math.min(maxK, n - excluded.cardinality());
                // Unscored items may hold a stale value from the previous row; they are excluded.
                topK[e] = TopK.select(row, kk, excluded);
                targets[e] = target;
                users[e] = user;
            }
        }

        /**
         * The catalogue in ranking-index order.
         * @return unmodifiable list of item ids.
         */
        public List<String> items() {
            return items;
        }

        /**
         * The largest cut-off this context supports.
         * @return max K.
         */
        public int maxK() {
            return maxK;
        }

        /**
         * Number of ranked examples.
         * @return the number of predictions.
         */
        public int size() {
            return targets.length;
        }

        /**
         * The top list of an example, as catalogue indices.
         * @param example the prediction index.
         * @return a copy, best first, of length {@code min(maxK, rankable)}.
         */
        public int[] topK(int example) {
            return topK[example].clone();
        }

        /**
         * The top list of an example, as item ids.
         * @param example the prediction index.
         * @return item ids, best first.
         */
        public List<String> topKItems(int example) {
            int[] top = topK[example];
            List<String> out = new ArrayList<>(top.length);
            for (int idx : top) {
                out.add(items.get(idx));
            }
            return Collections.unmodifiableList(out);
        }

        /**
         * The catalogue index of an example's target.
         * @param example the prediction index.
         * @return the index, or -1 when the model cannot score the target (a miss).
         */
        public int target(int example) {
            return targets[example];
        }

        /**
         * The user of an example.
         * @param example the prediction index.
         * @return the {@value RankingEvaluator#USER_METADATA_KEY} metadata value, or null.
         */
        public String user(int example) {
            return users[example];
        }

        /**
         * A metric for every example, in prediction order (the values whose mean is the reported metric;
         * group them by user attributes for utility-gap fairness metrics).
         * @param type the metric family.
         * @param k the cut-off, at most {@link #maxK()}.
         * @return one value per prediction.
         */
        public double[] perExample(Type type, int k) {
            if (k < 1 || k > maxK) {
                throw new IllegalArgumentException("k=" + k + " is outside [1, " + maxK + "], the cut-offs this context was ranked for");
            }
            double[] out = new double[targets.length];
            for (int e = 0; e < targets.length; e++) {
                out[e] = targets[e] < 0 ? 0.0 : type.compute(topK[e], targets[e], k);
            }
            return out;
        }

        /**
         * The population mean of a metric over all examples.
         * @param type the metric family.
         * @param k the cut-off, at most {@link #maxK()}.
         * @return the mean.
         */
        public double mean(Type type, int k) {
            double sum = 0.0;
            for (double v : perExample(type, k)) {
                sum += v;
            }
            return sum / targets.length;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "RankingMetric.Context{examples=%d, items=%d, maxK=%d}", targets.length, items.size(), maxK);
        }
    }
}
