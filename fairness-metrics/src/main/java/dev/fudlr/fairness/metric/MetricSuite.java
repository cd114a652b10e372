/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A set of metrics computed together from one top-K selection: the scores are ranked once at the largest
 * cut-off, and every metric reads its prefix of the shared lists.
 */
public final class MetricSuite {

    private final List<FairnessMetric> metrics;
    private final int maxK;

    private MetricSuite(List<FairnessMetric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("A metric suite needs at least one metric");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        int k = 1;
        for (FairnessMetric m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("Metric " + m.name() + " appears twice in the suite");
            }
            k = Math.max(k, m.cutoff());
        }
        this.metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
        this.maxK = k;
    }

    /**
     * A suite.
     * @param metrics distinct metrics, in report order.
     * @return the suite.
     */
    public static MetricSuite of(List<? extends FairnessMetric> metrics) {
        return new MetricSuite(new ArrayList<>(metrics));
    }

    /**
     * The metrics.
     * @return an unmodifiable list.
     */
    public List<FairnessMetric> metrics() {
        return metrics;
    }

    /**
     * The largest cut-off of the suite.
     * @return max K.
     */
    public int maxK() {
        return maxK;
    }

    /**
     * Ranks the scores once (honouring the audit's exclusions) and computes every metric.
     * @param scores users x items scores.
     * @param audit the audit data.
     * @return results by metric name, in suite order.
     */
    public Map<String, MetricResult> evaluate(ScoreMatrix scores, AuditData audit) {
        return evaluate(Recommendations.fromScores(scores, audit, maxK));
    }

    /**
     * Computes every metric on given lists.
     * @param recs lists at least {@link #maxK()} long where possible.
     * @return results by metric name, in suite order.
     */
    public Map<String, MetricResult> evaluate(Recommendations recs) {
        Map<String, MetricResult> out = new LinkedHashMap<>();
        for (FairnessMetric m : metrics) {
            out.put(m.name(), m.compute(recs));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "MetricSuite" + metrics;
    }
}
