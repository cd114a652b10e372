/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import ai.djl.ndarray.NDArray;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.ModelFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * What the Spark tests share: small synthetic samples (about 1,300 training samples of 120 users), a tiny item
 * transformer trained on them once per JVM, the model's bytes, and local Spark sessions.
 */
public final class Fixture {

    /** Chunk size of the tests' gradient passes (several chunks per partition, several partitions). */
    static final int CHUNK = 64;

    private static SampleSplits splits;
    private static DjlRecommenderModel model;
    private static byte[] bytes;

    private Fixture() {}

    static synchronized SampleSplits splits() {
        if (splits == null) {
            splits = MovieLensDataSource.splits(MovieLensDataSource.synthetic(SyntheticGenerator.Config.defaults().withSizes(120, 80, 8, 20)),
                                                new SampleBuilder(5, 0, 3));
        }
        return splits;
    }

    static List<Example<Label>> train() {
        return splits().train();
    }

    static List<Example<Label>> validation() {
        return splits().validation();
    }

    /** The trained model (float32, the default precision). */
    static synchronized DjlRecommenderModel model() {
        if (model == null) {
            LabelFactory f = new LabelFactory();
            MutableDataset<Label> data = new MutableDataset<>(new ListDataSource<>(train(), f, new SimpleDataSourceProvenance("spark test train",
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
            model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5)
                .loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(32).learningRate(1e-2).seed(7)
                .device("cpu").build().trainTransformer(data);
            bytes = model.serialize().toByteArray();
        }
        return model;
    }

    /** A fresh copy of the model from its serialized bytes: what a single-JVM run that loads the model file uses. */
    static DjlRecommenderModel loaded() {
        model();
        return ModelFiles.load(bytes, Path.of("fixture.model"), DjlRecommenderModel.class);
    }

    /** K seeded random directions of the model's parameter count. */
    static double[][] directions(int k, long seed) {
        int p = model().numTrainableParameters();
        Random r = new Random(seed);
        double[][] out = new double[k][p];
        for (double[] v : out) {
            for (int j = 0; j < p; j++) {
                v[j] = r.nextGaussian();
            }
        }
        return out;
    }

    /** A local session for one test class (stop it in {@code @AfterAll}). */
    static SparkSession session(String master, String name) {
        return SparkSession.builder().master(master).appName(name)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    }

    /** The single-JVM per-sample pass: derivatives, the gradient sum of the same pass, the kernel. */
    record Reference(double[][] values, double[] gradientSum, GradientEngine.DirectionalKernel kernel) {}

    /** FUDLR's single-JVM per-sample pass over all training samples on a model, with a chunk size. */
    static Reference singleJvm(DjlRecommenderModel model, double[][] directions, int chunk) {
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), chunk)) {
            NDArray[] v = new NDArray[directions.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = engine.space().fromHost(engine.vectors(), directions[k]);
            }
            double[] sum = new double[engine.space().size()];
            double[][] d = engine.directionalDerivatives(RecommenderObjectives.loss(model, train()), GradientEngine.range(train().size()), v,
                                                         GradientEngine.DirectionalMode.EXACT, null, sum);
            return new Reference(d, sum, engine.lastDirectionalKernel());
        }
    }

    /** The single-JVM gradient sum of the engine over training samples at a point (null: the model's parameters). */
    static double[] singleJvmGradient(DjlRecommenderModel model, int[] indices, double[] at) {
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), CHUNK)) {
            NDArray point = at == null ? null : engine.space().fromHost(engine.vectors(), at);
            return engine.space().toHost(engine.gradient(RecommenderObjectives.loss(model, train()), indices, 1.0, point));
        }
    }

    /** FUDLR's single-JVM audit lists: in-catalogue rows, seen items from the training samples, scores, top-K. */
    static TopKLists singleJvmAudit(DjlRecommenderModel model, List<Example<Label>> audit, int k) {
        List<Example<Label>> kept = RecommenderAudit.inCatalogue(model.items(), audit);
        AuditData data = RecommenderAudit.build(model.items(), train(), kept, List.of());
        return Recommendations.fromScores(ScoreMatrix.ofFloats(model.scores(kept)), data, k).lists();
    }

    /**
     * What a test class runs against: its session, the model broadcast on it, a single-JVM reference copy of the model
     * (loaded from the same bytes) and the training samples as a cached DataFrame. {@link #close()} releases them all.
     * @param spark the session.
     * @param broadcast the broadcast model.
     * @param reference the single-JVM copy.
     * @param samples the training samples.
     */
    record Run(SparkSession spark, ModelBroadcast broadcast, DjlRecommenderModel reference, Dataset<Row> samples) implements AutoCloseable {
        static Run start(SparkSession spark) {
            return new Run(spark, ModelBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), model()), loaded(),
                           SampleRows.toDataFrame(spark, train()).cache());
        }

        @Override
        public void close() {
            broadcast.destroy();
            reference.close();
            spark.stop();
            ExecutorModels.clear();
        }
    }

    /**
     * Largest |a_j - b_j| over the largest |b_j| (the absolute difference when b is zero); shared with the
     * overhead benchmark.
     * @param a the values compared.
     * @param b the reference.
     * @return the relative error.
     */
    public static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int j = 0; j < b.length; j++) {
            diff = Math.max(diff, Math.abs(a[j] - b[j]));
            scale = Math.max(scale, Math.abs(b[j]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    /**
     * Stops a test class's session and closes the models this JVM cached for it.
     * @param spark the session, or null if it never started.
     */
    static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        ExecutorModels.clear();
    }
}
