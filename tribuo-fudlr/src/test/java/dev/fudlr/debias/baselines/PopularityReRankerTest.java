/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.PostTrainingTransformers;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.ranking.RankingEvaluation;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.djl.HostTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.test.Helpers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The popularity re-ranker on small synthetic data with a planted popularity bias: lambda 0 ranks exactly like the
 * original; lambda > 0 lowers ARP@10 and MGU@10 (exact metrics of the fairness-metrics module); the re-ranked model
 * works through the scoring interface and Tribuo predictions, serializes, and records the step.
 */
class PopularityReRankerTest {
    private static final Logger logger = Logger.getLogger(PopularityReRankerTest.class.getName());
    private static final List<String> METRICS = List.of("arp@10", "mgu@10", "ndcg@10", "hr@10");

    static BaselineFixture fx;
    static DjlRecommenderModel original;
    static SortedMap<String, HostTensor> originalWeights;
    static Map<String, Double> before;

    @BeforeAll
    static void setUp() {
        fx = new BaselineFixture();
        original = fx.trainOriginal();
        originalWeights = original.weights();
        before = ScorerAudit.evaluate(original, fx.train.getData(), fx.validation.getData(), METRICS, List.of());
    }

    @AfterAll
    static void tearDown() {
        original.close();
    }

    private static PopularityReRankedModel rerank(double lambda, PopularityReRanker.Penalty penalty) {
        PostTrainingResult<Label> r = new PopularityReRanker(lambda, penalty).transform(original, fx.train, fx.validation);
        return assertInstanceOf(PopularityReRankedModel.class, r.model());
    }

    /** Item ids of a prediction, best first (ties: lower id string first, only to make the order total). */
    private static List<String> ranking(Prediction<Label> p) {
        List<Map.Entry<String, Label>> e = new ArrayList<>(p.getOutputScores().entrySet());
        e.sort(Comparator.<Map.Entry<String, Label>>comparingDouble(x -> -x.getValue().getScore()).thenComparing(Map.Entry::getKey));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Label> x : e) {
            out.add(x.getKey());
        }
        return out;
    }

    @Test
    void lambdaZeroRanksLikeTheOriginal() {
        PopularityReRankedModel m = rerank(0.0, PopularityReRanker.Penalty.LOG);
        try {
            List<Example<Label>> audit = fx.validation.getData();
            float[][] a = original.scores(audit);
            float[][] b = m.scores(audit);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0f);
            }
            assertEquals(before, ScorerAudit.evaluate(m, fx.train.getData(), audit, METRICS, List.of()));
            List<Prediction<Label>> pa = original.predict(audit);
            List<Prediction<Label>> pb = m.predict(audit);
            for (int i = 0; i < pa.size(); i++) {
                assertEquals(ranking(pa.get(i)), ranking(pb.get(i)), "example " + i);
                assertEquals(pa.get(i).getOutput().getLabel(), pb.get(i).getOutput().getLabel());
            }
        } finally {
            m.close();
        }
    }

    @Test
    void positiveLambdaLowersPopularityBias() {
        PopularityReRankedModel m = rerank(1.0, PopularityReRanker.Penalty.LOG);
        try {
            Map<String, Double> after = ScorerAudit.evaluate(m, fx.train.getData(), fx.validation.getData(), METRICS, List.of());
            logger.info("popularity re-ranking, lambda 1 (log): " + before + " -> " + after);
            assertTrue(after.get("arp@10") < before.get("arp@10"), before + " -> " + after);
            assertTrue(after.get("mgu@10") < before.get("mgu@10"), before + " -> " + after);
            // ARP recomputed by hand from the re-ranked scores: top-10 of the unseen items, mean training count.
            assertEquals(after.get("arp@10"), handArp(m, 10), 1e-9);
            // The other evaluation path: Tribuo predictions ranked by RankingEvaluator agree with the scores' top item.
            List<Prediction<Label>> preds = m.predict(fx.validation.getData());
            float[][] s = m.scores(fx.validation.getData());
            for (int i = 0; i < preds.size(); i++) {
                int best = 0;
                for (int j = 1; j < s[i].length; j++) {
                    if (s[i][j] > s[i][best]) {
                        best = j;
                    }
                }
                assertEquals(m.items().id(best), ranking(preds.get(i)).get(0), "example " + i);
            }
            RankingEvaluation eval = new RankingEvaluator(10).evaluate(m, fx.validation);
            RankingEvaluation evalOriginal = new RankingEvaluator(10).evaluate(original, fx.validation);
            assertNotEquals(evalOriginal.ndcg(10), eval.ndcg(10));
            // The original is untouched.
            assertEquals(originalWeights, original.weights());
        } finally {
            m.close();
        }
    }

    /** ARP@k by hand: for each audit row, the k best-scored items outside the user's seen items. */
    private static double handArp(PopularityReRankedModel m, int k) {
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Long> count = new HashMap<>();
        for (Example<Label> e : fx.train) {
            String u = SampleEncoding.metadata(e, SampleEncoding.USER);
            Set<String> s = seen.computeIfAbsent(u, x -> new HashSet<>());
            s.add(e.getOutput().getLabel());
            for (Feature f : e) {
                s.add(f.getName().substring(SampleEncoding.ITEM_FEATURE_PREFIX.length()));
            }
            count.merge(e.getOutput().getLabel(), 1L, Long::sum);
        }
        List<Example<Label>> audit = fx.validation.getData();
        float[][] scores = m.scores(audit);
        double total = 0;
        for (int r = 0; r < audit.size(); r++) {
            Example<Label> e = audit.get(r);
            Set<String> excluded = new HashSet<>(seen.getOrDefault(SampleEncoding.metadata(e, SampleEncoding.USER), Set.of()));
            for (Feature f : e) {
                excluded.add(f.getName().substring(SampleEncoding.ITEM_FEATURE_PREFIX.length()));
            }
            excluded.remove(e.getOutput().getLabel());
            List<Integer> candidates = new ArrayList<>();
            for (int j = 0; j < m.items().size(); j++) {
                if (!excluded.contains(m.items().id(j))) {
                    candidates.add(j);
                }
            }
            final float[] row = scores[r];
            candidates.sort(Comparator.<Integer>comparingDouble(j -> -row[j]).thenComparingInt(j -> j));
            double sum = 0;
            int n = Math.min(k, candidates.size());
            for (int p = 0; p < n; p++) {
                sum += count.getOrDefault(m.items().id(candidates.get(p)), 0L);
            }
            total += sum / n;
        }
        return total / audit.size();
    }

    @Test
    void serializesAndRecordsTheStep() throws Exception {
        PopularityReRankedModel m = rerank(0.5, PopularityReRanker.Penalty.NORMALISED);
        Model<?> back = null;
        try {
            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, m.getProvenance());
            assertEquals(original.getProvenance(), p.getOriginalModelProvenance());
            assertEquals(PopularityReRanker.class.getName(), p.getTransformerProvenance().getClassName());
            Map<String, ? extends Provenance> v = p.getInstanceProvenance().getMap();
            assertEquals("0.5", v.get(PopularityReRanker.PREFIX + "lambda").toString());
            assertEquals("normalised", v.get(PopularityReRanker.PREFIX + "penalty").toString());
            assertEquals("1.0", v.get(PopularityReRanker.PREFIX + "max-penalty").toString());
            Helpers.testProvenanceMarshalling(p);
            back = Model.deserialize(m.serialize());
            PopularityReRankedModel r = assertInstanceOf(PopularityReRankedModel.class, back);
            assertEquals(p, r.getProvenance());
            assertArrayEquals(m.itemCounts(), r.itemCounts());
            float[][] a = m.scores(fx.validation.getData());
            float[][] b = r.scores(fx.validation.getData());
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0f);
            }
            // Penalties: count / max count.
            long max = 0;
            for (long c : m.itemCounts()) {
                max = Math.max(max, c);
            }
            for (int i = 0; i < m.itemCounts().length; i++) {
                assertEquals((double) m.itemCounts()[i] / max, m.penalties()[i], 0.0);
            }
        } finally {
            m.close();
            if (back != null) {
                ((PopularityReRankedModel) back).close();
            }
        }
    }

    @Test
    void validationAndRegistry() {
        assertInstanceOf(PopularityReRanker.class, PostTrainingTransformers.lookup(PopularityReRanker.NAME));
        assertEquals("lambda", assertThrows(PropertyException.class, () -> new PopularityReRanker(-1, PopularityReRanker.Penalty.LOG)).getProperty());
        assertEquals("penalty", assertThrows(PropertyException.class, () -> new PopularityReRanker(1, null)).getProperty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new PopularityReRanker(1, PopularityReRanker.Penalty.LOG).transform(new dev.fudlr.model.baseline.MostPopularTrainer(false).train(fx.train), fx.train, fx.validation));
        assertTrue(e.getMessage().contains("RecommenderScorer"), e.getMessage());
    }
}
