/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The immutable {@link RankingEvaluation} produced by {@link RankingEvaluator}.
 */
final class RankingEvaluationImpl implements RankingEvaluation {

    private final Map<MetricID<Label>, Double> results;
    private final RankingMetric.Context context;
    private final EvaluationProvenance provenance;
    private final int[] ks;

    RankingEvaluationImpl(Map<MetricID<Label>, Double> results, RankingMetric.Context context,
                          EvaluationProvenance provenance, int[] ks) {
        this.results = Collections.unmodifiableMap(new HashMap<>(results));
        this.context = context;
        this.provenance = provenance;
        this.ks = ks.clone();
    }

    @Override
    public double get(RankingMetric.Type type, int k) {
        Double v = results.get(RankingMetric.id(type, k));
        if (v == null) {
            throw new IllegalArgumentException("Metric " + type.metricName(k) + " was not computed; cut-offs are "
                    + java.util.Arrays.toString(ks));
        }
        return v;
    }

    @Override
    public int[] getKs() {
        return ks.clone();
    }

    @Override
    public RankingMetric.Context getContext() {
        return context;
    }

    @Override
    public Map<MetricID<Label>, Double> asMap() {
        return results;
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
     * A small table: one row per metric family, one column per cut-off.
     * @return the table.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "RankingEvaluation(examples=%d, items=%d)%n", context.size(), context.items().size()));
        sb.append(String.format(Locale.ROOT, "%-8s", "metric"));
        for (int k : ks) {
            sb.append(String.format(Locale.ROOT, "%10s", "@" + k));
        }
        sb.append(String.format("%n"));
        for (RankingMetric.Type type : RankingMetric.Type.values()) {
            sb.append(String.format(Locale.ROOT, "%-8s", type.displayName()));
            for (int k : ks) {
                Double v = results.get(RankingMetric.id(type, k));
                sb.append(v == null ? String.format(Locale.ROOT, "%10s", "-") : String.format(Locale.ROOT, "%10.4f", v));
            }
            sb.append(String.format("%n"));
        }
        return sb.toString();
    }
}
