/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.ModelFileException;
import dev.fudlr.model.ModelFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-JVM model cache: one deserialization per model and JVM, however many tasks and threads use it. */
class ExecutorModelsTest {

    private static SparkSession spark;
    private static JavaSparkContext context;
    private static Dataset<Row> samples;

    @BeforeAll
    static void start() {
        spark = Fixture.session("local[2]", "ExecutorModelsTest");
        context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        samples = SampleRows.toDataFrame(spark, Fixture.train()).cache();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorModels.clear();
    }

    @BeforeEach
    void empty() {
        ExecutorModels.clear();
    }

    @Test
    void aModelIsLoadedOncePerJvm() {
        ModelBroadcast b = ModelBroadcast.of(context, Fixture.model());
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        SparkGradients passes = new SparkGradients(spark, b, Fixture.CHUNK, 1, facts);
        passes.gradientSum(samples, null, null);
        passes.gradientSum(samples, null, null);
        // About 21 partitions on 2 task threads, twice: one deserialization.
        assertTrue(facts.stages().get(0).partitions() > 10);
        assertEquals(1, ExecutorModels.loads());
        assertEquals(1, ExecutorModels.cached());
        b.destroy();
    }

    @Test
    void newModelsAreLoadedAndTheLeastRecentlyUsedIsClosed() {
        DjlRecommenderModel base = Fixture.model();
        double[] theta = base.trainableParametersAsDouble();
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        String[] hashes = new String[ExecutorModels.CAPACITY + 1];
        for (int m = 0; m < hashes.length; m++) {
            double[] moved = theta.clone();
            moved[0] += m;
            AbstractDjlRecommenderModel variant = base.copyWithTrainableParameters(moved, base.getProvenance());
            ModelBroadcast b = ModelBroadcast.of(context, variant);
            hashes[m] = b.sha256();
            new SparkGradients(spark, b, Fixture.CHUNK, 4, facts).gradientSum(samples, null, null);
            variant.close();
            b.destroy();
        }
        assertEquals(hashes.length, ExecutorModels.loads());
        assertEquals(ExecutorModels.CAPACITY, ExecutorModels.cached());
        assertNotEquals(hashes[0], hashes[1]);
    }

    @Test
    void theBroadcastBytesAreTheModelFile() {
        ModelBroadcast b = ModelBroadcast.of(context, Fixture.model());
        byte[] bytes = b.bytes();
        assertEquals(ModelBroadcast.sha256(bytes), b.sha256());
        DjlRecommenderModel copy = ModelFiles.load(bytes, Path.of("broadcast.model"), DjlRecommenderModel.class);
        assertArrayEquals(Fixture.model().trainableParametersAsDouble(), copy.trainableParametersAsDouble(), 0.0);
        assertEquals(Fixture.model().chunkSize(), b.chunkSize());
        assertEquals(Fixture.model().items(), b.items());
        copy.close();
        b.destroy();
    }

    @Test
    void corruptBytesAreReportedWithTheirOrigin() {
        ModelFileException e = assertThrows(ModelFileException.class,
            () -> ModelFiles.load(new byte[]{1, 2, 3}, Path.of("spark-broadcast", "x.model"), DjlRecommenderModel.class));
        assertTrue(e.getMessage().startsWith("spark-broadcast/x.model: truncated or corrupt"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ExecutorModels.get(ModelBroadcast.of(context, Fixture.model())),
                     "the cache is only usable under the DJL lock");
    }
}
