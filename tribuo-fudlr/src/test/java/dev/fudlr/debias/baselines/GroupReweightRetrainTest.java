/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.PostTrainingTrainer;
import dev.fudlr.PostTrainingTransformers;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.model.DjlRecommenderModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.test.Helpers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group reweighting with retraining on small synthetic data: alpha 0 is plain retraining (bit-identical to the
 * original run), alpha 1 makes the weighted group shares of the training targets equal the target distribution.
 */
class GroupReweightRetrainTest {
    private static final Logger logger = Logger.getLogger(GroupReweightRetrainTest.class.getName());

    static BaselineFixture fx;
    static DjlRecommenderModel original;

    @BeforeAll
    static void setUp() {
        fx = new BaselineFixture();
        original = fx.trainOriginal();
    }

    @AfterAll
    static void tearDown() {
        original.close();
    }

    /** Weighted shares recomputed from the per-sample weights, independently of GroupWeights' own formula. */
    static double[] sharesFromSampleWeights(GroupWeights w, List<Example<Label>> train) {
        float[] sw = w.sampleWeights(train);
        double[] out = new double[w.groups().numGroups()];
        double total = 0;
        for (int i = 0; i < sw.length; i++) {
            out[w.groups().groupOf(original.items().index(train.get(i).getOutput().getLabel()))] += sw[i];
            total += sw[i];
        }
        for (int g = 0; g < out.length; g++) {
            out[g] /= total;
        }
        return out;
    }

    @Test
    void fullReweightingMatchesEachTarget() {
        List<Example<Label>> train = fx.train.getData();
        for (GroupReweightRetrain.Target target : GroupReweightRetrain.Target.values()) {
            for (String grouping : List.of("pop", "headtail")) {
                GroupWeights w = GroupReweightRetrain.builder().target(target).grouping(grouping).alpha(1.0).build()
                    .weights(original, fx.train, fx.validation);
                logger.info(grouping + "/" + target + ": " + w);
                double[] t = w.targetShares();
                assertEquals(1.0, Arrays.stream(t).sum(), 1e-12);
                // Float sample weights: agreement to float precision.
                assertArrayEquals(t, sharesFromSampleWeights(w, train), 1e-6, grouping + "/" + target);
                assertArrayEquals(t, w.weightedShares(), 1e-12, grouping + "/" + target);
                if (target == GroupReweightRetrain.Target.UNIFORM) {
                    for (int g = 0; g < t.length; g++) {
                        double expected = w.observedShares()[g] > 0 ? 1.0 / Arrays.stream(w.observedShares()).filter(p -> p > 0).count() : 0.0;
                        assertEquals(expected, t[g], 1e-12);
                    }
                }
            }
        }
        // The calibrated weights, recomputed from MGU's own breakdown (GP^rec and GP^hist per group, fairness-metrics):
        // w_g = r_g / sum_h p_h r_h with r_g = clip(GP^hist_g / GP^rec_g, 1/10, 10).
        GroupWeights cal = GroupReweightRetrain.builder().target(GroupReweightRetrain.Target.CALIBRATED).build().weights(original, fx.train, fx.validation);
        AuditData audit = RecommenderAudit.build(original.items(), train, fx.validation.getData(), List.of());
        float[][] scores = original.scores(fx.validation.getData());
        double[][] rows = new double[scores.length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[scores[r].length];
            for (int j = 0; j < rows[r].length; j++) {
                rows[r][j] = scores[r][j];
            }
        }
        MetricResult mgu = MetricRegistry.standard().parse("mgu@10").compute(Recommendations.fromScores(ScoreMatrix.of(rows), audit, 10));
        double[] p0 = cal.observedShares();
        double[] ratio = new double[p0.length];
        double norm = 0;
        for (int g = 0; g < p0.length; g++) {
            String name = cal.groups().group(g);
            double rec = mgu.breakdown("gp_rec[" + name + "]");
            ratio[g] = rec > 0 ? Math.min(10, Math.max(0.1, mgu.breakdown("gp_hist[" + name + "]") / rec)) : 10;
            norm += p0[g] * ratio[g];
        }
        for (int g = 0; g < p0.length; g++) {
            assertEquals(ratio[g] / norm, cal.groupWeights()[g], 1e-9, cal.groups().group(g));
        }
        // On this data the model over-recommends the popular groups: they are down-weighted, the tail up-weighted.
        assertTrue(cal.groupWeights()[0] < 1 && cal.groupWeights()[4] > 1, Arrays.toString(cal.groupWeights()));
        // Half strength: weighted shares halfway between observed and target.
        GroupWeights half = GroupReweightRetrain.builder().target(GroupReweightRetrain.Target.CALIBRATED).alpha(0.5).build().weights(original, fx.train, fx.validation);
        double[] p = half.observedShares();
        double[] t = half.targetShares();
        double[] s = sharesFromSampleWeights(half, train);
        for (int g = 0; g < p.length; g++) {
            assertEquals(0.5 * p[g] + 0.5 * t[g], s[g], 1e-6);
        }
    }

    @Test
    void alphaZeroIsPlainRetraining() {
        PostTrainingResult<Label> r = GroupReweightRetrain.builder().target(GroupReweightRetrain.Target.CALIBRATED).alpha(0.0).build().transform(original, fx.train, fx.validation);
        DjlRecommenderModel m = (DjlRecommenderModel) r.model();
        try {
            // The original was trained by the same trainer and seed on the same samples: bit for bit.
            BaselineFixture.assertSameWeights(original, m);
            Map<String, ? extends Provenance> v = m.getProvenance().getInstanceProvenance().getMap();
            ListProvenance<?> weights = (ListProvenance<?>) v.get(GroupReweightRetrain.PREFIX + "group-weights");
            for (Provenance w : weights.getList()) {
                assertEquals("1.0", w.toString());
            }
        } finally {
            m.close();
        }
    }

    @Test
    void fullReweightingRetrainsAndRecordsTheStep() {
        GroupReweightRetrain step = GroupReweightRetrain.builder().target(GroupReweightRetrain.Target.CALIBRATED).alpha(1.0).build();
        Map<String, Double> before = ScorerAudit.evaluate(original, fx.train.getData(), fx.validation.getData(),
                                                          List.of("mgu@10", "arp@10", "ndcg@10"), List.of());
        PostTrainingResult<Label> r = step.transform(original, fx.train, fx.validation);
        DjlRecommenderModel m = (DjlRecommenderModel) r.model();
        try {
            Map<String, Double> after = ScorerAudit.evaluate(m, fx.train.getData(), fx.validation.getData(),
                                                             List.of("mgu@10", "arp@10", "ndcg@10"), List.of());
            logger.info("calibrated reweighting (alpha 1, cold): " + before + " -> " + after);
            assertNotEquals(original.weights(), m.weights());
            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, m.getProvenance());
            assertEquals(GroupReweightRetrain.class.getName(), p.getTransformerProvenance().getClassName());
            assertEquals(original.getProvenance(), p.getOriginalModelProvenance());
            Map<String, ? extends Provenance> v = p.getInstanceProvenance().getMap();
            assertEquals("calibrated", v.get(GroupReweightRetrain.PREFIX + "target").toString());
            assertEquals("pop", v.get(GroupReweightRetrain.PREFIX + "grouping").toString());
            assertEquals("cold", v.get(GroupReweightRetrain.PREFIX + "mode").toString());
            assertEquals(5, ((ListProvenance<?>) v.get(GroupReweightRetrain.PREFIX + "weighted-shares")).getList().size());
            Helpers.testProvenanceMarshalling(p);
        } finally {
            m.close();
        }
    }

    @Test
    void validationAndRegistry() {
        assertInstanceOf(GroupReweightRetrain.class, PostTrainingTransformers.lookup(GroupReweightRetrain.NAME));
        assertEquals("alpha", assertThrows(PropertyException.class, () -> GroupReweightRetrain.builder().alpha(1.5).build()).getProperty());
        assertEquals("grouping", assertThrows(PropertyException.class, () -> GroupReweightRetrain.builder().grouping("genre-soup").build()).getProperty());
        assertEquals("target", assertThrows(PropertyException.class, () -> GroupReweightRetrain.builder().target(null).build()).getProperty());
        assertEquals("maxRatio", assertThrows(PropertyException.class, () -> GroupReweightRetrain.builder().maxRatio(1.0).build()).getProperty());
        assertEquals("mode", assertThrows(PropertyException.class, () -> GroupReweightRetrain.builder().mode(null).build()).getProperty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> GroupReweightRetrain.builder().target(GroupReweightRetrain.Target.HISTORY).build().weights(original, fx.train, null));
        assertTrue(e.getMessage().contains("audit"), e.getMessage());
        ConfigurationManager cm = new ConfigurationManager(RetrainWithoutTest.EXAMPLES.resolve("baseline-reweight.xml").toString());
        GroupReweightRetrain fromXml = (GroupReweightRetrain) cm.lookup("reweight");
        assertEquals(GroupReweightRetrain.builder().target(GroupReweightRetrain.Target.CALIBRATED).alpha(0.25).build(), fromXml);
        assertEquals(fromXml, ((PostTrainingTrainer<?>) cm.lookup("trainer")).getSteps().get(0));
        cm.close();
    }
}
