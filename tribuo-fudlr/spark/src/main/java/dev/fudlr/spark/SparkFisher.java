/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.ParameterSpace;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.Vectors;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import scala.Tuple2;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The empirical Fisher curvature {@code F = (1/m) sum_{i in S} g_i g_i^T + wd I} of a Hessian subsample S with its
 * m x p per-sample gradients kept on the executors, so that the driver never holds them (the core's
 * {@link Curvatures.EmpiricalFisher} stores them in the debiasing JVM: m x p values, 32 GB for m = 2,000 and a 4M-parameter
 * adapter).
 * <p>
 * The gradients are computed once, in the single-JVM engine's chunks of S (the rows keyed by their position in S and
 * placed in contiguous ranges of whole chunks), and cached as each chunk's bytes. A product {@link #apply} is one job:
 * each executor returns {@code G_c^T (G_c v)} per chunk c in the model's precision, and the driver adds them in chunk
 * order as the core's operator does, then scales by 1/m and adds the weight decay, so the products are bit-identical
 * to the core's under the conditions of {@link SparkGradients} (the same model bytes, libtorch build and numerics).
 * The driver receives (m / chunkSize) x p values per vector and product.
 */
public final class SparkFisher implements CurvatureOperator, AutoCloseable {
    private static final Logger logger = Logger.getLogger(SparkFisher.class.getName());

    /** Stage name in {@link ClusterFacts} of computing and caching the per-sample gradients. */
    public static final String GRADIENTS_STAGE = "fisher-gradients";
    /** Stage name of one product (one job for all vectors of the call). */
    public static final String PRODUCT_STAGE = "fisher-product";

    /** One chunk's per-sample gradients: rows x p values of the model's type, as bytes (native order). */
    record Chunk(int index, int rows, byte[] values) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One chunk's product with each vector of a call. */
    record Product(int chunk, byte[][] values) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final JavaSparkContext context;
    private final GradientEngine engine;
    private final ModelBroadcast model;
    private final JavaRDD<Chunk> chunks;
    private final int sampleSize;
    private final int chunkCount;
    private final double weightDecay;
    private final ClusterFacts.Recorder facts;
    private long products;
    private boolean recorded;

    /**
     * Computes and caches the per-sample gradients of a Hessian subsample.
     * @param context the Spark context.
     * @param engine the driver's engine (its space and vectors; its chunk size must be FUDLR's).
     * @param model the broadcast model.
     * @param samples the training samples ({@link SampleRows#SCHEMA}).
     * @param sample the subsample's indices, strictly increasing.
     * @param weightDecay wd &gt;= 0.
     * @param chunksPerPartition chunks per partition.
     * @param facts where the stages are recorded.
     */
    SparkFisher(JavaSparkContext context, GradientEngine engine, ModelBroadcast model, Dataset<Row> samples, int[] sample,
                double weightDecay, int chunksPerPartition, ClusterFacts.Recorder facts) {
        this.context = Objects.requireNonNull(context, "context");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.model = Objects.requireNonNull(model, "model");
        this.facts = Objects.requireNonNull(facts, "facts");
        if (sample.length == 0) {
            throw new IllegalArgumentException("Empty Hessian sample");
        }
        for (int i = 0; i < sample.length; i++) {
            if (sample[i] < 0 || (i > 0 && sample[i] <= sample[i - 1])) {
                throw new IllegalArgumentException("The Hessian sample must hold indices >= 0 in strictly increasing order; entry " + i
                                                   + " is " + sample[i]);
            }
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (engine.space().size() != model.parameters()) {
            throw new IllegalArgumentException("The engine has " + engine.space().size() + " parameters, the model " + model.parameters());
        }
        this.sampleSize = sample.length;
        this.weightDecay = weightDecay;
        int chunk = engine.chunkSize();
        this.chunkCount = (sample.length + chunk - 1) / chunk;
        long start = System.nanoTime();
        Broadcast<int[]> positions = context.broadcast(sample.clone());
        // The key is the position within S, so each partition holds whole chunks of the single-JVM engine's chunking of S.
        JavaPairRDD<Long, Row> keyed = samples.javaRDD().flatMapToPair(r -> {
            long i = SampleRows.index(r);
            int pos = i > Integer.MAX_VALUE ? -1 : Arrays.binarySearch(positions.value(), (int) i);
            return pos < 0 ? Collections.emptyIterator() : List.of(new Tuple2<>((long) pos, r)).iterator();
        });
        ContiguousPartitioner part = new ContiguousPartitioner(sample.length, (long) chunk * chunksPerPartition);
        ModelBroadcast m = model;
        this.chunks = part.arrange(keyed).mapPartitionsWithIndex((p, it) -> {
            List<Chunk> out = gradients(m, part.drain(p, it), (int) (part.first(p) / chunk), chunk);
            FaultHooks.afterPartition(GRADIENTS_STAGE);
            return out.iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long counted = chunks.map(Chunk::rows).fold(0, Integer::sum);
            if (counted != sample.length) {
                throw new IllegalStateException("The Hessian sample has " + sample.length + " indices, the training samples hold " + counted
                                                + " of them");
            }
        } catch (RuntimeException e) {
            chunks.unpersist(false);
            throw e;
        } finally {
            positions.destroy();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        facts.add(new ClusterFacts.StageFacts(GRADIENTS_STAGE, part.numPartitions(), sample.length, seconds));
        logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d per-sample gradients (%,d parameters) cached in %d partitions, %.2f s",
                                        GRADIENTS_STAGE, sample.length, model.parameters(), part.numPartitions(), seconds));
    }

    @Override
    public String name() {
        return Curvatures.FISHER;
    }

    @Override
    public int dimension() {
        return engine.space().size();
    }

    @Override
    public long products() {
        return products;
    }

    @Override
    public NDArray[] apply(NDArray... vs) {
        long start = System.nanoTime();
        double[][] host = new double[vs.length][];
        for (int k = 0; k < vs.length; k++) {
            host[k] = engine.space().toHost(vs[k]);
        }
        Broadcast<double[][]> v = context.broadcast(host);
        ModelBroadcast m = model;
        List<Product> got;
        try {
            got = new ArrayList<>(chunks.map(c -> product(m, c, v.value())).collect());
        } finally {
            v.destroy();
        }
        if (got.size() != chunkCount) {
            throw new IllegalStateException("A Fisher product returned " + got.size() + " chunks, " + chunkCount + " were cached");
        }
        got.sort(Comparator.comparingInt(Product::chunk));
        NDArray[] out = new NDArray[vs.length];
        DataType type = engine.space().dataType();
        for (int k = 0; k < vs.length; k++) {
            // The core operator's arithmetic: chunk products added in chunk order in the model's precision, then 1/m.
            NDArray acc = engine.space().zeros(vs[k].getManager());
            try (NDManager tmp = engine.vectors().newSubManager()) {
                for (Product p : got) {
                    NDArray t = fromBytes(tmp, p.values()[k], new Shape(dimension()), type).toDevice(acc.getDevice(), false);
                    acc.addi(t);
                }
            }
            out[k] = acc.muli(1.0 / sampleSize);
            if (weightDecay != 0) {
                Vectors.axpy(out[k], weightDecay, vs[k]);
            }
        }
        products += vs.length;
        // One stage entry for the first product (the later ones repeat it; their count is the solves' report).
        if (!recorded) {
            recorded = true;
            facts.add(new ClusterFacts.StageFacts(PRODUCT_STAGE, chunks.getNumPartitions(), sampleSize, (System.nanoTime() - start) / 1e9));
        }
        return out;
    }

    /** Releases the cached gradients (without waiting). */
    @Override
    public void close() {
        chunks.unpersist(false);
    }

    /** On an executor: the per-sample gradients of a partition's rows, in the engine's chunks. */
    private static List<Chunk> gradients(ModelBroadcast model, List<Row> rows, int firstChunk, int chunkSize) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        for (Row r : rows) {
            examples.add(SampleRows.toExample(r));
        }
        return ExecutorModels.withModel(model, m -> {
            List<Chunk> out = new ArrayList<>();
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), chunkSize)) {
                engine.perSampleGradients(RecommenderObjectives.loss(m, examples), GradientEngine.range(examples.size()), null, (start, g) -> {
                    // A contiguous copy, as the core's operator stores it.
                    try (NDArray copy = g.duplicate()) {
                        out.add(new Chunk(firstChunk + start / chunkSize, (int) g.getShape().get(0), bytes(copy)));
                    }
                });
            }
            return out;
        });
    }

    /** On an executor: {@code G_c^T (G_c v_k)} for each vector, as the core's operator computes it per chunk. */
    private static Product product(ModelBroadcast model, Chunk c, double[][] vs) {
        return ExecutorModels.withModel(model, m -> {
            ParameterSpace space = RecommenderObjectives.space(m);
            try (NDManager tmp = m.manager().newSubManager()) {
                NDArray g = fromBytes(tmp, c.values(), new Shape(c.rows(), space.size()), space.dataType()).toDevice(space.device(), false);
                byte[][] out = new byte[vs.length][];
                for (int k = 0; k < vs.length; k++) {
                    NDArray v = space.fromHost(tmp, vs[k]);
                    NDArray gv = g.matMul(v.reshape(-1, 1));
                    NDArray t = g.transpose().matMul(gv).reshape(-1);
                    out[k] = bytes(t);
                }
                return new Product(c.index(), out);
            }
        });
    }

    private static byte[] bytes(NDArray a) {
        ByteBuffer b = a.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static NDArray fromBytes(NDManager manager, byte[] values, Shape shape, DataType type) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length).order(ByteOrder.nativeOrder());
        b.put(values).rewind();
        return manager.create(b, shape, type);
    }

    @Override
    public String toString() {
        return "SparkFisher(m=" + sampleSize + ", p=" + dimension() + ", chunks=" + chunkCount + ")";
    }
}
