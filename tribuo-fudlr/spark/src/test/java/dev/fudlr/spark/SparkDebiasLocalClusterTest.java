/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.debias.ReportKey;
import dev.fudlr.model.DjlRecommenderModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A whole debias run with two executor JVMs ({@code local-cluster[2,1,768]} through {@link LocalClusters}, as in
 * {@link SparkGradientsLocalClusterTest}): the executors build the samples from the CSV log and run the per-sample
 * pass, and the debiased model is the single-JVM run's.
 */
class SparkDebiasLocalClusterTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static DebiasRuns.Inputs inputs;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalClusters.start("SparkDebiasLocalClusterTest", 2, 640, Map.of(), 120);
        inputs = DebiasRuns.write(dir.resolve("inputs"));
    }

    @AfterAll
    static void stop() {
        Fixture.stop(spark);
    }

    @Test
    void twoExecutorJvmsGiveTheSingleJvmModel() throws IOException {
        PostTrainingResult<Label> expected = DebiasRuns.reference(inputs);
        Path out = dir.resolve("out/debiased.fudlr");
        PostTrainingResult<Label> got = SparkDebias.run(spark, SparkDebiasOptions.parse(inputs.args(out, "--chunks-per-partition", "3")));
        try {
            DebiasRuns.assertSameRun(expected, got, out, spark.sparkContext().master(), 3);
            MapProvenance<?> facts = (MapProvenance<?>) got.model().getProvenance().getInstanceProvenance().getMap().get(ReportKey.EXECUTION.key());
            assertEquals("2", facts.getMap().get("spark.executors").toString(), "execution facts " + facts);
        } finally {
            ((DjlRecommenderModel) got.model()).close();
        }
    }
}
