/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceCalculator;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.model.DjlRecommenderModel;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every distributed pass against the single-JVM engine on a model loaded from the same bytes, in Spark local mode:
 * per-sample derivatives bit-identical, gradient sums within the stated tolerances.
 */
class SparkGradientsTest {
    private static final Logger logger = Logger.getLogger(SparkGradientsTest.class.getName());

    private static Fixture.Run run;
    private static SparkSession spark;
    private static ModelBroadcast broadcast;
    private static DjlRecommenderModel reference;
    private static Dataset<Row> samples;
    private static int n;
    private static final ClusterFacts.Recorder facts = new ClusterFacts.Recorder();

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2]", "SparkGradientsTest"));
        spark = run.spark();
        broadcast = run.broadcast();
        reference = run.reference();
        samples = run.samples();
        n = Fixture.train().size();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    static Fixture.Reference singleJvm(double[][] directions, int chunk) {
        return Fixture.singleJvm(reference, directions, chunk);
    }

    static double[] singleJvmGradient(int[] indices, double[] at) {
        return Fixture.singleJvmGradient(reference, indices, at);
    }

    @Test
    void perSampleDerivativesAreBitIdenticalToTheSingleJvmPass() {
        assertTrue(n > 6 * Fixture.CHUNK, "the test needs several partitions; n = " + n);
        double[][] dirs = Fixture.directions(3, 11);
        Fixture.Reference ref = singleJvm(dirs, Fixture.CHUNK);
        // 3 chunks per partition: 7 partitions for about 1,300 samples, the last one partial.
        DirectionalEffects got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 3, facts)
            .directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
        assertEquals(n, got.values().length);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(ref.values()[i], got.values()[i], 0.0, "sample " + i);
        }
        assertEquals(ref.kernel(), got.kernel());
        double err = Fixture.relativeError(got.gradientSum(), ref.gradientSum());
        logger.info(String.format(Locale.ROOT, "Gradient sum of the per-sample pass (kernel %s): relative error %.3g", got.kernel(), err));
        assertTrue(err < 1e-12, "relative error " + err);
    }

    @Test
    void removalScoresAreBitIdenticalToTheInfluenceCalculators() {
        double[][] dirs = Fixture.directions(2, 14);
        double[][] expected;
        double[] gradient = new double[broadcast.parameters()];
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(reference), reference.manager(), Fixture.CHUNK)) {
            NDArray[] v = new NDArray[dirs.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = engine.space().fromHost(engine.vectors(), dirs[k]);
            }
            // What FudlrTransformer calls; the curvature and solver are not used by removalScores.
            expected = new InfluenceCalculator(engine, RecommenderObjectives.loss(reference, Fixture.train()), null, null, 0)
                .removalScores(GradientEngine.range(n), GradientEngine.DirectionalMode.EXACT, gradient, v);
        }
        DirectionalEffects got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 3, facts)
            .removalScores(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(expected[i], got.values()[i], 0.0, "sample " + i);
        }
        assertTrue(Fixture.relativeError(got.gradientSum(), gradient) < 1e-12);
    }

    @Test
    void oneChunkPerPartitionAndOnePartitionGiveTheSameValues() {
        double[][] dirs = Fixture.directions(2, 12);
        Fixture.Reference ref = singleJvm(dirs, Fixture.CHUNK);
        for (int chunksPerPartition : new int[]{1, 1000}) {
            DirectionalEffects got = new SparkGradients(spark, broadcast, Fixture.CHUNK, chunksPerPartition, facts)
                .directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(ref.values()[i], got.values()[i], 0.0, "sample " + i + ", " + chunksPerPartition + " chunks per partition");
            }
        }
    }

    @Test
    void withoutTheGradientSumTheValuesAgree() {
        // Without the sum the engine reads detached parameter values (no parameter leaves): the same derivatives up to
        // the backward kernels PyTorch picks for a graph with fewer leaves.
        double[][] dirs = Fixture.directions(2, 15);
        Fixture.Reference ref = singleJvm(dirs, Fixture.CHUNK);
        DirectionalEffects got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 3, facts)
            .directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, false);
        assertEquals(null, got.gradientSum());
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Fixture.relativeError(got.values()[i], ref.values()[i]));
        }
        logger.info(String.format(Locale.ROOT, "Per-sample derivatives without the gradient sum: largest relative difference %.3g", worst));
        assertTrue(worst < 1e-5, "relative difference " + worst);
    }

    @Test
    void gradientSumOverAllSamplesMatchesTheEngine() {
        double[] ref = singleJvmGradient(GradientEngine.range(n), null);
        double[] got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 3, facts).gradientSum(samples, null, null);
        double err = Fixture.relativeError(got, ref);
        logger.info(String.format(Locale.ROOT, "Gradient sum over %d samples (float32 model): relative error %.3g", n, err));
        // The engine adds chunk gradients in float32 in chunk order; partitions add theirs in float64 in tree order.
        assertTrue(err < 1e-5, "relative error " + err);
    }

    @Test
    void gradientSumOverASubsetAtAnotherPointMatchesTheEngine() {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < n; i += 3) {
            picked.add(i);
        }
        int[] subset = picked.stream().mapToInt(Integer::intValue).toArray();
        double[] theta = reference.trainableParametersAsDouble();
        double[] dir = Fixture.directions(1, 13)[0];
        double[] at = new double[theta.length];
        for (int j = 0; j < at.length; j++) {
            at[j] = (float) (theta[j] + 1e-2 * dir[j]);
        }
        double[] ref = singleJvmGradient(subset, at);
        double[] got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 2, facts).gradientSum(samples, subset, at);
        double err = Fixture.relativeError(got, ref);
        logger.info(String.format(Locale.ROOT, "Gradient sum over a subset of %d at a moved point: relative error %.3g", subset.length, err));
        assertTrue(err < 1e-5, "relative error " + err);
        // Not the full-data sum at theta: the subset and the point are used.
        double[] full = singleJvmGradient(GradientEngine.range(n), null);
        assertTrue(Fixture.relativeError(got, full) > 1e-2);
    }

    @Test
    void anEmptySubsetSumsToZeroWithoutAJob() {
        double[] got = new SparkGradients(spark, broadcast, Fixture.CHUNK, 2, facts).gradientSum(samples, new int[0], null);
        assertArrayEquals(new double[broadcast.parameters()], got, 0.0);
    }

    @Test
    void badInputsAreRefusedWithTheirReason() {
        SparkGradients g = new SparkGradients(spark, broadcast, Fixture.CHUNK, 2, facts);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> g.directionalDerivatives(samples, new double[][]{new double[3]}, GradientEngine.DirectionalMode.EXACT, false));
        assertTrue(e.getMessage().contains("Direction 0 has 3 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.gradientSum(samples, new int[]{4, 2}, null));
        assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.directionalDerivatives(samples, Fixture.directions(1, 1),
            GradientEngine.DirectionalMode.FINITE_DIFFERENCE, true));
        assertTrue(e.getMessage().contains("exact"), e.getMessage());
    }

    @Test
    void aRepeatedSampleIndexFailsTheJob() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // Index 3 twice, index 4 never.
            rows.add(SampleRows.toRow(i == 4 ? 3 : i, Fixture.train().get(i)));
        }
        Dataset<Row> broken = spark.createDataFrame(rows, SampleRows.SCHEMA);
        SparkException e = assertThrows(SparkException.class,
            () -> new SparkGradients(spark, broadcast, Fixture.CHUNK, 2, facts).gradientSum(broken, null, null));
        assertTrue(e.getMessage().contains("expected position 4 and found 3 (repeated)"), e.getMessage());
    }
}
