/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The empirical Fisher with its per-sample gradients on the executors against the core's operator in this JVM: the
 * same products, bit for bit, over a subsample of several chunks in several partitions from rows cached out of order.
 */
class SparkFisherTest {
    private static Fixture.Run run;

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2]", "SparkFisherTest"));
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void productsEqualTheCoreOperatorsBitForBit() {
        int n = Fixture.train().size();
        int[] sample = Curvatures.subsample(n, 300, 11);
        double wd = 0.01;
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(run.reference()), run.reference().manager(), Fixture.CHUNK)) {
            CurvatureOperator core = Curvatures.create(Curvatures.FISHER, engine, RecommenderObjectives.loss(run.reference(), Fixture.train()), sample, wd);
            double[][] directions = Fixture.directions(3, 5);
            NDArray[] vs = new NDArray[directions.length];
            for (int k = 0; k < vs.length; k++) {
                vs[k] = engine.space().fromHost(engine.vectors(), directions[k]);
            }
            try (SparkFisher spark = new SparkFisher(JavaSparkContext.fromSparkContext(run.spark().sparkContext()), engine, run.broadcast(),
                                                     run.samples().repartition(3), sample, wd, 2, facts)) {
                NDArray[] expected = core.apply(vs);
                for (int round = 0; round < 2; round++) {
                    NDArray[] got = spark.apply(vs);
                    for (int k = 0; k < vs.length; k++) {
                        assertArrayEquals(engine.space().toHost(expected[k]), engine.space().toHost(got[k]), 0.0, "product " + k + ", call " + round);
                    }
                }
                assertEquals(6, spark.products());
                assertEquals(Curvatures.FISHER, spark.name());
                assertEquals(engine.space().size(), spark.dimension());
            }
        }
        // 300 samples in chunks of 64, two chunks per partition: 3 partitions.
        Map<String, String> values = new ClusterFacts("local", "app", "4", 1, 2, facts.stages()).provenanceValues(false);
        assertEquals("300", values.get("spark.stage." + SparkFisher.GRADIENTS_STAGE + ".rows"));
        assertEquals("3", values.get("spark.stage." + SparkFisher.GRADIENTS_STAGE + ".partitions"));
        assertTrue(values.containsKey("spark.stage." + SparkFisher.PRODUCT_STAGE + ".rows"), values.toString());
    }

    @Test
    void badSubsamplesAreRefused() {
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(run.reference()), run.reference().manager(), Fixture.CHUNK)) {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(run.spark().sparkContext());
            ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
            assertThrows(IllegalArgumentException.class, () -> new SparkFisher(context, engine, run.broadcast(), run.samples(), new int[]{3, 2}, 0, 1, facts));
            assertThrows(IllegalArgumentException.class, () -> new SparkFisher(context, engine, run.broadcast(), run.samples(), new int[0], 0, 1, facts));
            assertThrows(IllegalArgumentException.class, () -> new SparkFisher(context, engine, run.broadcast(), run.samples(), new int[]{1}, -1, 1, facts));
            // An index the training samples do not hold: the partition of its position finds it missing.
            int n = Fixture.train().size();
            Throwable t = assertThrows(Throwable.class,
                () -> new SparkFisher(context, engine, run.broadcast(), run.samples(), new int[]{0, n + 5}, 0, 1, facts));
            assertTrue(java.util.stream.Stream.iterate(t, x -> x != null, Throwable::getCause)
                           .anyMatch(x -> String.valueOf(x.getMessage()).contains("lacks positions 1..1")), String.valueOf(t));
        }
    }
}
