/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RemovalScorePass;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * FUDLR's passes over the training samples on Spark executors, for
 * {@link dev.fudlr.debias.FudlrTransformer#transform(org.tribuo.Model, org.tribuo.Dataset, org.tribuo.Dataset, RemovalScorePass)}:
 * {@link #removalScores} is {@link SparkGradients#removalScores} over the training samples (bit-identical per-sample
 * values, the gradient up to the order of its additions; see {@link SparkGradients}), and {@link #gradient} the
 * gradient of a set of them ({@link SparkGradients#gradientSum}, equal up to the order of its additions).
 * <p>
 * The training samples are persisted ({@code MEMORY_AND_DISK}) and counted once when the pass is created, so every
 * later pass and {@link #samples()} read them from the cache instead of rebuilding them from the interaction log;
 * {@link #close()} releases them. The cluster facts of the passes ({@link ClusterFacts}, including a
 * {@value #SAMPLES_STAGE} stage for the count) are the pass's {@link #executionFacts}.
 */
public final class SparkRemovalScorePass implements RemovalScorePass, AutoCloseable {
    private static final Logger logger = Logger.getLogger(SparkRemovalScorePass.class.getName());

    /** Stage name in {@link ClusterFacts} of building (or reading) and counting the training samples. */
    public static final String SAMPLES_STAGE = "training-samples";

    private final SparkSession spark;
    private final Dataset<Row> samples;
    private final SparkGradients gradients;
    private final ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
    private final int size;
    private final int parameters;
    private final ModelBroadcast model;
    private final int chunksPerPartition;
    private final int chunkSize;
    private final boolean fisherOnExecutors;
    private final List<SparkFisher> curvatures = new ArrayList<>();

    /**
     * Persists and counts the training samples.
     * @param spark the session.
     * @param model the broadcast model (its parameter count is p).
     * @param samples the training samples ({@link SampleRows#SCHEMA}, indices 0..n-1 in the single-JVM order).
     * @param chunkSize FUDLR's {@code chunkSize}: samples per forward/backward pass, as in the single-JVM run.
     * @param chunksPerPartition chunks per Spark partition, at least 1.
     * @throws IllegalArgumentException if there are no samples or more than an n x K array holds.
     */
    public SparkRemovalScorePass(SparkSession spark, ModelBroadcast model, Dataset<Row> samples, int chunkSize, int chunksPerPartition) {
        this(spark, model, samples, chunkSize, chunksPerPartition, true);
    }

    /**
     * Persists and counts the training samples.
     * @param spark the session.
     * @param model the broadcast model (its parameter count is p).
     * @param samples the training samples ({@link SampleRows#SCHEMA}, indices 0..n-1 in the single-JVM order).
     * @param chunkSize FUDLR's {@code chunkSize}: samples per forward/backward pass, as in the single-JVM run.
     * @param chunksPerPartition chunks per Spark partition, at least 1.
     * @param fisherOnExecutors whether {@link #curvature} builds the empirical Fisher on the executors
     *                          ({@link SparkFisher}); false leaves every backend to the driver.
     * @throws IllegalArgumentException if there are no samples or more than an n x K array holds.
     */
    public SparkRemovalScorePass(SparkSession spark, ModelBroadcast model, Dataset<Row> samples, int chunkSize, int chunksPerPartition,
                                 boolean fisherOnExecutors) {
        this.fisherOnExecutors = fisherOnExecutors;
        this.spark = Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(model, "model");
        this.gradients = new SparkGradients(spark, model, chunkSize, chunksPerPartition, facts);
        this.parameters = model.parameters();
        this.model = model;
        this.chunksPerPartition = chunksPerPartition;
        this.chunkSize = chunkSize;
        long start = System.nanoTime();
        this.samples = Objects.requireNonNull(samples, "samples").persist(StorageLevel.MEMORY_AND_DISK());
        long n;
        try {
            n = this.samples.count();
            if (n < 1 || n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("The per-sample effects pass needs 1.." + (Integer.MAX_VALUE - 8)
                                                   + " training samples (an n x K array), found " + n);
            }
        } catch (RuntimeException e) {
            this.samples.unpersist(false);
            throw e;
        }
        this.size = (int) n;
        double seconds = (System.nanoTime() - start) / 1e9;
        facts.add(new ClusterFacts.StageFacts(SAMPLES_STAGE, this.samples.rdd().getNumPartitions(), n, seconds));
        logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d training samples persisted in %.2f s", SAMPLES_STAGE, n, seconds));
    }

    /** @return the persisted training samples (valid until {@link #close()}). */
    public Dataset<Row> samples() {
        return samples;
    }

    /**
     * The cached training samples as FUDLR's driver stages read them: only what they ask for reaches the driver.
     * @return a view of the same cache (valid until {@link #close()}), its requests recorded with the pass's facts.
     */
    public SparkTrainingSamples trainingSamples() {
        return new SparkTrainingSamples(spark, samples, size, facts);
    }

    /**
     * FUDLR's audits of candidate models on the executors, recorded with the pass's facts.
     * @param holdFirstAudit whether the first audit's scores are held there too ({@link SparkHeldScores}, its gradients in
     *                       chunks of FUDLR's {@code chunkSize}, as the single JVM's).
     * @return the audit pass (audit rows in partitions of the pass's chunks per partition times the model's scoring chunk).
     */
    public SparkReAudits reAudits(boolean holdFirstAudit) {
        return new SparkReAudits(spark, model, chunksPerPartition, facts, holdFirstAudit ? chunkSize : 0);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int parameterCount() {
        return parameters;
    }

    @Override
    public Result removalScores(double[][] solved, GradientEngine.DirectionalMode mode, boolean withGradient) {
        DirectionalEffects e = gradients.removalScores(samples, solved, mode, withGradient);
        if (e.values().length != size) {
            // The cache holds what was counted, so a different count means the samples changed underneath.
            throw new IllegalStateException("The per-sample effects pass scored " + e.values().length + " training samples, "
                                            + size + " were counted when the pass was created");
        }
        return new Result(e.values(), e.gradientSum(), e.kernel());
    }

    /**
     * {@code (1/n) sum_{i in subset} g_i(at)} on the executors ({@link SparkGradients#gradientSum}, the subset's chunks
     * those of the single-JVM engine; the partitions' sums added in float64 in tree order, then scaled): FUDLR's Newton
     * removal sum over the removed samples and the exact certificate's passes over the retained ones.
     */
    @Override
    public double[] gradient(int[] subset, double[] at) {
        double[] g = gradients.gradientSum(samples, subset, at);
        double inv = 1.0 / size;
        for (int j = 0; j < g.length; j++) {
            g[j] *= inv;
        }
        return g;
    }

    /**
     * The empirical Fisher over a Hessian subsample with its per-sample gradients cached on the executors
     * ({@link SparkFisher}: products bit-identical to the core's operator); other backends are built on the driver.
     */
    @Override
    public Optional<CurvatureOperator> curvature(String backend, GradientEngine engine, int[] sample, double weightDecay) {
        if (!fisherOnExecutors || !Curvatures.FISHER.equals(backend.trim().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        SparkFisher f = new SparkFisher(JavaSparkContext.fromSparkContext(spark.sparkContext()), engine, model, samples, sample, weightDecay,
                                        chunksPerPartition, facts);
        synchronized (curvatures) {
            curvatures.add(f);
        }
        return Optional.of(f);
    }

    /**
     * The cluster facts of the passes so far.
     * @return the facts (master, executors, per-stage partitions, rows and seconds).
     */
    public ClusterFacts clusterFacts() {
        return facts.snapshot(spark.sparkContext());
    }

    /**
     * The cluster facts as flat {@code spark.*} values ({@link ClusterFacts#provenanceValues(boolean)}).
     * @param withMeasurements include the application id and the stage times.
     * @return the values.
     */
    @Override
    public Map<String, String> executionFacts(boolean withMeasurements) {
        return clusterFacts().provenanceValues(withMeasurements);
    }

    /** Releases the persisted training samples (without waiting for the executors). */
    @Override
    public void close() {
        synchronized (curvatures) {
            curvatures.forEach(SparkFisher::close);
            curvatures.clear();
        }
        samples.unpersist(false);
    }

    @Override
    public String toString() {
        return "SparkRemovalScorePass(n=" + size + ", p=" + parameters + ")";
    }
}
