/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingEvaluatorTest {

    private static final double EPS = 1e-12;
    private static final double D2 = 0.6309297535714575; // 1/log2(3)
    private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    private MutableDataset<Label> data;
    private FixedScoresModel model;

    private static Example<Label> example(String user, String target) {
        ArrayExample<Label> ex = new ArrayExample<>(new Label(target));
        ex.add(new Feature("item:1", 1.0));
        ex.setMetadataValue("user", user);
        return ex;
    }

    private static Map<String, Double> scores(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    /*
     * Catalogue 1..6. Rankings without exclusions:
     *   u1: 1 > 2 > 3 > 4 > 5 > 6, target 3 -> rank 3
     *   u2: 6 > (1 = 2 = 3 = 4 = 5, ties by id), target 2 -> rank 3
     *   u3: target 7 is outside the catalogue -> miss
     *   u4: item 6 unscored, target 6 -> miss
     * With exclusions u1:{1,2} and u2:{2,6} (the target 2 is never excluded):
     *   u1: 3 > 4 > 5 ..., rank 1;  u2: 1 > 2 > ..., rank 2.
     */
    @BeforeEach
    void setUp() {
        data = new MutableDataset<>(new SimpleDataSourceProvenance("ranking-test", TIME, new LabelFactory()), new LabelFactory());
        data.add(example("u1", "3"));
        data.add(example("u2", "2"));
        data.add(example("u3", "7"));
        data.add(example("u4", "6"));
        MutableOutputInfo<Label> items = new LabelFactory().generateInfo();
        for (String id : new String[]{"1", "2", "3", "4", "5", "6"}) {
            items.observe(new Label(id));
        }
        Map<String, Map<String, Double>> byUser = new HashMap<>();
        byUser.put("u1", scores("1", 0.9, "2", 0.8, "3", 0.7, "4", 0.6, "5", 0.5, "6", 0.4));
        byUser.put("u2", scores("5", 0.5, "4", 0.5, "3", 0.5, "2", 0.5, "1", 0.5, "6", 1.0));
        byUser.put("u3", scores("1", 0.9, "2", 0.8, "3", 0.7, "4", 0.6, "5", 0.5, "6", 0.4));
        byUser.put("u4", scores("1", 0.9, "2", 0.8, "3", 0.7, "4", 0.6, "5", 0.5));
        ModelProvenance prov = new ModelProvenance(FixedScoresModel.class.getName(), TIME, data.getProvenance(), new EmptyTrainerProvenance());
        model = new FixedScoresModel(prov, data.getFeatureIDMap(), items.generateImmutableOutputInfo(), byUser);
    }

    @Test
    void noExclusionsHandComputed() {
        RankingEvaluation eval = new RankingEvaluator(1, 2, 3).evaluate(model, data);
        assertEquals(0.0, eval.hitRate(1), EPS);
        assertEquals(0.0, eval.hitRate(2), EPS);
        assertEquals(0.5, eval.hitRate(3), EPS);
        assertEquals(0.5, eval.recall(3), EPS);
        assertEquals((0.5 + 0.5) / 4, eval.ndcg(3), EPS);
        assertEquals((1.0 / 3 + 1.0 / 3) / 4, eval.mrr(3), EPS);
        assertEquals(12, eval.asMap().size());
        for (MetricID<Label> id : eval.asMap().keySet()) {
            assertSame(MetricTarget.macroAverageTarget(), id.getA());
        }
        assertEquals(eval.ndcg(3), eval.get(new MetricID<>(MetricTarget.<Label>macroAverageTarget(), "NDCG@3")), EPS);
        assertEquals(eval.ndcg(3), eval.get("ndcg", 3), EPS);
    }

    @Test
    void exclusionsHandComputed() {
        Map<String, Set<String>> seen = Map.of("u1", Set.of("1", "2"), "u2", Set.of("2", "6"), "u3", Set.of("999"));
        RankingEvaluation eval = new RankingEvaluator(seen, 1, 2, 3).evaluate(model, data);
        assertEquals(0.25, eval.hitRate(1), EPS);
        assertEquals(0.25, eval.ndcg(1), EPS);
        assertEquals(0.25, eval.mrr(1), EPS);
        assertEquals(0.5, eval.hitRate(2), EPS);
        assertEquals(0.5, eval.recall(2), EPS);
        assertEquals((1.0 + D2) / 4, eval.ndcg(2), EPS);
        assertEquals((1.0 + 0.5) / 4, eval.mrr(2), EPS);
        assertEquals((1.0 + D2) / 4, eval.ndcg(3), EPS);

        RankingMetric.Context ctx = eval.getContext();
        assertEquals(List.of("3", "4", "5"), ctx.topKItems(0));
        assertEquals(List.of("1", "2", "3"), ctx.topKItems(1));
        assertEquals(-1, ctx.target(2));
        assertEquals(-1, ctx.target(3));
        assertEquals("u2", ctx.user(1));
        assertArrayEquals(new double[]{1.0, D2, 0.0, 0.0}, ctx.perExample(RankingMetric.Type.NDCG, 3), EPS);
        assertThrows(IllegalArgumentException.class, () -> ctx.perExample(RankingMetric.Type.NDCG, 4));
    }

    @Test
    void standaloneMetricAgreesWithEvaluator() {
        Map<String, Set<String>> seen = Map.of("u1", Set.of("1", "2"), "u2", Set.of("2", "6"));
        RankingEvaluation eval = new RankingEvaluator(seen, 2).evaluate(model, data);
        RankingMetric metric = new RankingMetric(RankingMetric.Type.NDCG, 2, seen);
        List<Prediction<Label>> predictions = model.predict(data);
        assertEquals(eval.ndcg(2), metric.compute(metric.createContext(model, predictions)), EPS);
        assertEquals("NDCG@2", metric.getName());
        assertEquals(RankingMetric.id(RankingMetric.Type.NDCG, 2), metric.getID());
    }

    @Test
    void provenanceCarriesModelAndData() {
        RankingEvaluation eval = new RankingEvaluator().evaluate(model, data);
        assertEquals(model.getProvenance(), eval.getProvenance().getModelProvenance());
        assertEquals(data.getProvenance(), eval.getProvenance().getTestDatasetProvenance());
        assertArrayEquals(new int[]{5, 10, 20}, eval.getKs());
        assertEquals(4, eval.getPredictions().size());
    }

    @Test
    void toStringIsATable() {
        String table = new RankingEvaluator(seenNothing(), 3, 1).evaluate(model, data).toString();
        assertTrue(table.contains("@1") && table.contains("@3"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("NDCG") && l.contains("0.2500")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("HR") && l.contains("0.5000")), table);
    }

    @Test
    void tiesFollowNumericItemOrder() {
        MutableOutputInfo<Label> items = new LabelFactory().generateInfo();
        for (String id : new String[]{"10", "9", "2"}) {
            items.observe(new Label(id));
        }
        Map<String, Map<String, Double>> byUser = Map.of("u1", scores("10", 1.0, "9", 1.0, "2", 1.0));
        FixedScoresModel tied = new FixedScoresModel(model.getProvenance(), data.getFeatureIDMap(),
                items.generateImmutableOutputInfo(), byUser);
        List<Prediction<Label>> preds = List.of(tied.predict(example("u1", "10")));
        RankingEvaluation eval = new RankingEvaluator(1, 3).evaluate(tied, preds, data.getProvenance());
        assertEquals(List.of("2", "9", "10"), eval.getContext().topKItems(0));
        assertEquals(1.0 / 3, eval.mrr(3), EPS);
        assertEquals(0.0, eval.hitRate(1), EPS);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(0));
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(5, 5));
        // Exclusions need a user id on every example.
        ArrayExample<Label> anonymous = new ArrayExample<>(new Label("1"));
        anonymous.add(new Feature("item:1", 1.0));
        Prediction<Label> p = new Prediction<>(new Label("1"), Map.of("1", new Label("1", 1.0)), 1, anonymous, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RankingEvaluator(Map.of("u1", Set.of("2")), 1).evaluate(model, List.of(p), data.getProvenance()));
        assertTrue(e.getMessage().contains("user"), e.getMessage());
        // NaN score, unknown item, no scores, no ground truth.
        Example<Label> ex = example("u1", "1");
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(1).evaluate(model,
                List.of(new Prediction<>(new Label("1"), Map.of("1", new Label("1", Double.NaN)), 1, ex, false)), data.getProvenance()));
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(1).evaluate(model,
                List.of(new Prediction<>(new Label("1"), Map.of("99", new Label("99", 1.0)), 1, ex, false)), data.getProvenance()));
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(1).evaluate(model,
                List.of(new Prediction<>(new Label("1"), 1, ex)), data.getProvenance()));
        ArrayExample<Label> unlabelled = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL);
        unlabelled.add(new Feature("item:1", 1.0));
        unlabelled.setMetadataValue("user", "u1");
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(1).evaluate(model,
                List.of(new Prediction<>(new Label("1"), Map.of("1", new Label("1", 1.0)), 1, unlabelled, false)), data.getProvenance()));
        assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(1).evaluate(model, List.of(), data.getProvenance()));
    }

    private static Map<String, Set<String>> seenNothing() {
        return Map.of();
    }
}
