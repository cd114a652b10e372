/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.metric.MetricResult;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a {@link RecommendationFairnessEvaluator}: every metric's value and breakdown, keyed in
 * {@link #asMap()} by macro-average {@link MetricID}s named after the metrics ({@code "mgu@10"},
 * {@code "mgu@10/gu[pop1]"}), the group sizes of every sensitive attribute (unknown group included), and the
 * provenance of the evaluated model and data. With bootstrap enabled in the evaluator it also holds a
 * percentile bootstrap interval per metric ({@link #interval(String)}).
 */
public final class FairnessEvaluation implements Evaluation<Label> {

    private final Map<MetricID<Label>, Double> values;
    private final Map<String, MetricResult> results;
    private final Map<String, Bootstrap.Interval> intervals;
    private final FairnessContext context;
    private final EvaluationProvenance provenance;

    FairnessEvaluation(Map<MetricID<Label>, Double> values, Map<String, MetricResult> results, Map<String, Bootstrap.Interval> intervals,
                       FairnessContext context, EvaluationProvenance provenance) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
        this.intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
        this.context = context;
        this.provenance = provenance;
    }

    @Override
    public Map<MetricID<Label>, Double> asMap() {
        return values;
    }

    /**
     * A metric value or breakdown entry by name.
     * @param name a metric name ({@code "mgu@10"}) or {@code "<metric>/<entry>"}.
     * @return the value.
     * @throws IllegalArgumentException if absent.
     */
    public double get(String name) {
        Double v = values.get(new MetricID<>(MetricTarget.<Label>macroAverageTarget(), name));
        if (v == null) {
            throw new IllegalArgumentException("No metric '" + name + "' in this evaluation; metrics are " + results.keySet());
        }
        return v;
    }

    /**
     * A metric's full result.
     * @param name the metric name.
     * @return the result.
     */
    public MetricResult result(String name) {
        MetricResult r = results.get(name);
        if (r == null) {
            throw new IllegalArgumentException("No metric '" + name + "' in this evaluation; metrics are " + results.keySet());
        }
        return r;
    }

    /**
     * All results, in the evaluator's order.
     * @return metric name to result.
     */
    public Map<String, MetricResult> results() {
        return results;
    }

    /**
     * Whether the evaluator computed bootstrap intervals.
     * @return true if {@link #interval(String)} is available.
     */
    public boolean hasIntervals() {
        return !intervals.isEmpty();
    }

    /**
     * A metric's percentile bootstrap interval over users.
     * @param name the metric name.
     * @return the interval.
     * @throws IllegalStateException if the evaluator was built without {@code bootstrap(...)}.
     * @throws IllegalArgumentException if the metric is absent.
     */
    public Bootstrap.Interval interval(String name) {
        if (intervals.isEmpty()) {
            throw new IllegalStateException("This evaluation has no confidence intervals; build the evaluator with bootstrap(resamples, level, seed)");
        }
        Bootstrap.Interval ci = intervals.get(name);
        if (ci == null) {
            throw new IllegalArgumentException("No metric '" + name + "' in this evaluation; metrics are " + results.keySet());
        }
        return ci;
    }

    /**
     * All bootstrap intervals, in the evaluator's order.
     * @return metric name to interval (empty without bootstrap).
     */
    public Map<String, Bootstrap.Interval> intervals() {
        return intervals;
    }

    /**
     * Every flag raised by any metric.
     * @return the flags.
     */
    public List<String> flags() {
        List<String> out = new ArrayList<>();
        for (MetricResult r : results.values()) {
            out.addAll(r.flags());
        }
        return out;
    }

    /**
     * The number of audit rows in each group of an attribute (or intersection), unknown and empty groups included.
     * @param attribute an attribute key, or keys joined by {@code *}.
     * @return group to count.
     */
    public Map<String, Integer> groupCounts(String attribute) {
        return context.recommendations().audit().attribute(attribute).counts();
    }

    /**
     * The engine-free audit data built from the predictions (for surrogates and further analysis).
     * @return the audit data.
     */
    public AuditData auditData() {
        return context.recommendations().audit();
    }

    /**
     * The top-K lists and audit data the metrics were computed from.
     * @return the recommendations.
     */
    public Recommendations recommendations() {
        return context.recommendations();
    }

    @Override
    public List<Prediction<Label>> getPredictions() {
        return context.getPredictions();
    }

    @Override
    public EvaluationProvenance getProvenance() {
        return provenance;
    }

    /**
     * A report: one line per metric (with its bootstrap interval when computed), then group sizes and flags.
     * @return the report.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        AuditData audit = auditData();
        sb.append(String.format(Locale.ROOT, "FairnessEvaluation(rows=%d, items=%d)%n", audit.numUsers(), audit.numItems()));
        for (MetricResult r : results.values()) {
            Bootstrap.Interval ci = intervals.get(r.name());
            String bounds = ci == null ? "" : String.format(Locale.ROOT, "  [%.6f, %.6f]", ci.lower(), ci.upper());
            sb.append(String.format(Locale.ROOT, "  %-48s %10.6f%s  %s%n", r.name(), r.value(), bounds, r.direction()));
        }
        if (!intervals.isEmpty()) {
            Bootstrap.Interval any = intervals.values().iterator().next();
            sb.append(String.format(Locale.ROOT, "  intervals: %s%% percentile bootstrap over users, %d resamples%n",
                    Bootstrap.Interval.percent(any.level()), any.resamples()));
        }
        for (String a : audit.attributeNames()) {
            sb.append(String.format(Locale.ROOT, "  groups of %s: %s%n", a, audit.attribute(a).counts()));
        }
        for (String f : flags()) {
            sb.append("  FLAG ").append(f).append(String.format("%n"));
        }
        return sb.toString();
    }
}
