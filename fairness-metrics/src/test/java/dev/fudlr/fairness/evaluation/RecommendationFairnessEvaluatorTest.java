/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.ranking.RankingEvaluation;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendationFairnessEvaluatorTest {

    private static final double EPS = 1e-12;
    private static final List<String> METRICS = List.of("hr@2", "ndcg@2", "mrr@2", "mgu@2;items=pop2", "dgu@2;items=pop3", "arp@2", "aplt@2",
            "gini@2", "coverage@2", "ndcg-gap@2:gender", "exposure-parity@2:gender;items=pop2", "impact-ratio@2:gender",
            "item-exposure@2;items=pop2", "ndcg-gap@2:gender*age", "mgu@2;items=genre");

    private static RecommendationFairnessEvaluator.Builder small() {
        Map<String, String> genre = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            genre.put(Integer.toString(i + 1), i % 2 == 0 ? "drama" : "comedy");
        }
        return RecommendationFairnessEvaluator.builder().metrics(METRICS.toArray(new String[0]))
                .itemCounts(EvaluationFixture.itemCounts()).history(EvaluationFixture.history()).excludeHistory(false)
                .itemGrouping("genre", genre);
    }

    @Test
    void matchesTheEngineFreeMetricsOnTheSameCase() {
        EvaluationFixture f = new EvaluationFixture("99");
        FairnessEvaluation eval = small().build().evaluate(f.model, f.data);
        MetricTarget<Label> macro = MetricTarget.macroAverageTarget();
        for (String name : METRICS) {
            FairnessMetric m = MetricRegistry.standard().parse(name);
            double expected = m.value(TestData.small());
            assertEquals(expected, eval.get(name), EPS, name);
            assertEquals(expected, eval.get(new MetricID<>(macro, name)), EPS, name);
        }
        // Hand values for a few, to pin the pipeline, not just agreement.
        assertEquals(1.0 / 8, eval.get("mgu@2;items=pop2"), EPS);
        assertEquals((TestData.D2 + 1) / 2, eval.get("ndcg-gap@2:gender"), EPS);
        assertEquals(0.0, eval.get("impact-ratio@2:gender"), EPS);
        // Breakdowns are metrics too.
        assertEquals(1.0, eval.get("ndcg-gap@2:gender/count[unknown]"), EPS);
        assertEquals(1.0 / 8, eval.get("mgu@2;items=pop2/gu[pop1]"), EPS);
        for (MetricID<Label> id : eval.asMap().keySet()) {
            assertEquals(macro, id.getA());
        }
        assertTrue(eval.flags().stream().anyMatch(s -> s.contains("group M has impact ratio")), eval.flags().toString());
        assertTrue(eval.toString().contains("mgu@2;items=pop2"));
    }

    @Test
    void unknownAttributeValuesAreCountedAndAgesBucketed() {
        EvaluationFixture f = new EvaluationFixture("99");
        FairnessEvaluation eval = small().build().evaluate(f.model, f.data);
        assertEquals(Map.of("F", 2, "M", 1, "unknown", 1), eval.groupCounts("gender"));
        // Declared buckets keep their order and empty buckets are reported.
        assertEquals(List.of("<25", "25-34", "35-44", "45+"), List.copyOf(eval.groupCounts("age").keySet()));
        assertEquals(List.of(2, 0, 0, 2), List.copyOf(eval.groupCounts("age").values()));
        assertEquals(12, eval.groupCounts("gender*age").size());
        MetricResult gap = eval.result("ndcg-gap@2:gender*age");
        assertEquals(0.0, gap.breakdown("count[M|45+]"), EPS);
    }

    @Test
    void accuracyAgreesWithTheRankingEvaluatorIncludingExclusions() {
        EvaluationFixture f = new EvaluationFixture("99");
        Map<String, Set<String>> seen = new HashMap<>();
        EvaluationFixture.history().forEach((u, h) -> seen.put(u, Set.copyOf(h)));
        RankingEvaluation ranking = new RankingEvaluator(seen, 2).evaluate(f.model, f.data);
        FairnessEvaluation fair = RecommendationFairnessEvaluator.builder().metrics("hr@2", "ndcg@2", "recall@2", "mrr@2")
                .history(EvaluationFixture.history()).build().evaluate(f.model, f.data);
        assertEquals(ranking.hitRate(2), fair.get("hr@2"), EPS);
        assertEquals(ranking.ndcg(2), fair.get("ndcg@2"), EPS);
        assertEquals(ranking.recall(2), fair.get("recall@2"), EPS);
        assertEquals(ranking.mrr(2), fair.get("mrr@2"), EPS);
        // No recommended item is in the user's history (the target excepted).
        for (int u = 0; u < 4; u++) {
            for (int item : fair.recommendations().lists().list(u)) {
                for (int h : TestData.HISTORY[u]) {
                    assertTrue(item != h || item == TestData.TARGETS[u], "user " + u + " was recommended history item " + item);
                }
            }
        }
        // Without a history map, the examples' item:<id> features are the history: same result here.
        FairnessEvaluation fromFeatures = RecommendationFairnessEvaluator.builder().metrics("hr@2", "ndcg@2").build().evaluate(f.model, f.data);
        assertEquals(fair.get("ndcg@2"), fromFeatures.get("ndcg@2"), EPS);
    }

    @Test
    void provenanceShowsTheEvaluatedModelsHistory() {
        EvaluationFixture f = new EvaluationFixture("99");
        FairnessEvaluation eval = small().build().evaluate(f.model, f.data);
        assertEquals(f.model.getProvenance(), eval.getProvenance().getModelProvenance());
        assertEquals(f.data.getProvenance(), eval.getProvenance().getTestDatasetProvenance());
        assertEquals(new StringProvenance("debiased-by", "fudlr-test"),
                eval.getProvenance().getModelProvenance().getInstanceProvenance().getMap().get("debiased-by"));
        assertEquals(4, eval.getPredictions().size());
    }

    @Test
    void defaultMetricSet() {
        EvaluationFixture f = new EvaluationFixture("99");
        RecommendationFairnessEvaluator ev = RecommendationFairnessEvaluator.builder().defaultK(2).itemCounts(EvaluationFixture.itemCounts())
                .history(EvaluationFixture.history()).build();
        FairnessEvaluation eval = ev.evaluate(f.model, f.data);
        for (String n : List.of("hr@2", "ndcg@2", "mgu@2", "dgu@2", "arp@2", "aplt@2", "gini@2", "coverage@2", "item-exposure@2",
                "ndcg-gap@2:gender", "impact-ratio@2:age", "exposure-parity@2:age", "ndcg-gap@2:gender*age")) {
            assertTrue(eval.results().containsKey(n), n + " missing from " + eval.results().keySet());
        }
        RecommendationFairnessEvaluator noCounts = RecommendationFairnessEvaluator.builder().defaultK(2).attributes("gender").build();
        assertFalse(noCounts.getMetrics().stream().anyMatch(m -> m.name().startsWith("mgu")));
        assertEquals(List.of("gender"), noCounts.getAttributeKeys());
    }

    @Test
    void badInputIsExplained() {
        EvaluationFixture f = new EvaluationFixture("99");
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> RecommendationFairnessEvaluator.builder().metrics("ndcg@7").build().evaluate(f.model, f.data));
        assertTrue(big.getMessage().contains("K=7 is larger than the catalogue of 6 items"), big.getMessage());
        IllegalStateException noCounts = assertThrows(IllegalStateException.class,
                () -> RecommendationFairnessEvaluator.builder().metrics("mgu@2").build().evaluate(f.model, f.data));
        assertTrue(noCounts.getMessage().contains("training item counts"), noCounts.getMessage());
        EvaluationFixture badAge = new EvaluationFixture("99", new String[]{"20", "twenty", "50", "61"});
        IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
                () -> RecommendationFairnessEvaluator.builder().metrics("ndcg-gap@2:age").build().evaluate(badAge.model, badAge.data));
        assertTrue(age.getMessage().contains("Example 1 has an invalid 'age' value"), age.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecommendationFairnessEvaluator.builder().metrics("hr@2", "hr@2").build());
        assertThrows(IllegalArgumentException.class, () -> RecommendationFairnessEvaluator.builder().attributes("a*b"));
        assertThrows(IllegalArgumentException.class, () -> RecommendationFairnessEvaluator.builder().metrics("nope@2"));
        // A raw attribute can bypass bucketing.
        FairnessEvaluation raw = RecommendationFairnessEvaluator.builder().metrics("ndcg-gap@2:age").attributeMapper("age", s -> s)
                .attributes("age").build().evaluate(f.model, new EvaluationFixture("99").data);
        assertEquals(List.of("20", "22", "50", "61"), List.copyOf(raw.groupCounts("age").keySet()));
    }

    @Test
    void bootstrapIntervalsAreOptIn() {
        EvaluationFixture f = new EvaluationFixture("99");
        FairnessEvaluation plain = small().build().evaluate(f.model, f.data);
        assertFalse(plain.hasIntervals());
        assertTrue(plain.intervals().isEmpty());
        assertThrows(IllegalStateException.class, () -> plain.interval("hr@2"));
        assertFalse(plain.asMap().containsKey(new MetricID<>(MetricTarget.<Label>macroAverageTarget(), "hr@2/ci-lower")));

        FairnessEvaluation eval = small().bootstrap(300, 0.9, 17L).build().evaluate(f.model, f.data);
        assertTrue(eval.hasIntervals());
        assertEquals(List.copyOf(eval.results().keySet()), List.copyOf(eval.intervals().keySet()));
        // The same intervals as the engine-free bootstrap on the evaluation's recommendations (one row per user).
        List<FairnessMetric> metrics = MetricRegistry.standard().parseAll(METRICS);
        Map<String, Bootstrap.Interval> direct = Bootstrap.intervals(metrics, eval.recommendations(), null, 300, 0.9, 17L);
        for (String name : METRICS) {
            Bootstrap.Interval ci = eval.interval(name);
            assertEquals(eval.get(name), ci.value(), EPS, name);
            assertEquals(direct.get(name).lower(), ci.lower(), 0.0, name);
            assertEquals(direct.get(name).upper(), ci.upper(), 0.0, name);
            assertEquals(ci.lower(), eval.get(name + "/ci-lower"), 0.0, name);
            assertEquals(ci.upper(), eval.get(name + "/ci-upper"), 0.0, name);
            assertEquals(300, ci.resamples());
        }
        // With four users, HR@2 (hits: u0 and u2) resamples to k/4 hits for k = 0..4; the 90% interval spans most of it.
        assertTrue(eval.interval("hr@2").lower() <= 0.25 && eval.interval("hr@2").upper() >= 0.75, eval.interval("hr@2").toString());
        // Deterministic for the seed.
        FairnessEvaluation again = small().bootstrap(300, 0.9, 17L).build().evaluate(f.model, f.data);
        assertEquals(eval.asMap(), again.asMap());
        assertTrue(eval.toString().contains("90% percentile bootstrap over users, 300 resamples"), eval.toString());
        assertThrows(IllegalArgumentException.class, () -> small().bootstrap(0, 0.9, 1L));
        assertThrows(IllegalArgumentException.class, () -> small().bootstrap(10, 1.0, 1L));
        assertThrows(IllegalArgumentException.class, () -> eval.interval("nope@2"));
    }

    @Test
    void bootstrapResamplesUsersNotRows() {
        // Every user's example twice: resampling by user draws both rows together, so NDCG@2 (a mean over
        // rows) resamples exactly as with one row per user, under the same seed.
        EvaluationFixture f = new EvaluationFixture("99");
        MutableDataset<Label> doubled = new MutableDataset<>(f.data.getProvenance(), f.data.getOutputFactory());
        for (Example<Label> ex : f.data) {
            doubled.add(ex.copy());
            doubled.add(ex.copy());
        }
        RecommendationFairnessEvaluator ev = RecommendationFairnessEvaluator.builder().metrics("ndcg@2", "hr@2")
                .history(EvaluationFixture.history()).excludeHistory(false).bootstrap(200, 0.95, 3L).build();
        FairnessEvaluation once = ev.evaluate(f.model, f.data);
        FairnessEvaluation twice = ev.evaluate(f.model, doubled);
        assertEquals(8, twice.recommendations().numUsers());
        for (String name : List.of("ndcg@2", "hr@2")) {
            assertEquals(once.get(name), twice.get(name), EPS, name);
            assertArrayEquals(once.interval(name).samples(), twice.interval(name).samples(), EPS, name);
        }
    }
}
