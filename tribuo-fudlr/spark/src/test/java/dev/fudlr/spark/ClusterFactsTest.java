/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster facts a distributed pass records for provenance. */
class ClusterFactsTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Fixture.session("local[2]", "ClusterFactsTest");
    }

    @AfterAll
    static void stop() {
        Fixture.stop(spark);
    }

    @Test
    void aPassRecordsItsStageAndTheCluster() {
        ClusterFacts.Recorder recorder = new ClusterFacts.Recorder();
        ModelBroadcast b = ModelBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), Fixture.model());
        SparkGradients passes = new SparkGradients(spark, b, Fixture.CHUNK, 4, recorder);
        passes.gradientSum(SampleRows.toDataFrame(spark, Fixture.train()), null, null);
        passes.gradientSum(SampleRows.toDataFrame(spark, Fixture.train()), new int[]{0, 5}, null);
        b.destroy();
        ClusterFacts facts = recorder.snapshot(spark.sparkContext());
        assertEquals("local[2]", facts.master());
        assertEquals(1, facts.executors());
        assertEquals(2, facts.defaultParallelism());
        assertEquals(spark.version(), facts.sparkVersion());
        List<ClusterFacts.StageFacts> stages = facts.stages();
        assertEquals(2, stages.size());
        int n = Fixture.train().size();
        assertEquals(new ClusterFacts.StageFacts(SparkGradients.GRADIENT_SUM_STAGE, (n + 4 * Fixture.CHUNK - 1) / (4 * Fixture.CHUNK), n,
                                                 stages.get(0).seconds()), stages.get(0));
        assertEquals(1, stages.get(1).partitions());
        assertEquals(2, stages.get(1).rows());
        assertTrue(stages.get(0).seconds() > 0);

        Map<String, String> values = facts.provenanceValues();
        assertEquals("local[2]", values.get("spark.master"));
        assertEquals("1", values.get("spark.executors"));
        assertEquals(Long.toString(n), values.get("spark.stage.gradient-sum.rows"));
        assertEquals("2", values.get("spark.stage.gradient-sum#2.rows"));
        assertTrue(values.get("spark.stage.gradient-sum.seconds").matches("\\d+\\.\\d{3}"));
    }

    @Test
    void withoutMeasurementsTheValuesOfTwoRunsAreEqual() {
        ClusterFacts first = new ClusterFacts("spark://m:7077", "app-1", "4.0.1", 2, 2, List.of(
            new ClusterFacts.StageFacts(SparkRemovalScorePass.SAMPLES_STAGE, 4, 1299, 0.8),
            new ClusterFacts.StageFacts(SparkGradients.EFFECTS_STAGE, 6, 1299, 3.25),
            new ClusterFacts.StageFacts(SparkGradients.EFFECTS_STAGE, 6, 1299, 2.5)));
        ClusterFacts second = new ClusterFacts("spark://m:7077", "app-2", "4.0.1", 2, 2, List.of(
            new ClusterFacts.StageFacts(SparkRemovalScorePass.SAMPLES_STAGE, 4, 1299, 1.1),
            new ClusterFacts.StageFacts(SparkGradients.EFFECTS_STAGE, 6, 1299, 3.0),
            new ClusterFacts.StageFacts(SparkGradients.EFFECTS_STAGE, 6, 1299, 2.0)));
        Map<String, String> values = first.provenanceValues(false);
        assertEquals(second.provenanceValues(false), values);
        assertEquals(List.of("spark.master", "spark.version", "spark.executors", "spark.default-parallelism",
                             "spark.stage.training-samples.partitions", "spark.stage.training-samples.rows",
                             "spark.stage.per-sample-effects.partitions", "spark.stage.per-sample-effects.rows",
                             "spark.stage.per-sample-effects#2.partitions", "spark.stage.per-sample-effects#2.rows"),
                     List.copyOf(values.keySet()));
        assertEquals("6", values.get("spark.stage.per-sample-effects.partitions"));

        // With the measurements: the application id and the times, and the no-argument form is this one.
        Map<String, String> measured = first.provenanceValues(true);
        assertEquals(measured, first.provenanceValues());
        assertEquals("app-1", measured.get("spark.application-id"));
        assertEquals("3.250", measured.get("spark.stage.per-sample-effects.seconds"));
        assertEquals("2.500", measured.get("spark.stage.per-sample-effects#2.seconds"));
        assertEquals(values.size() + 4, measured.size());
        assertTrue(measured.entrySet().containsAll(values.entrySet()));
    }

    @Test
    void invalidStageFactsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterFacts.StageFacts("x", -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClusterFacts.StageFacts("x", 1, 0, Double.NaN));
    }
}
