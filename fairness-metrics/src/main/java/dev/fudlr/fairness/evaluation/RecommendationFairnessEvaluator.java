/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import dev.fudlr.fairness.data.AgeBuckets;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.accuracy.AccuracyMetric;
import dev.fudlr.fairness.metric.item.ItemExposureFairness;
import dev.fudlr.fairness.metric.popularity.AverageRecommendationPopularity;
import dev.fudlr.fairness.metric.popularity.ExposureGini;
import dev.fudlr.fairness.metric.popularity.GroupUnfairnessDisparity;
import dev.fudlr.fairness.metric.popularity.ItemCoverage;
import dev.fudlr.fairness.metric.popularity.LongTailShare;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.metric.user.ExposureParity;
import dev.fudlr.fairness.metric.user.ImpactRatio;
import dev.fudlr.fairness.metric.user.UtilityGap;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.AbstractEvaluator;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Evaluates a next-item recommender (a Tribuo {@code Model<Label>} that scores every item; one label per
 * item) for accuracy and fairness at once: every prediction's catalogue ranking is cut to top-K lists, the
 * examples' metadata supply the sensitive attributes, and each configured {@link FairnessMetric} is computed
 * on the result.
 * <p>
 * The {@link FairnessEvaluation} exposes each metric's value under a {@link MetricID} with the macro-average
 * target and the metric's registry name (for example {@code "mgu@10"}), and each breakdown entry under
 * {@code "<metric>/<entry>"} (for example {@code "ndcg-gap@10:gender/count[unknown]"}). Its
 * {@link EvaluationProvenance} holds the model's provenance, so evaluating a debiased model records the
 * debiasing step that produced it.
 * <p>
 * Inputs beyond the dataset:
 * <ul>
 *     <li>sensitive attribute metadata keys (default {@code gender}, {@code age}) and a value mapping per key
 *     (default: {@link AgeBuckets#DEFAULT} for {@code age}, which also maps MovieLens-1M age codes);</li>
 *     <li>training item counts (item id to count), needed by popularity groups, ARP and APLT;</li>
 *     <li>the audit users' history (user id to item ids); without it, the items named by each example's
 *     history features ({@code item:<id>}, configurable) are used. The history is excluded from
 *     recommendations by default, as in the ranking evaluator (a row's own target is never excluded);</li>
 *     <li>named item groupings (item id to group, for example genres).</li>
 * </ul>
 * With {@link Builder#bootstrap(int, double, long)} the evaluation also holds a percentile bootstrap
 * interval per metric ({@link FairnessEvaluation#interval(String)}), resampling users (see
 * {@link Bootstrap}), with the bounds in {@link FairnessEvaluation#asMap()} under
 * {@code "<metric>/ci-lower"} and {@code "<metric>/ci-upper"}.
 */
public final class RecommendationFairnessEvaluator
        extends AbstractEvaluator<Label, FairnessContext, FairnessEvaluation, RecommendationFairnessEvaluator.Metric> {

    /** Default sensitive attribute keys (as in the project's sample encoding). */
    public static final List<String> DEFAULT_ATTRIBUTES = List.of("gender", "age");
    /** Default history feature prefix (as in the project's sample encoding). */
    public static final String DEFAULT_HISTORY_PREFIX = "item:";
    /** Default cut-off of the default metric set. */
    public static final int DEFAULT_K = 10;
    /** Breakdown-style key suffix of a metric's lower bootstrap bound in {@link FairnessEvaluation#asMap()}. */
    public static final String CI_LOWER = "ci-lower";
    /** Breakdown-style key suffix of a metric's upper bootstrap bound in {@link FairnessEvaluation#asMap()}. */
    public static final String CI_UPPER = "ci-upper";

    private final Settings settings;
    private final List<FairnessMetric> metrics;

    private RecommendationFairnessEvaluator(Settings settings, List<FairnessMetric> metrics) {
        this.settings = settings;
        this.metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
    }

    /**
     * Starts configuring an evaluator.
     * @return a builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The metrics, in report order.
     * @return an unmodifiable list.
     */
    public List<FairnessMetric> getMetrics() {
        return metrics;
    }

    /**
     * The sensitive attribute keys.
     * @return an unmodifiable list.
     */
    public List<String> getAttributeKeys() {
        return settings.attributeKeys;
    }

    /**
     * The default metric set at a cut-off: HR, NDCG, Recall, MRR; with item counts MGU, DGU, ARP, APLT, Gini,
     * coverage and item exposure; per attribute the NDCG gap and impact ratio (and, with item counts,
     * exposure parity); with two or more attributes, the NDCG gap of the first two intersected.
     * @param k the cut-off.
     * @param attributes the attribute keys.
     * @param withItemCounts whether training item counts are available.
     * @return the metrics.
     */
    public static List<FairnessMetric> defaultMetrics(int k, List<String> attributes, boolean withItemCounts) {
        List<FairnessMetric> out = new ArrayList<>();
        for (RankingMetric.Type t : RankingMetric.Type.values()) {
            out.add(new AccuracyMetric(t, k));
        }
        if (withItemCounts) {
            out.add(new MeanGroupUnfairness(k, "pop"));
            out.add(new GroupUnfairnessDisparity(k, "pop"));
            out.add(new AverageRecommendationPopularity(k));
            out.add(new LongTailShare(k));
            out.add(new ExposureGini(k, false));
            out.add(new ItemCoverage(k));
            out.add(new ItemExposureFairness(k, "pop", ItemExposureFairness.Reference.ITEMS));
        } else {
            out.add(new ExposureGini(k, false));
            out.add(new ItemCoverage(k));
        }
        for (String a : attributes) {
            out.add(new UtilityGap(RankingMetric.Type.NDCG, k, a));
            out.add(new ImpactRatio(k, a));
            if (withItemCounts) {
                out.add(new ExposureParity(k, a));
            }
        }
        if (attributes.size() >= 2) {
            out.add(new UtilityGap(RankingMetric.Type.NDCG, k, attributes.get(0) + "*" + attributes.get(1)));
        }
        return out;
    }

    @Override
    protected Set<Metric> createMetrics(Model<Label> model) {
        Set<Metric> out = new LinkedHashSet<>();
        for (FairnessMetric m : metrics) {
            out.add(new Metric(m, settings));
        }
        return out;
    }

    @Override
    protected FairnessContext createContext(Model<Label> model, List<Prediction<Label>> predictions) {
        return new FairnessContext(model, predictions, settings);
    }

    /**
     * Each metric's value, then its breakdown entries under {@code "<metric>/<entry>"}, then (with bootstrap)
     * its interval bounds under {@code "<metric>/ci-lower"} and {@code "<metric>/ci-upper"}.
     */
    @Override
    protected Map<MetricID<Label>, Double> computeResults(FairnessContext ctx, Set<? extends EvaluationMetric<Label, FairnessContext>> evalMetrics) {
        Map<MetricID<Label>, Double> out = new LinkedHashMap<>();
        MetricTarget<Label> macro = MetricTarget.macroAverageTarget();
        for (EvaluationMetric<Label, FairnessContext> em : evalMetrics) {
            MetricResult r = ((Metric) em).result(ctx);
            out.put(em.getID(), r.value());
            for (Map.Entry<String, Double> b : r.breakdown().entrySet()) {
                out.put(new MetricID<>(macro, r.name() + "/" + b.getKey()), b.getValue());
            }
        }
        if (settings.bootstrapResamples > 0) {
            for (Bootstrap.Interval ci : ctx.intervals(metrics, settings).values()) {
                out.put(new MetricID<>(macro, ci.name() + "/" + CI_LOWER), ci.lower());
                out.put(new MetricID<>(macro, ci.name() + "/" + CI_UPPER), ci.upper());
            }
        }
        return out;
    }

    @Override
    protected FairnessEvaluation createEvaluation(FairnessContext ctx, Map<MetricID<Label>, Double> results, EvaluationProvenance provenance) {
        Map<String, MetricResult> byName = new LinkedHashMap<>();
        for (FairnessMetric m : metrics) {
            byName.put(m.name(), ctx.result(m));
        }
        Map<String, Bootstrap.Interval> ci = settings.bootstrapResamples > 0 ? ctx.intervals(metrics, settings) : Collections.emptyMap();
        return new FairnessEvaluation(results, byName, ci, ctx, provenance);
    }

    @Override
    public String toString() {
        return "RecommendationFairnessEvaluator(metrics=" + metrics + ", attributes=" + settings.attributeKeys
                + ", itemCounts=" + (settings.itemCounts != null) + ", history=" + (settings.history != null ? "map" : "features")
                + ", excludeHistory=" + settings.excludeHistory
                + (settings.bootstrapResamples > 0 ? ", bootstrap=" + settings.bootstrapResamples + "@" + settings.bootstrapLevel
                        + " seed " + settings.bootstrapSeed : "") + ")";
    }

    /**
     * A {@link FairnessMetric} as a Tribuo {@link EvaluationMetric} (macro-average target, the metric's name).
     */
    public static final class Metric implements EvaluationMetric<Label, FairnessContext> {
        private final FairnessMetric metric;
        private final Settings settings;

        Metric(FairnessMetric metric, Settings settings) {
            this.metric = metric;
            this.settings = settings;
        }

        /**
         * The wrapped metric.
         * @return the metric.
         */
        public FairnessMetric metric() {
            return metric;
        }

        MetricResult result(FairnessContext ctx) {
            return ctx.result(metric);
        }

        @Override
        public double compute(FairnessContext context) {
            return context.result(metric).value();
        }

        @Override
        public MetricTarget<Label> getTarget() {
            return MetricTarget.macroAverageTarget();
        }

        @Override
        public String getName() {
            return metric.name();
        }

        @Override
        public FairnessContext createContext(Model<Label> model, List<Prediction<Label>> predictions) {
            return new FairnessContext(model, predictions, settings);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Metric && ((Metric) o).metric.equals(metric);
        }

        @Override
        public int hashCode() {
            return metric.hashCode();
        }

        @Override
        public String toString() {
            return "Metric(" + metric.name() + ")";
        }
    }

    /**
     * The evaluator's immutable configuration, shared with its contexts.
     */
    static final class Settings {
        final List<String> attributeKeys;
        final Map<String, UnaryOperator<String>> mappers;
        final Map<String, List<String>> declaredGroups;
        final Map<String, Long> itemCounts;
        final Map<String, Set<String>> history;
        final boolean excludeHistory;
        final String historyFeaturePrefix;
        final Map<String, Map<String, String>> groupings;
        final int maxK;
        /** 0 when bootstrap intervals are off. */
        final int bootstrapResamples;
        final double bootstrapLevel;
        final long bootstrapSeed;

        Settings(Builder b, int maxK) {
            this.attributeKeys = List.copyOf(b.attributeKeys);
            this.mappers = Collections.unmodifiableMap(new HashMap<>(b.mappers));
            Map<String, List<String>> declared = new HashMap<>();
            for (Map.Entry<String, UnaryOperator<String>> e : b.mappers.entrySet()) {
                if (e.getValue() instanceof AgeBuckets) {
                    declared.put(e.getKey(), ((AgeBuckets) e.getValue()).labels());
                }
            }
            this.declaredGroups = Collections.unmodifiableMap(declared);
            this.itemCounts = b.itemCounts == null ? null : Collections.unmodifiableMap(new HashMap<>(b.itemCounts));
            this.history = b.history;
            this.excludeHistory = b.excludeHistory;
            this.historyFeaturePrefix = b.historyFeaturePrefix;
            this.groupings = Collections.unmodifiableMap(new LinkedHashMap<>(b.groupings));
            this.maxK = maxK;
            this.bootstrapResamples = b.bootstrapResamples;
            this.bootstrapLevel = b.bootstrapLevel;
            this.bootstrapSeed = b.bootstrapSeed;
        }
    }

    /**
     * Configures a {@link RecommendationFairnessEvaluator}.
     */
    public static final class Builder {
        private final List<FairnessMetric> metrics = new ArrayList<>();
        private List<String> attributeKeys = DEFAULT_ATTRIBUTES;
        private final Map<String, UnaryOperator<String>> mappers = new HashMap<>();
        private Map<String, Long> itemCounts;
        private Map<String, Set<String>> history;
        private boolean excludeHistory = true;
        private String historyFeaturePrefix = DEFAULT_HISTORY_PREFIX;
        private final Map<String, Map<String, String>> groupings = new LinkedHashMap<>();
        private int defaultK = DEFAULT_K;
        private int bootstrapResamples;
        private double bootstrapLevel;
        private long bootstrapSeed;

        private Builder() {
            mappers.put("age", AgeBuckets.DEFAULT);
        }

        /**
         * Adds metrics.
         * @param ms metrics.
         * @return this.
         */
        public Builder metrics(Collection<? extends FairnessMetric> ms) {
            metrics.addAll(ms);
            return this;
        }

        /**
         * Adds metrics by registry name (see {@link MetricRegistry}).
         * @param names for example {@code "mgu@10"}, {@code "ndcg-gap@10:gender"}.
         * @return this.
         */
        public Builder metrics(String... names) {
            metrics.addAll(MetricRegistry.standard().parseAll(Arrays.asList(names)));
            return this;
        }

        /**
         * The cut-off of the default metric set, used when no metric is added.
         * @param k the cut-off.
         * @return this.
         */
        public Builder defaultK(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("K must be >= 1, got " + k);
            }
            this.defaultK = k;
            return this;
        }

        /**
         * Sets the sensitive attribute metadata keys.
         * @param keys keys (none for no attribute metrics).
         * @return this.
         */
        public Builder attributes(String... keys) {
            List<String> list = new ArrayList<>();
            for (String k : keys) {
                if (k == null || k.isEmpty() || k.contains("*")) {
                    throw new IllegalArgumentException("Attribute key '" + k + "' must be non-empty and must not contain '*'");
                }
                if (list.contains(k)) {
                    throw new IllegalArgumentException("Attribute key '" + k + "' repeats");
                }
                list.add(k);
            }
            this.attributeKeys = list;
            return this;
        }

        /**
         * Maps raw metadata values of an attribute to groups (for example {@link AgeBuckets}); a mapper that
         * returns null marks the value unknown.
         * @param key the attribute key.
         * @param mapper the mapping (identity to keep raw values).
         * @return this.
         */
        public Builder attributeMapper(String key, UnaryOperator<String> mapper) {
            mappers.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(mapper, "mapper"));
            return this;
        }

        /**
         * Sets the training interaction count of each item id.
         * @param counts item id to count (copied; absent items count 0).
         * @return this.
         */
        public Builder itemCounts(Map<String, ? extends Number> counts) {
            Map<String, Long> copy = new HashMap<>();
            for (Map.Entry<String, ? extends Number> e : counts.entrySet()) {
                long v = e.getValue().longValue();
                if (v < 0) {
                    throw new IllegalArgumentException("Item " + e.getKey() + " has a negative training count " + v);
                }
                copy.put(Objects.requireNonNull(e.getKey(), "item id"), v);
            }
            this.itemCounts = copy;
            return this;
        }

        /**
         * Sets the audit users' history (user id to item ids); it feeds GP^hist and, by default, the exclusions.
         * @param history the history (copied).
         * @return this.
         */
        public Builder history(Map<String, ? extends Collection<String>> history) {
            Map<String, Set<String>> copy = new HashMap<>();
            for (Map.Entry<String, ? extends Collection<String>> e : history.entrySet()) {
                copy.put(Objects.requireNonNull(e.getKey(), "user id"), Collections.unmodifiableSet(new LinkedHashSet<>(e.getValue())));
            }
            this.history = Collections.unmodifiableMap(copy);
            return this;
        }

        /**
         * Whether already-seen items are excluded from recommendations (default true).
         * @param exclude the choice.
         * @return this.
         */
        public Builder excludeHistory(boolean exclude) {
            this.excludeHistory = exclude;
            return this;
        }

        /**
         * The prefix of history features when no history map is given (default {@value RecommendationFairnessEvaluator#DEFAULT_HISTORY_PREFIX}).
         * @param prefix the prefix.
         * @return this.
         */
        public Builder historyFeaturePrefix(String prefix) {
            this.historyFeaturePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Adds a named item grouping (for example genres); every catalogue item must be mapped.
         * @param name the grouping name used in metric names ({@code items=<name>}).
         * @param groupOfItem item id to group.
         * @return this.
         */
        public Builder itemGrouping(String name, Map<String, String> groupOfItem) {
            groupings.put(Objects.requireNonNull(name, "name"), Collections.unmodifiableMap(new HashMap<>(groupOfItem)));
            return this;
        }

        /**
         * Adds a percentile bootstrap interval over users to every metric (off by default). The examples'
         * {@code user} metadata is the resampling unit, so a user's rows are drawn together.
         * @param resamples number of resamples, at least 1 (1,000 is usual for 95% intervals).
         * @param level the confidence level, in (0, 1).
         * @param seed the random seed (same seed, same intervals).
         * @return this.
         * @throws IllegalArgumentException on bad resamples or level.
         */
        public Builder bootstrap(int resamples, double level, long seed) {
            Bootstrap.checkSettings(resamples, level);
            this.bootstrapResamples = resamples;
            this.bootstrapLevel = level;
            this.bootstrapSeed = seed;
            return this;
        }

        /**
         * Builds the evaluator; without added metrics it uses {@link #defaultMetrics}.
         * @return the evaluator.
         */
        public RecommendationFairnessEvaluator build() {
            List<FairnessMetric> ms = metrics.isEmpty() ? defaultMetrics(defaultK, attributeKeys, itemCounts != null) : metrics;
            Set<String> names = new LinkedHashSet<>();
            int maxK = 1;
            for (FairnessMetric m : ms) {
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("Metric " + m.name() + " was added twice");
                }
                maxK = Math.max(maxK, m.cutoff());
            }
            return new RecommendationFairnessEvaluator(new Settings(this, maxK), ms);
        }
    }
}
