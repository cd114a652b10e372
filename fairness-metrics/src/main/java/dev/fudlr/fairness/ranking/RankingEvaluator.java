/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.AbstractEvaluator;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates next-item recommenders whose predictions are {@link Label}s (one label per item): for every
 * prediction it ranks the whole catalogue by {@link Prediction#getOutputScores()}, removes the user's
 * already-seen items, and scores the ranking against the example's ground-truth label with HR@K, NDCG@K,
 * Recall@K and MRR@K for each cut-off K. Each value is the mean over the evaluated examples (macro-average
 * target); see {@link RankingMetric.Context} for the exact ranking rules, in particular that a target the
 * model cannot score counts as a miss and that the target itself is never excluded.
 * <p>
 * Users are identified by the example metadata key {@value #USER_METADATA_KEY}, as in the project's
 * sample encoding. The evaluation's provenance holds the model's and the data's provenance.
 * <p>
 * Tribuo's {@link org.tribuo.classification.evaluation.LabelEvaluator} answers a different question
 * (is the argmax label right?); this evaluator only reads scores, so it works for any model that scores
 * every item.
 */
public final class RankingEvaluator extends AbstractEvaluator<Label, RankingMetric.Context, RankingEvaluation, RankingMetric> {

    /** Metadata key holding the user id of an example. */
    public static final String USER_METADATA_KEY = "user";

    /** Cut-offs used when none are given. */
    public static final List<Integer> DEFAULT_KS = List.of(5, 10, 20);

    private final Map<String, Set<String>> exclusions;
    private final int[] ks;

    /**
     * An evaluator at the default cut-offs with no exclusions.
     */
    public RankingEvaluator() {
        this(Collections.emptyMap());
    }

    /**
     * An evaluator with no exclusions.
     * @param ks cut-offs (each at least 1, no repeats); none means {@link #DEFAULT_KS}.
     */
    public RankingEvaluator(int... ks) {
        this(Collections.emptyMap(), ks);
    }

    /**
     * An evaluator that never recommends a user's already-seen items.
     * @param exclusions user id to the item ids to exclude for that user (copied; users absent from it have
     *                   no exclusions).
     * @param ks cut-offs (each at least 1, no repeats); none means {@link #DEFAULT_KS}.
     */
    public RankingEvaluator(Map<String, ? extends Set<String>> exclusions, int... ks) {
        this.exclusions = RankingMetric.copyExclusions(exclusions);
        this.ks = checkKs(ks);
    }

    /**
     * The cut-offs, ascending.
     * @return a copy.
     */
    public int[] getKs() {
        return ks.clone();
    }

    /**
     * The exclusions.
     * @return an unmodifiable map of unmodifiable sets.
     */
    public Map<String, Set<String>> getExclusions() {
        return exclusions;
    }

    @Override
    protected Set<RankingMetric> createMetrics(Model<Label> model) {
        Set<RankingMetric> metrics = new LinkedHashSet<>();
        for (int k : ks) {
            for (RankingMetric.Type type : RankingMetric.Type.values()) {
                metrics.add(RankingMetric.sharing(type, k, exclusions));
            }
        }
        return metrics;
    }

    @Override
    protected RankingMetric.Context createContext(Model<Label> model, List<Prediction<Label>> predictions) {
        return new RankingMetric.Context(model, predictions, exclusions, ks[ks.length - 1]);
    }

    @Override
    protected RankingEvaluation createEvaluation(RankingMetric.Context context, Map<MetricID<Label>, Double> results,
                                                 EvaluationProvenance provenance) {
        return new RankingEvaluationImpl(results, context, provenance, ks);
    }

    @Override
    public String toString() {
        return "RankingEvaluator(ks=" + Arrays.toString(ks) + ", excludedUsers=" + exclusions.size() + ")";
    }

    private static int[] checkKs(int[] ks) {
        if (ks == null || ks.length == 0) {
            return DEFAULT_KS.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] sorted = ks.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 1) {
                throw new IllegalArgumentException("Cut-offs must be >= 1, got " + Arrays.toString(ks));
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("Cut-offs repeat " + sorted[i] + ": " + Arrays.toString(ks));
            }
        }
        return sorted;
    }
}
