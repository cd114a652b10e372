/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.AuditPass;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.debias.SurrogateObjective;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.SurrogateCalibration;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-audits on the executors against the same candidate audited in this JVM: equal top-K lists and bit-identical
 * losses, for the model's own parameters and a moved candidate, with audit rows over several partitions.
 */
class SparkReAuditsTest {
    private static Fixture.Run run;

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2]", "SparkReAuditsTest"));
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void listsAndLossesEqualThisJvmsAudit() {
        List<Example<Label>> rows = RecommenderAudit.inCatalogue(run.reference().items(), Fixture.validation());
        // Several scoring chunks: the audit rows repeated (the model's chunk is 512).
        List<Example<Label>> many = new ArrayList<>();
        while (many.size() < 1300) {
            many.addAll(rows);
        }
        AuditData data = RecommenderAudit.build(run.reference().items(), Fixture.train(), many, List.of());
        int[][] exclusions = data.exclusionsArray();
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        double[] base = run.reference().trainableParametersAsDouble();
        double[] moved = base.clone();
        Random r = new Random(3);
        for (int j = 0; j < moved.length; j++) {
            moved[j] = (float) (moved[j] + 0.05 * r.nextGaussian());
        }
        try (AuditPass.Bound bound = new SparkReAudits(run.spark(), run.broadcast(), 1, facts, 0).bind(many, data)) {
            for (double[] theta : List.of(base, moved)) {
                AuditPass.Audit got = bound.audit(theta, 10);
                try (AbstractDjlRecommenderModel here = run.reference().copyWithTrainableParameters(theta, run.reference().getProvenance())) {
                    TopKLists expected = TopKLists.fromScores(ScoreMatrix.ofFloats(here.scores(many)), 10, exclusions);
                    for (int row = 0; row < many.size(); row++) {
                        assertArrayEquals(expected.list(row), got.lists()[row], "row " + row);
                    }
                    assertArrayEquals(here.perSampleLossAsDouble(many), got.losses(), 0.0);
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bound.audit(new double[3], 10));
            assertTrue(e.getMessage().contains("3 parameters"), e.getMessage());
        }
        assertEquals(2, facts.stages().size());
        assertEquals(SparkReAudits.STAGE, facts.stages().get(0).name());
        assertEquals(3, facts.stages().get(0).partitions(), "1,300-odd rows in chunks of 512");
    }

    @Test
    void heldScoresGiveTheCalibrationAndSurrogateGradientsOfThisJvm() {
        List<Example<Label>> rows = RecommenderAudit.inCatalogue(run.reference().items(), Fixture.validation());
        List<Example<Label>> many = new ArrayList<>();
        while (many.size() < 1300) {
            many.addAll(rows);
        }
        // With the users' gender: the attribute metrics' blocks keep the whole audit's group numbering.
        AuditData data = RecommenderAudit.build(run.reference().items(), Fixture.train(), many, List.of("gender"));
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        AbstractDjlRecommenderModel model = run.reference();
        ScoreMatrix scores = ScoreMatrix.ofFloats(model.scores(many));
        Recommendations recs = Recommendations.fromScores(scores, data, 10);
        MetricRegistry registry = MetricRegistry.standard();
        try (AuditPass.Bound bound = new SparkReAudits(run.spark(), run.broadcast(), 1, facts, 256).bind(many, data);
             AuditPass.HeldScores held = bound.hold(model.trainableParametersAsDouble(), 10).orElseThrow()) {
            assertEquals(many.size(), held.numUsers());
            for (int row = 0; row < many.size(); row++) {
                assertArrayEquals(recs.lists().list(row), held.audit().lists()[row], "row " + row);
            }
            assertArrayEquals(model.perSampleLossAsDouble(many), held.audit().losses(), 0.0);
            for (String name : List.of("mgu@10", "ndcg@10", "gini@10", "ndcg-gap@10:gender", "exposure-parity@10:gender")) {
                FairnessMetric metric = registry.parse(name);
                // Three partitions' sums added on the driver: the calibration rows of the score matrix in this JVM.
                List<SurrogateCalibration.Row> here = SurrogateCalibration.run(metric, SurrogateSettings.DEFAULT, scores, data,
                                                                               new double[]{0.05, 0.5}, 0.1);
                List<SurrogateCalibration.Row> there = SurrogateCalibration.run(metric, SurrogateSettings.DEFAULT, held, recs,
                                                                                new double[]{0.05, 0.5}, 0.1);
                for (int i = 0; i < here.size(); i++) {
                    assertEquals(here.get(i).surrogate(), there.get(i).surrogate(), 1e-12 * Math.abs(here.get(i).surrogate()), name);
                    assertEquals(here.get(i).distanceAfterStep(), there.get(i).distanceAfterStep(), 1e-12, name);
                }
                // The surrogate's parameter gradient: the engine's on the whole matrix against the partitions' sum.
                SeparableSurrogate s = SurrogateCalibration.separable(metric, SurrogateSettings.DEFAULT.withTemperature(0.05), data);
                double[] sums = held.sums(List.of(s))[0];
                double[] got = held.surrogateGradient(s, sums, s.adjoint(sums));
                double[] expected;
                try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), 256)) {
                    GradientEngine.ValueAndGradient vg = engine.surrogateGradient(RecommenderObjectives.scores(model, many),
                        SurrogateObjective.of(metric.surrogate(SurrogateSettings.DEFAULT.withTemperature(0.05)), data), null);
                    assertEquals(vg.value(), s.value(sums), 1e-12 * Math.abs(vg.value()), name);
                    expected = engine.space().toHost(vg.gradient());
                }
                double norm = 0;
                double diff = 0;
                for (int j = 0; j < expected.length; j++) {
                    norm += expected[j] * expected[j];
                    diff += (expected[j] - got[j]) * (expected[j] - got[j]);
                }
                assertTrue(norm > 0, name);
                assertTrue(Math.sqrt(diff) <= 1e-5 * Math.sqrt(norm), name + ": gradients differ by " + Math.sqrt(diff) + " of " + Math.sqrt(norm));
            }
        }
        assertEquals(SparkHeldScores.HOLD, facts.stages().get(0).name());
        assertEquals(3, facts.stages().get(0).partitions(), "1,300-odd rows in chunks of 512");
        assertTrue(facts.stages().stream().anyMatch(f -> f.name().equals(SparkHeldScores.GRADIENT)), facts.stages().toString());
    }
}
