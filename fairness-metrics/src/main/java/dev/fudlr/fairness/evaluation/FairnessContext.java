/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import dev.fudlr.fairness.ranking.RankingMetric;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.metrics.MetricContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The shared state of one fairness evaluation: the predictions ranked once (by the same
 * {@link RankingMetric.Context} as the {@link dev.fudlr.fairness.ranking.RankingEvaluator}), turned into
 * engine-free {@link Recommendations}, and each metric's result computed once.
 * <p>
 * Each prediction is one audit row (in leave-one-out evaluation, one user). Its sensitive attributes come
 * from the example's metadata; a missing value becomes the {@value UserAttribute#UNKNOWN} group. The audit
 * history of a user is counted once (on the user's first row), taken from the evaluator's history map or,
 * without one, from the example's history features.
 */
public final class FairnessContext extends MetricContext<Label> {

    private final RankingMetric.Context ranking;
    private final Recommendations recs;
    private final Map<String, MetricResult> results = new ConcurrentHashMap<>();
    private volatile Map<String, Bootstrap.Interval> intervals;

    FairnessContext(Model<Label> model, List<Prediction<Label>> predictions, RecommendationFairnessEvaluator.Settings settings) {
        super(model, predictions);
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("No predictions to evaluate");
        }
        int catalogue = model.getOutputIDInfo().size();
        if (settings.maxK > catalogue) {
            throw new IllegalArgumentException("K=" + settings.maxK + " is larger than the catalogue of " + catalogue
                    + " items the model can rank");
        }
        Map<String, Set<String>> history = settings.history != null ? settings.history : historyFromFeatures(predictions, settings);
        this.ranking = new RankingMetric.Context(model, predictions, settings.excludeHistory ? history : Collections.emptyMap(), settings.maxK);
        List<String> items = ranking.items();
        Map<String, Integer> index = new HashMap<>(2 * items.size());
        for (int i = 0; i < items.size(); i++) {
            index.put(items.get(i), i);
        }
        int rows = predictions.size();
        int n = items.size();
        int[][] lists = new int[rows][];
        int[] targets = new int[rows];
        int[][] historyRows = new int[rows][];
        int[][] exclusionRows = new int[rows][];
        Set<String> seenUsers = new HashSet<>();
        for (int e = 0; e < rows; e++) {
            lists[e] = ranking.topK(e);
            targets[e] = ranking.target(e);
            String user = ranking.user(e);
            Collection<String> h = user != null ? history.get(user) : featureItems(predictions.get(e).getExample(), settings.historyFeaturePrefix);
            boolean first = user == null || seenUsers.add(user);
            int[] hIdx = indices(h, index);
            historyRows[e] = first ? hIdx : new int[0];
            if (settings.excludeHistory) {
                // The ranking context never excludes a row's own target; mirror that for surrogates.
                int t = targets[e];
                exclusionRows[e] = java.util.Arrays.stream(hIdx).filter(i -> i != t).toArray();
            }
        }
        AuditData.Builder b = AuditData.builder(rows, n)
                .targets(Targets.single(targets, n))
                .history(historyRows);
        if (settings.excludeHistory) {
            b.exclusions(exclusionRows);
        }
        for (String key : settings.attributeKeys) {
            UnaryOperator<String> mapper = settings.mappers.getOrDefault(key, UnaryOperator.identity());
            String[] values = new String[rows];
            for (int e = 0; e < rows; e++) {
                Example<Label> ex = predictions.get(e).getExample();
                String raw = ex.getMetadataValue(key).map(Object::toString).orElse(null);
                String v;
                try {
                    v = raw == null ? null : mapper.apply(raw);
                } catch (IllegalArgumentException ex2) {
                    throw new IllegalArgumentException("Example " + e + " has an invalid '" + key + "' value: " + ex2.getMessage(), ex2);
                }
                values[e] = v == null || v.isEmpty() ? UserAttribute.UNKNOWN : v;
            }
            List<String> declared = settings.declaredGroups.getOrDefault(key, Collections.emptyList());
            b.attribute(UserAttribute.of(key, values, declared));
        }
        if (settings.itemCounts != null) {
            long[] counts = new long[n];
            for (Map.Entry<String, Long> c : settings.itemCounts.entrySet()) {
                Integer i = index.get(c.getKey());
                if (i != null) {
                    counts[i] = c.getValue();
                }
            }
            b.itemCounts(counts);
        }
        for (Map.Entry<String, Map<String, String>> g : settings.groupings.entrySet()) {
            String[] labels = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = g.getValue().get(items.get(i));
            }
            b.itemGroups(ItemGroups.of(g.getKey(), labels));
        }
        this.recs = Recommendations.of(TopKLists.of(lists, settings.maxK, n), b.build());
    }

    private static Map<String, Set<String>> historyFromFeatures(List<Prediction<Label>> predictions, RecommendationFairnessEvaluator.Settings s) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Prediction<Label> p : predictions) {
            Example<Label> ex = p.getExample();
            String user = ex.getMetadataValue(RankingEvaluator.USER_METADATA_KEY).map(Object::toString).orElse(null);
            if (user != null) {
                out.computeIfAbsent(user, u -> new LinkedHashSet<>()).addAll(featureItems(ex, s.historyFeaturePrefix));
            }
        }
        return out;
    }

    private static List<String> featureItems(Example<Label> ex, String prefix) {
        List<String> out = new ArrayList<>();
        for (Feature f : ex) {
            if (f.getName().startsWith(prefix)) {
                out.add(f.getName().substring(prefix.length()));
            }
        }
        return out;
    }

    private static int[] indices(Collection<String> ids, Map<String, Integer> index) {
        if (ids == null) {
            return new int[0];
        }
        // Ids outside the model's catalogue cannot be recommended or grouped; they are skipped.
        return ids.stream().map(index::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).distinct().toArray();
    }

    /**
     * The rankings, shared with the ranking metrics.
     * @return the ranking context.
     */
    public RankingMetric.Context ranking() {
        return ranking;
    }

    /**
     * The engine-free recommendations and audit data built from the predictions.
     * @return the recommendations.
     */
    public Recommendations recommendations() {
        return recs;
    }

    /**
     * Bootstrap intervals of the evaluator's metrics, computed once per context. The resampling unit is the
     * user (the examples' {@code user} metadata), so a user with several audit rows is drawn with all of
     * them; a row without a user id is its own unit.
     * @param metrics the metrics.
     * @param settings the evaluator's settings (bootstrap enabled).
     * @return metric name to interval.
     */
    Map<String, Bootstrap.Interval> intervals(List<FairnessMetric> metrics, RecommendationFairnessEvaluator.Settings settings) {
        Map<String, Bootstrap.Interval> ci = intervals;
        if (ci == null) {
            synchronized (this) {
                if (intervals == null) {
                    intervals = Bootstrap.intervals(metrics, recs, userUnits(), settings.bootstrapResamples, settings.bootstrapLevel,
                            settings.bootstrapSeed);
                }
                ci = intervals;
            }
        }
        return ci;
    }

    private int[] userUnits() {
        Map<String, Integer> ids = new HashMap<>();
        int[] out = new int[ranking.size()];
        for (int e = 0; e < out.length; e++) {
            String user = ranking.user(e);
            // A row without a user id is a unit of its own; negative ids never collide with user ids (0, 1, ...).
            out[e] = user == null ? -1 - e : ids.computeIfAbsent(user, u -> ids.size());
        }
        return out;
    }

    /**
     * A metric's result, computed once per context.
     * @param metric the metric.
     * @return the result.
     */
    public MetricResult result(FairnessMetric metric) {
        return results.computeIfAbsent(metric.name(), n -> metric.compute(recs));
    }
}
