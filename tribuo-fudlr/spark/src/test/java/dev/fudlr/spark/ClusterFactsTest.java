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
        if (spark != null) {
            spark.stop();
        }
        ExecutorModels.clear();
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
    void invalidStageFactsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterFacts.StageFacts("x", -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClusterFacts.StageFacts("x", 1, 0, Double.NaN));
    }
}
