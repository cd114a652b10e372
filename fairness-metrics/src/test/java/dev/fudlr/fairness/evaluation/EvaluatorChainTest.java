/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import dev.fudlr.fairness.ranking.RankingEvaluation;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorChainTest {

    private static final MetricTarget<Label> MACRO = MetricTarget.macroAverageTarget();

    @Test
    void predictsOnceAndMergesTribuoAndProjectEvaluators() {
        EvaluationFixture f = new EvaluationFixture("6");
        EvaluatorChain<Label> chain = EvaluatorChain.<Label>builder()
                .add("label", new LabelEvaluator())
                .add("ranking", new RankingEvaluator(2))
                .add("fairness", RecommendationFairnessEvaluator.builder().metrics("ndcg@2", "ndcg-gap@2:gender").excludeHistory(false).build())
                .build();
        ChainedEvaluation<Label> report = chain.evaluate(f.model, f.data);
        assertEquals(4, f.model.predictionCount());
        LabelEvaluation label = report.get("label", LabelEvaluation.class);
        RankingEvaluation ranking = report.get("ranking", RankingEvaluation.class);
        FairnessEvaluation fair = report.get("fairness", FairnessEvaluation.class);
        // Every part saw the same predictions.
        assertSame(report.getPredictions(), label.getPredictions());
        assertEquals(label.accuracy(), report.get(new MetricID<>(MetricTarget.<Label>microAverageTarget(), "ACCURACY")), 0.0);
        assertEquals(ranking.ndcg(2), report.get(new MetricID<>(MACRO, "NDCG@2")), 0.0);
        assertEquals(fair.get("ndcg-gap@2:gender"), report.get(new MetricID<>(MACRO, "ndcg-gap@2:gender")), 0.0);
        assertEquals(ranking.ndcg(2), fair.get("ndcg@2"), 1e-12);
        int total = label.asMap().size() + ranking.asMap().size() + fair.asMap().size();
        assertEquals(total, report.asMap().size());
        assertEquals(f.model.getProvenance(), report.getProvenance().getModelProvenance());
        assertTrue(report.toString().contains("== fairness =="));
        // Evaluating the parts separately predicts once per part.
        new RankingEvaluator(2).evaluate(f.model, f.data);
        assertEquals(8, f.model.predictionCount());
    }

    @Test
    void clashingMetricIdsAreQualifiedEqualOnesMerged() {
        EvaluationFixture f = new EvaluationFixture("6");
        Map<String, Set<String>> seen = Map.of("u0", Set.of("1"), "u1", Set.of("1"), "u3", Set.of("1"));
        ChainedEvaluation<Label> report = EvaluatorChain.<Label>builder()
                .add("plain", new RankingEvaluator(2))
                .add("same", new RankingEvaluator(2))
                .add("excluding", new RankingEvaluator(seen, 2))
                .build().evaluate(f.model, f.data);
        RankingEvaluation plain = report.get("plain", RankingEvaluation.class);
        RankingEvaluation excluding = report.get("excluding", RankingEvaluation.class);
        // Excluding item 1 moves u0's target (item 2) from rank 2 to rank 1: NDCG@2 differs, HR@2 does not.
        assertEquals((1.0 + 1.0) / 4, excluding.ndcg(2), 1e-12);
        assertTrue(plain.ndcg(2) < excluding.ndcg(2));
        assertEquals(plain.hitRate(2), excluding.hitRate(2), 0.0);
        assertFalse(report.asMap().containsKey(new MetricID<>(MACRO, "NDCG@2")));
        assertEquals(plain.ndcg(2), report.get(new MetricID<>(MACRO, "plain/NDCG@2")), 0.0);
        assertEquals(plain.ndcg(2), report.get(new MetricID<>(MACRO, "same/NDCG@2")), 0.0);
        assertEquals(excluding.ndcg(2), report.get(new MetricID<>(MACRO, "excluding/NDCG@2")), 0.0);
        // Metrics all parts agree on stay unqualified.
        assertEquals(plain.hitRate(2), report.get(new MetricID<>(MACRO, "HR@2")), 0.0);
        assertFalse(report.asMap().containsKey(new MetricID<>(MACRO, "plain/HR@2")));
    }

    @Test
    void rejectsBadChains() {
        assertThrows(IllegalArgumentException.class, () -> EvaluatorChain.<Label>builder().build());
        assertThrows(IllegalArgumentException.class, () -> EvaluatorChain.<Label>builder().add("a", new LabelEvaluator()).add("a", new LabelEvaluator()));
        assertThrows(IllegalArgumentException.class, () -> EvaluatorChain.<Label>builder().add("a/b", new LabelEvaluator()));
        EvaluatorChain<Label> one = EvaluatorChain.<Label>builder().add("label", new LabelEvaluator()).build();
        EvaluatorChain<Label> two = one.then("ranking", new RankingEvaluator(2));
        assertEquals(2, two.evaluators().size());
        assertEquals(1, one.evaluators().size());
        ChainedEvaluation<Label> r = two.evaluate(new EvaluationFixture("6").model, new EvaluationFixture("6").data);
        assertThrows(IllegalArgumentException.class, () -> r.get("nope"));
        assertThrows(IllegalArgumentException.class, () -> r.get("label", RankingEvaluation.class));
    }
}
