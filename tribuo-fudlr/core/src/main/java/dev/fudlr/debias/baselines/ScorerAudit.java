/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.model.RecommenderScorer;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact metrics of any {@link RecommenderScorer} on audit examples, computed as FUDLR audits its models: the audit data
 * of {@link RecommenderAudit} (training item counts, users' seen items excluded), top-K lists from the model's scores,
 * and the metrics of the fairness-metrics {@link MetricRegistry} by name (e.g. {@code mgu@10}, {@code arp@10},
 * {@code ndcg@10}, {@code ndcg-gap@10:gender}). Works alike for trained, unlearned, retrained and re-ranked models.
 */
public final class ScorerAudit {

    private ScorerAudit() {}

    /**
     * Computes metrics.
     * @param model the recommender.
     * @param train its training examples (popularity, seen items).
     * @param audit the audit examples (rows).
     * @param metrics metric names of the standard registry.
     * @param attributeKeys metadata keys of sensitive attributes the metrics may group users by.
     * @return metric name to value, in the order given.
     * @throws IllegalArgumentException for an unknown metric name.
     */
    public static Map<String, Double> evaluate(RecommenderScorer model, List<? extends Example<Label>> train,
                                               List<? extends Example<Label>> audit, List<String> metrics,
                                               List<String> attributeKeys) {
        List<FairnessMetric> parsed = MetricRegistry.standard().parseAll(metrics);
        Recommendations recs = recommendations(model, train, audit, cutoff(parsed), attributeKeys);
        Map<String, Double> out = new LinkedHashMap<>();
        for (FairnessMetric m : parsed) {
            out.put(m.name(), m.value(recs));
        }
        return out;
    }

    /**
     * The top-K lists of a model on audit examples, with the audit data FUDLR uses, for metrics and for paired
     * bootstrap intervals between two models on the same users.
     * @param model the recommender.
     * @param train its training examples (popularity, seen items).
     * @param audit the audit examples (rows).
     * @param k the list length, at least the largest cutoff of the metrics to compute.
     * @param attributeKeys metadata keys of sensitive attributes the metrics may group users by.
     * @return the recommendations, one row per audit example.
     */
    public static Recommendations recommendations(RecommenderScorer model, List<? extends Example<Label>> train,
                                                  List<? extends Example<Label>> audit, int k, List<String> attributeKeys) {
        AuditData data = RecommenderAudit.build(model.items(), train, audit, attributeKeys);
        return Recommendations.fromScores(ScoreMatrix.ofFloats(model.scores(audit)), data, k);
    }

    /**
     * The list length the metrics need.
     * @param metrics parsed metrics.
     * @return the largest cutoff, at least 1.
     */
    public static int cutoff(List<? extends FairnessMetric> metrics) {
        int k = 1;
        for (FairnessMetric m : metrics) {
            k = Math.max(k, m.cutoff());
        }
        return k;
    }
}
