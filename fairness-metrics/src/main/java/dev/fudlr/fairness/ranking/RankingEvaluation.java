/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.tribuo.classification.Label;
import org.tribuo.evaluation.Evaluation;

/**
 * The result of a {@link RankingEvaluator}: HR@K, NDCG@K, Recall@K and MRR@K for each requested K, keyed
 * in {@link #asMap()} by {@link org.tribuo.evaluation.metrics.MetricID}s with the macro-average target
 * and names such as {@code "NDCG@10"}.
 * <p>
 * {@link #getProvenance()} is an {@link org.tribuo.provenance.EvaluationProvenance} holding the evaluated
 * model's provenance and the test data's provenance.
 */
public interface RankingEvaluation extends Evaluation<Label> {

    /**
     * A metric value.
     * @param type the metric family.
     * @param k a cut-off this evaluation computed.
     * @return the population mean over examples.
     * @throws IllegalArgumentException if the metric was not computed.
     */
    double get(RankingMetric.Type type, int k);

    /**
     * A metric value by name.
     * @param metricName {@code "HR"}, {@code "NDCG"}, {@code "Recall"} or {@code "MRR"} (any case).
     * @param k a cut-off this evaluation computed.
     * @return the population mean over examples.
     * @throws IllegalArgumentException if the name is unknown or the metric was not computed.
     */
    default double get(String metricName, int k) {
        return get(RankingMetric.Type.fromName(metricName), k);
    }

    /**
     * HR@K.
     * @param k the cut-off.
     * @return the mean hit rate.
     */
    default double hitRate(int k) {
        return get(RankingMetric.Type.HR, k);
    }

    /**
     * NDCG@K.
     * @param k the cut-off.
     * @return the mean NDCG.
     */
    default double ndcg(int k) {
        return get(RankingMetric.Type.NDCG, k);
    }

    /**
     * Recall@K.
     * @param k the cut-off.
     * @return the mean recall.
     */
    default double recall(int k) {
        return get(RankingMetric.Type.RECALL, k);
    }

    /**
     * MRR@K.
     * @param k the cut-off.
     * @return the mean reciprocal rank at K.
     */
    default double mrr(int k) {
        return get(RankingMetric.Type.MRR, k);
    }

    /**
     * The cut-offs computed, ascending.
     * @return a copy of the cut-offs.
     */
    int[] getKs();

    /**
     * The shared rankings the metrics were computed from (top lists, targets, users, per-example values).
     * @return the context.
     */
    RankingMetric.Context getContext();
}
