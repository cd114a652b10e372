/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.AuditPass;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.SurrogateCalibration;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.GradientEngine;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that fails once after its DJL work (the fault hook, on its first attempt) is retried by Spark
 * ({@code local[2,2]}: two attempts per task) and its partition is counted exactly once: in the per-sample pass, the
 * gradient sums and every stage of the first audit on held scores.
 */
class FaultHooksTest {

    private static Fixture.Run run;
    private static SparkSession spark;
    private static ModelBroadcast broadcast;
    private static Dataset<Row> samples;
    private static final Set<String> failed = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2,2]", "FaultHooksTest"));
        spark = run.spark();
        broadcast = run.broadcast();
        samples = run.samples();
    }

    @AfterEach
    void unhook() {
        FaultHooks.setAfterPartition(null);
        failed.clear();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    /** Fails the first attempt of partition 1 of each stage. */
    private static void failPartitionOneOnce(String stage) {
        TaskContext task = TaskContext.get();
        if (task.partitionId() == 1 && task.attemptNumber() == 0) {
            failed.add(stage);
            throw new IllegalStateException("injected failure of " + stage + " partition 1, attempt 0");
        }
    }

    @Test
    void aRetriedPartitionIsCountedOnce() {
        double[][] dirs = Fixture.directions(2, 21);
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        SparkGradients passes = new SparkGradients(spark, broadcast, Fixture.CHUNK, 3, facts);
        DirectionalEffects clean = passes.directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
        double[] cleanSum = passes.gradientSum(samples, null, null);

        FaultHooks.setAfterPartition(FaultHooksTest::failPartitionOneOnce);
        DirectionalEffects retried = passes.directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
        double[] retriedSum = passes.gradientSum(samples, null, null);

        assertEquals(Set.of(SparkGradients.EFFECTS_STAGE, SparkGradients.GRADIENT_SUM_STAGE), failed, "the hook did not fail a task");
        for (int i = 0; i < clean.values().length; i++) {
            assertArrayEquals(clean.values()[i], retried.values()[i], 0.0, "sample " + i);
        }
        // The order of the final float64 additions follows task completion, so the sums agree to rounding only;
        // a partition counted twice would be off by its whole share.
        assertTrue(Fixture.relativeError(retried.gradientSum(), clean.gradientSum()) < 1e-12);
        assertTrue(Fixture.relativeError(retriedSum, cleanSum) < 1e-12);
    }

    @Test
    void retriedPartitionsOfHeldScoresGiveTheSameFirstAudit() {
        List<Example<Label>> rows = RecommenderAudit.inCatalogue(run.reference().items(), Fixture.validation());
        List<Example<Label>> many = new ArrayList<>();
        while (many.size() < 1300) {
            many.addAll(rows);
        }
        AuditData data = RecommenderAudit.build(run.reference().items(), Fixture.train(), many, List.of());
        double[] theta = run.reference().trainableParametersAsDouble();
        FairnessMetric mgu = MetricRegistry.standard().parse("mgu@10");
        SeparableSurrogate s = SurrogateCalibration.separable(mgu, SurrogateSettings.DEFAULT.withTemperature(0.1), data);
        List<SurrogateCalibration.Row> clean;
        double[] cleanGradient;
        int[][] cleanLists;
        SparkReAudits audits = new SparkReAudits(spark, broadcast, 1, new ClusterFacts.Recorder(), Fixture.CHUNK);
        try (AuditPass.Bound bound = audits.bind(many, data); AuditPass.HeldScores held = bound.hold(theta, 10).orElseThrow()) {
            clean = SurrogateCalibration.run(mgu, SurrogateSettings.DEFAULT, held, recommendations(held, data), new double[]{0.05, 0.5}, 0.1);
            double[] sums = held.sums(List.of(s))[0];
            cleanGradient = held.surrogateGradient(s, sums, s.adjoint(sums));
            cleanLists = held.audit().lists();
        }
        FaultHooks.setAfterPartition(FaultHooksTest::failPartitionOneOnce);
        try (AuditPass.Bound bound = audits.bind(many, data); AuditPass.HeldScores held = bound.hold(theta, 10).orElseThrow()) {
            List<SurrogateCalibration.Row> retried = SurrogateCalibration.run(mgu, SurrogateSettings.DEFAULT, held, recommendations(held, data),
                                                                              new double[]{0.05, 0.5}, 0.1);
            double[] sums = held.sums(List.of(s))[0];
            // Partitions' results are added in partition order on the driver, so a retried run is bit-identical.
            assertArrayEquals(cleanGradient, held.surrogateGradient(s, sums, s.adjoint(sums)), 0.0);
            assertEquals(clean.toString(), retried.toString());
            for (int r = 0; r < cleanLists.length; r++) {
                assertArrayEquals(cleanLists[r], held.audit().lists()[r], "row " + r);
            }
        }
        assertEquals(Set.of(SparkHeldScores.HOLD, SparkHeldScores.SUMS, SparkHeldScores.NORMS, SparkHeldScores.MOVED,
                            SparkHeldScores.GRADIENT), failed, "the hook did not fail every held stage");
    }

    private static Recommendations recommendations(AuditPass.HeldScores held, AuditData data) {
        return Recommendations.of(TopKLists.of(held.audit().lists(), 10, data.numItems()), data);
    }
}
