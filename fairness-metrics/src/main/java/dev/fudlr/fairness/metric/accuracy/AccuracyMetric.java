/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.accuracy;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.AbstractMetric;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.ranking.RankingMetrics;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.SoftUtility;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HR@K, NDCG@K, Recall@K or MRR@K averaged over users: the accuracy metrics of the
 * {@link dev.fudlr.fairness.ranking.RankingEvaluator}, computed by the same {@link RankingMetrics} code so
 * that the project has one implementation. A user whose target the model cannot rank scores 0 and stays in
 * the mean. Names: {@code hr@K}, {@code ndcg@K}, {@code recall@K}, {@code mrr@K}.
 */
public final class AccuracyMetric extends AbstractMetric {

    /** The registry family. */
    public static final MetricFamily FAMILY = MetricFamily.of(List.of("hr", "ndcg", "recall", "mrr"),
            "hr@K | ndcg@K | recall@K | mrr@K",
            "Mean hit rate, NDCG, recall or reciprocal rank at K over audit users (higher is better).",
            spec -> {
                spec.noArgument();
                spec.allowParams(Set.of());
                return new AccuracyMetric(RankingMetric.Type.fromName(spec.family()), spec.requireK());
            });

    private final RankingMetric.Type type;

    /**
     * An accuracy metric.
     * @param type the metric.
     * @param k the cut-off, at least 1.
     */
    public AccuracyMetric(RankingMetric.Type type, int k) {
        super(MetricSpec.builder(type.displayName().toLowerCase(Locale.ROOT)).k(k).build(), Direction.HIGHER_IS_BETTER, k);
        this.type = type;
    }

    /**
     * The metric type.
     * @return the type.
     */
    public RankingMetric.Type type() {
        return type;
    }

    /**
     * The per-user values whose mean is the metric (the shared input of utility-gap and impact-ratio metrics).
     * @param recs the recommendations (lists at least k long where the user has k rankable items).
     * @param type the accuracy metric.
     * @param k the cut-off.
     * @param metricName the asking metric, for messages.
     * @return one value per user.
     */
    public static double[] perUser(Recommendations recs, RankingMetric.Type type, int k, String metricName) {
        TopKLists lists = recs.lists();
        lists.checkCutoff(k, metricName);
        Targets targets = recs.audit().targets(metricName);
        double[] out = new double[lists.numUsers()];
        for (int u = 0; u < out.length; u++) {
            if (targets.count(u) == 0) {
                continue;
            }
            int[] ranked = lists.list(u, k);
            int[] rel = targets.relevant(u);
            switch (type) {
                case HR:
                    out[u] = RankingMetrics.hitRate(ranked, rel, k);
                    break;
                case NDCG:
                    out[u] = RankingMetrics.ndcg(ranked, rel, k);
                    break;
                case RECALL:
                    out[u] = RankingMetrics.recall(ranked, rel, k);
                    break;
                case MRR:
                    out[u] = RankingMetrics.reciprocalRank(ranked, rel, k);
                    break;
                default:
                    throw new IllegalStateException("Unknown accuracy metric " + type);
            }
        }
        return out;
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        double[] values = perUser(recs, type, cutoff(), name());
        return MetricResult.builder(name(), direction())
                .value(Arrays.stream(values).sum() / values.length)
                .put("users", values.length)
                .build();
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return separableSurrogateOf(settings, (audit, st) -> new Separable(this, st));
    }

    /** The mean of the users' soft utilities: the sum of utilities and the number of users add over blocks. */
    private static final class Separable extends SeparableBase<AccuracyMetric> {

        Separable(AccuracyMetric metric, SurrogateSettings settings) {
            super(metric, settings);
        }

        /** The sum of the utilities and the number of users. */
        @Override
        public int size() {
            return 2;
        }

        @Override
        public Part forward(ScoreMatrix scores, AuditData block) {
            SoftTopK soft = softTopK(scores, block);
            SoftUtility utility = SoftUtility.compute(soft, block.targets(metric.name()), metric.type);
            return new Part() {
                @Override
                public double[] sums() {
                    return new double[]{Arrays.stream(utility.values()).sum(), scores.rows()};
                }

                @Override
                public void backward(double[] sums, double[] adjoint, double[] gradient) {
                    double[] dU = new double[scores.rows()];
                    Arrays.fill(dU, adjoint[0]);
                    utility.backward(dU, gradient);
                }
            };
        }

        @Override
        public double value(double[] sums) {
            return sums[0] / sums[1];
        }

        @Override
        public double[] adjoint(double[] sums) {
            return new double[]{1.0 / sums[1]};
        }
    }
}
