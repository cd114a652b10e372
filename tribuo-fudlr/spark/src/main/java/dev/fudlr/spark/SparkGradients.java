/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * FUDLR's sample-parallel passes on Spark executors, computed by the core's own {@link GradientEngine} over
 * {@link RecommenderObjectives#loss} of each partition's samples (rebuilt by {@link SampleRows#toExample}) on the
 * executor's cached model ({@link ExecutorModels}):
 * <ul>
 *     <li>{@link #directionalDerivatives}: FUDLR's per-sample effects {@code g_i . v_k} for K broadcast directions
 *     (n x K values come back, never n x p), and optionally {@code sum_i g_i} from the same pass;</li>
 *     <li>{@link #gradientSum}: {@code sum_{i in S} g_i} over all samples or a subset S, at the model's parameters or
 *     at another point (the Newton removal's right-hand side and the unlearning certificate's gradients).</li>
 * </ul>
 * <b>Partitions.</b> Samples are moved into contiguous ranges of their position (the {@value SampleRows#INDEX} column,
 * or the position within a subset) of {@code chunkSize * chunksPerPartition} rows ({@link ContiguousPartitioner}), and
 * each partition runs the engine over its rows in order with {@code chunkSize}: every chunk then holds the same
 * samples as the corresponding chunk of a single-JVM pass with the same chunk size.
 * <p>
 * <b>What is equal to a single-JVM run.</b> Per-sample derivatives are computed chunk by chunk, so with aligned chunks,
 * the same model bytes, the same libtorch build and thread count ({@code OMP_NUM_THREADS}) and directions given as the
 * same host vectors, they are bit-identical to
 * {@link GradientEngine#directionalDerivatives(dev.fudlr.influence.SampleLoss, int[], NDArray[], GradientEngine.DirectionalMode, NDArray, double[])}
 * over all samples. Sums differ in the order of additions only: the engine adds chunk gradients in the model's
 * precision in chunk order, while here each partition sums its chunks that way and the partitions' sums are added in
 * float64 by {@code treeAggregate} in tree order; float64 models agree to about 1e-12 relative, float32 models to
 * about the float32 rounding of the engine's running sum (measured bounds are in the tests). The
 * gradient sum of the directional pass is accumulated in float64 in both, so it agrees to about 1e-13.
 * <p>
 * <b>Faults.</b> Results leave a task only as its return value: a failed or retried task (a lost executor) is
 * recomputed by Spark and counted once; no accumulators are used. A partition checks that it received exactly its
 * positions, so duplicated or missing sample indices fail the job instead of skewing a sum.
 */
public final class SparkGradients {
    private static final Logger logger = Logger.getLogger(SparkGradients.class.getName());

    /** Stage name of the per-sample pass in {@link ClusterFacts}. */
    public static final String EFFECTS_STAGE = "per-sample-effects";
    /** Stage name of a gradient sum in {@link ClusterFacts}. */
    public static final String GRADIENT_SUM_STAGE = "gradient-sum";

    private final JavaSparkContext context;
    private final ModelBroadcast model;
    private final int chunkSize;
    private final int chunksPerPartition;
    private final ClusterFacts.Recorder facts;

    /**
     * Creates the passes.
     * @param spark the session.
     * @param model the broadcast model.
     * @param chunkSize samples per forward/backward pass (FUDLR's {@code chunkSize}; equal to the single-JVM run's for
     *                  equal values).
     * @param chunksPerPartition chunks per Spark partition, at least 1.
     * @param facts receives one {@link ClusterFacts.StageFacts} per call.
     */
    public SparkGradients(SparkSession spark, ModelBroadcast model, int chunkSize, int chunksPerPartition, ClusterFacts.Recorder facts) {
        this.context = JavaSparkContext.fromSparkContext(Objects.requireNonNull(spark, "spark").sparkContext());
        this.model = Objects.requireNonNull(model, "model");
        this.facts = Objects.requireNonNull(facts, "facts");
        if (chunkSize < 1 || chunksPerPartition < 1) {
            throw new IllegalArgumentException("chunkSize and chunksPerPartition must be >= 1, found " + chunkSize + " and " + chunksPerPartition);
        }
        this.chunkSize = chunkSize;
        this.chunksPerPartition = chunksPerPartition;
    }

    /** Rows of one partition's result: its first position, its derivatives, its gradient sum (or null), the kernel. */
    record Block(long first, double[][] values, double[] gradientSum, GradientEngine.DirectionalKernel kernel) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Per-sample directional derivatives {@code g_i . v_k} of every training sample.
     * @param samples the training samples ({@link SampleRows#SCHEMA}; indices 0..n-1, each once).
     * @param directions the K directions v_k, each of length p (e.g. FUDLR's iHVP solutions, as host vectors).
     * @param mode exact or finite differences, as in the engine.
     * @param withGradientSum also return {@code sum_i g_i} (exact mode only).
     * @return the n x K derivatives in sample order, and the sum when asked.
     */
    public DirectionalEffects directionalDerivatives(Dataset<Row> samples, double[][] directions, GradientEngine.DirectionalMode mode,
                                                     boolean withGradientSum) {
        Objects.requireNonNull(mode, "mode");
        if (directions.length == 0) {
            throw new IllegalArgumentException("At least one direction is needed");
        }
        double[][] dirs = new double[directions.length][];
        for (int k = 0; k < directions.length; k++) {
            dirs[k] = checkVector("Direction " + k, directions[k]);
        }
        if (withGradientSum && mode != GradientEngine.DirectionalMode.EXACT) {
            throw new IllegalArgumentException("The gradient sum comes from the exact per-sample pass; mode " + mode + " does not compute it");
        }
        long start = System.nanoTime();
        long n = samples.count();
        if (n < 1 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The per-sample pass returns an n x K array: n must be 1.." + (Integer.MAX_VALUE - 8) + ", found " + n);
        }
        ContiguousPartitioner part = partitioner(n);
        Broadcast<double[][]> v = context.broadcast(dirs);
        ModelBroadcast m = model;
        int chunk = chunkSize;
        JavaRDD<Block> blocks = part.arrange(byIndex(samples)).mapPartitionsWithIndex((p, it) -> {
            Block b = effects(m, part.drain(p, it), part.first(p), chunk, v.value(), mode, withGradientSum);
            FaultHooks.afterPartition(EFFECTS_STAGE);
            return List.of(b).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            double[][] values = new double[(int) n][];
            GradientEngine.DirectionalKernel kernel = null;
            // Derivatives only: the per-partition gradient sums stay on the executors for the tree reduction below.
            for (Block b : blocks.map(b -> new Block(b.first(), b.values(), null, b.kernel())).collect()) {
                System.arraycopy(b.values(), 0, values, (int) b.first(), b.values().length);
                if (kernel != null && kernel != b.kernel()) {
                    throw new IllegalStateException("Executors used different kernels for the per-sample pass: " + kernel + " and " + b.kernel());
                }
                kernel = b.kernel();
            }
            double[] sum = withGradientSum
                ? blocks.map(Block::gradientSum).treeAggregate(new double[0], SparkGradients::accumulate, SparkGradients::merge)
                : null;
            record(EFFECTS_STAGE, part.numPartitions(), n, start);
            return new DirectionalEffects(values, sum, kernel);
        } finally {
            blocks.unpersist(false);
            v.destroy();
        }
    }

    /**
     * FUDLR's per-sample effects as {@link dev.fudlr.influence.InfluenceCalculator#removalScores(int[],
     * GradientEngine.DirectionalMode, double[], NDArray...)} computes them over all n training samples:
     * {@code a_ik = (1/n) g_i . v_k} (the same double arithmetic on the same derivatives, so bit-identical under the
     * conditions of the class description) and, when asked, the data term's gradient {@code (1/n) sum_i g_i}.
     * @param samples the training samples.
     * @param solved the iHVP solutions v_k (host vectors of length p).
     * @param mode exact or finite differences.
     * @param withGradient also return {@code (1/n) sum_i g_i} (exact mode only).
     * @return the scaled effects (and gradient).
     */
    public DirectionalEffects removalScores(Dataset<Row> samples, double[][] solved, GradientEngine.DirectionalMode mode, boolean withGradient) {
        DirectionalEffects raw = directionalDerivatives(samples, solved, mode, withGradient);
        double[][] d = raw.values();
        double[] g = raw.gradientSum();
        if (g != null) {
            for (int j = 0; j < g.length; j++) {
                g[j] /= d.length;
            }
        }
        double inv = 1.0 / d.length;
        for (double[] row : d) {
            for (int k = 0; k < row.length; k++) {
                row[k] *= inv;
            }
        }
        return raw;
    }

    /**
     * The gradient sum {@code sum_{i in S} g_i} (unscaled) over a set of training samples.
     * @param samples the training samples ({@link SampleRows#SCHEMA}).
     * @param subset null for all samples, else the sample indices of S, strictly increasing (e.g. a
     *               {@code Selection.sortedIndices()}).
     * @param at null for the model's parameters, else the point (length p), e.g. the parameters after a Newton step.
     * @return the sum, length p (zeros for an empty subset).
     */
    public double[] gradientSum(Dataset<Row> samples, int[] subset, double[] at) {
        final double[] point = at == null ? null : checkVector("The point", at);
        long start = System.nanoTime();
        long count;
        JavaPairRDD<Long, Row> keyed;
        Broadcast<int[]> positions = null;
        if (subset == null) {
            count = samples.count();
            keyed = byIndex(samples);
        } else {
            checkSubset(subset);
            if (subset.length == 0) {
                return new double[model.parameters()];
            }
            count = subset.length;
            Broadcast<int[]> s = context.broadcast(subset.clone());
            positions = s;
            // The key is the position within S, so chunks of S are the single-JVM engine's chunks of S.
            keyed = samples.javaRDD().flatMapToPair(r -> {
                long i = SampleRows.index(r);
                int pos = i > Integer.MAX_VALUE ? -1 : Arrays.binarySearch(s.value(), (int) i);
                return pos < 0 ? Collections.emptyIterator() : List.of(new Tuple2<>((long) pos, r)).iterator();
            });
        }
        if (count < 1) {
            throw new IllegalArgumentException("No training samples in the DataFrame");
        }
        Broadcast<double[]> theta = point == null ? null : context.broadcast(point);
        ContiguousPartitioner part = partitioner(count);
        ModelBroadcast m = model;
        int chunk = chunkSize;
        try {
            double[] sum = part.arrange(keyed).mapPartitionsWithIndex((p, it) -> {
                double[] g = gradient(m, part.drain(p, it), chunk, theta == null ? null : theta.value());
                FaultHooks.afterPartition(GRADIENT_SUM_STAGE);
                return List.of(g).iterator();
            }, true).treeAggregate(new double[0], SparkGradients::accumulate, SparkGradients::merge);
            record(GRADIENT_SUM_STAGE, part.numPartitions(), count, start);
            return sum;
        } finally {
            if (theta != null) {
                theta.destroy();
            }
            if (positions != null) {
                positions.destroy();
            }
        }
    }

    /** On an executor: one partition's derivatives (and gradient sum). */
    private static Block effects(ModelBroadcast model, List<Row> rows, long first, int chunkSize, double[][] directions,
                                 GradientEngine.DirectionalMode mode, boolean withSum) {
        List<Example<Label>> examples = examples(rows);
        return ExecutorModels.withModel(model, m -> {
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), chunkSize)) {
                NDArray[] v = new NDArray[directions.length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = engine.space().fromHost(engine.vectors(), directions[k]);
                }
                double[] sum = withSum ? new double[engine.space().size()] : null;
                double[][] d = engine.directionalDerivatives(RecommenderObjectives.loss(m, examples), GradientEngine.range(examples.size()),
                                                             v, mode, null, sum);
                return new Block(first, d, sum, engine.lastDirectionalKernel());
            }
        });
    }

    /** On an executor: one partition's gradient sum at a point (or at the model's parameters). */
    private static double[] gradient(ModelBroadcast model, List<Row> rows, int chunkSize, double[] at) {
        List<Example<Label>> examples = examples(rows);
        return ExecutorModels.withModel(model, m -> {
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), chunkSize)) {
                NDArray point = at == null ? null : engine.space().fromHost(engine.vectors(), at);
                NDArray g = engine.gradient(RecommenderObjectives.loss(m, examples), GradientEngine.range(examples.size()), 1.0, point);
                return engine.space().toHost(g);
            }
        });
    }

    private static List<Example<Label>> examples(List<Row> rows) {
        List<Example<Label>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(SampleRows.toExample(r));
        }
        return out;
    }

    /** treeAggregate's sequence step: the first value is copied (it may be a cached object), later ones added in. */
    static double[] accumulate(double[] acc, double[] value) {
        return acc.length == 0 ? value.clone() : merge(acc, value);
    }

    /** treeAggregate's combine step: adds b into a (both owned accumulators); the empty array is the zero. */
    static double[] merge(double[] a, double[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        if (a.length != b.length) {
            throw new IllegalStateException("Partial gradient sums of lengths " + a.length + " and " + b.length);
        }
        for (int j = 0; j < a.length; j++) {
            a[j] += b[j];
        }
        return a;
    }

    private ContiguousPartitioner partitioner(long count) {
        return new ContiguousPartitioner(count, (long) chunkSize * chunksPerPartition);
    }

    private static JavaPairRDD<Long, Row> byIndex(Dataset<Row> samples) {
        return samples.javaRDD().mapToPair(r -> new Tuple2<>(SampleRows.index(r), r));
    }

    private double[] checkVector(String what, double[] v) {
        if (v.length != model.parameters()) {
            throw new IllegalArgumentException(what + " has " + v.length + " values, the model has " + model.parameters() + " trainable parameters");
        }
        for (int j = 0; j < v.length; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalArgumentException(what + " has the non-finite value " + v[j] + " at " + j);
            }
        }
        return v.clone();
    }

    private static void checkSubset(int[] subset) {
        for (int i = 0; i < subset.length; i++) {
            if (subset[i] < 0 || (i > 0 && subset[i] <= subset[i - 1])) {
                throw new IllegalArgumentException("The subset must hold sample indices >= 0 in strictly increasing order; entry " + i
                                                   + " is " + subset[i] + (i > 0 ? " after " + subset[i - 1] : ""));
            }
        }
    }

    private void record(String stage, int partitions, long rows, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        facts.add(new ClusterFacts.StageFacts(stage, partitions, rows, seconds));
        logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d rows in %d partitions, %.2f s", stage, rows, partitions, seconds));
    }
}
