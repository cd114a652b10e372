/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.influence.GradientEngine;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that fails once after its DJL work (the fault hook, on its first attempt) is retried by Spark
 * ({@code local[2,2]}: two attempts per task) and its partition is counted exactly once.
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
}
