/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.model.DjlRecommenderModel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The passes with two executor JVMs on this machine: Spark's {@code local-cluster[2,1,768]} master starts a standalone
 * master and two workers in the test JVM, and each worker launches one executor JVM (one task slot each, the
 * recommended layout), set up by {@link LocalClusters} (surefire sets {@code SPARK_HOME} to an empty folder under
 * {@code target/} and {@code SPARK_SCALA_VERSION}); the executors inherit the DJL settings of the test JVM's environment.
 */
class SparkGradientsLocalClusterTest {

    private static Fixture.Run run;
    private static SparkSession spark;
    private static ModelBroadcast broadcast;
    private static DjlRecommenderModel reference;
    private static Dataset<Row> samples;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalClusters.start("SparkGradientsLocalClusterTest", 2, 640, Map.of(), 120);
        run = Fixture.Run.start(spark);
        broadcast = run.broadcast();
        reference = run.reference();
        samples = run.samples();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        } else if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void twoExecutorJvmsGiveTheSingleJvmResults() {
        double[][] dirs = Fixture.directions(3, 31);
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        DirectionalEffects got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 2, facts)
            .directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
        Fixture.Reference ref = Fixture.singleJvm(reference, dirs, Fixture.CHUNK);
        for (int i = 0; i < ref.values().length; i++) {
            assertArrayEquals(ref.values()[i], got.values()[i], 0.0, "sample " + i);
        }
        assertTrue(Fixture.relativeError(got.gradientSum(), ref.gradientSum()) < 1e-12);

        AuditLists lists = new SparkAudit(broadcast, 1, facts).topK(SampleRows.toDataFrame(spark, Fixture.validation()), samples, 10);
        TopKLists expected = Fixture.singleJvmAudit(reference, Fixture.validation(), 10);
        for (int r = 0; r < lists.lists().length; r++) {
            assertArrayEquals(expected.list(r), lists.lists()[r], "audit row " + r);
        }

        ClusterFacts cluster = facts.snapshot(spark.sparkContext());
        assertEquals(2, cluster.executors());
        // Which JVMs ran tasks, and how often each deserialized the model: once per executor JVM.
        List<Tuple2<Long, Long>> jvms = JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(IntStream.range(0, 8).boxed().toList(), 8)
            .map(i -> {
                Thread.sleep(300);
                return new Tuple2<>(ProcessHandle.current().pid(), ExecutorModels.loads());
            }).collect();
        Map<Long, Long> loads = new HashMap<>();
        jvms.forEach(t -> loads.put(t._1(), t._2()));
        assertEquals(2, loads.size(), "task JVMs " + loads.keySet());
        assertFalse(loads.containsKey(ProcessHandle.current().pid()), "a task ran in the driver JVM");
        loads.values().forEach(n -> assertEquals(1L, n, "model loads per executor JVM: " + loads));
    }
}
