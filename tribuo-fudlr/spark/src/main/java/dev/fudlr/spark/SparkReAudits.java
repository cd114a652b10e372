/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.AuditPass;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.reliability.NumericChecks;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * FUDLR's audits on Spark executors ({@link AuditPass}): the audit rows are moved into
 * contiguous partitions of whole scoring chunks ({@code model.chunkSize() x chunksPerPartition} rows) once, with their
 * exclusions; each re-audit broadcasts the candidate's trainable parameters, and every partition scores its rows with
 * the broadcast model copied with those parameters, takes each row's top-K ({@link TopKLists#fromScores}) and its
 * validation loss. Scores and losses come from the same batches as in the debiasing JVM, so the lists and losses are
 * equal to its own (under the conditions of {@link SparkGradients}). The first audit holds the original model's scores
 * in the same partitions ({@link SparkHeldScores}), with the audit data broadcast once for the surrogates' blocks.
 */
public final class SparkReAudits implements AuditPass {
    private static final Logger logger = Logger.getLogger(SparkReAudits.class.getName());

    /** Stage name in {@link ClusterFacts} of one re-audit. */
    public static final String STAGE = "re-audit";

    private final SparkSession spark;
    private final ModelBroadcast model;
    private final int chunksPerPartition;
    private final ClusterFacts.Recorder facts;
    private final int holdChunkSize;

    /**
     * Creates the pass.
     * @param spark the session.
     * @param model the broadcast model (the candidates are copies of it).
     * @param chunksPerPartition scoring chunks per partition, at least 1.
     * @param facts receives one stage per re-audit.
     * @param holdChunkSize 0: {@link Bound#hold} is empty (the first audit runs on the driver); else it holds the first
     *                      audit's scores on the executors and takes the surrogates' gradients in chunks of this many
     *                      rows (FUDLR's {@code chunkSize}).
     */
    public SparkReAudits(SparkSession spark, ModelBroadcast model, int chunksPerPartition, ClusterFacts.Recorder facts, int holdChunkSize) {
        if (holdChunkSize < 0) {
            throw new IllegalArgumentException("holdChunkSize must be >= 0, found " + holdChunkSize);
        }
        this.holdChunkSize = holdChunkSize;
        this.spark = Objects.requireNonNull(spark, "spark");
        this.model = Objects.requireNonNull(model, "model");
        this.facts = Objects.requireNonNull(facts, "facts");
        if (chunksPerPartition < 1) {
            throw new IllegalArgumentException("chunksPerPartition must be >= 1, found " + chunksPerPartition);
        }
        this.chunksPerPartition = chunksPerPartition;
    }

    /** One partition's re-audit: lists and losses of its rows from position {@code first}. */
    record Block(long first, int[][] lists, double[] losses) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Bound bind(List<Example<Label>> rows, AuditData auditData) {
        if (rows.isEmpty() || rows.size() != auditData.numUsers()) {
            throw new IllegalArgumentException("A re-audit needs audit rows and the audit data of each; found " + rows.size() + " rows and "
                                               + auditData.numUsers() + " audit users");
        }
        int[][] exclusions = auditData.exclusionsArray();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<int[][]> excluded = context.broadcast(exclusions);
        // Users x (history + attributes): what the held scores' surrogate blocks read besides the scores.
        Broadcast<AuditData> audited = context.broadcast(auditData);
        ContiguousPartitioner part = new ContiguousPartitioner(rows.size(), (long) model.chunkSize() * chunksPerPartition);
        JavaPairRDD<Long, Row> placed = part.arrange(SampleRows.toDataFrame(spark, rows).javaRDD()
            .mapToPair(r -> new Tuple2<>(SampleRows.index(r), r))).persist(StorageLevel.MEMORY_AND_DISK());
        int n = rows.size();
        return new Bound() {
            @Override
            public Audit audit(double[] parameters, int k) {
                if (parameters.length != model.parameters()) {
                    throw new IllegalArgumentException("The candidate has " + parameters.length + " parameters, the model " + model.parameters());
                }
                long start = System.nanoTime();
                Broadcast<double[]> theta = context.broadcast(parameters.clone());
                ModelBroadcast m = model;
                try {
                    List<Block> blocks = placed.mapPartitionsWithIndex((p, it) -> {
                        Block b = block(m, part.drain(p, it), part.first(p), theta.value(), excluded.value(), k);
                        FaultHooks.afterPartition(STAGE);
                        return List.of(b).iterator();
                    }, true).collect();
                    Audit result = assemble(blocks, n);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    facts.add(new ClusterFacts.StageFacts(STAGE, part.numPartitions(), n, seconds));
                    logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d audit rows in %d partitions, %.2f s", STAGE, n,
                                                    part.numPartitions(), seconds));
                    return result;
                } finally {
                    theta.destroy();
                }
            }

            @Override
            public Optional<HeldScores> hold(double[] parameters, int k) {
                if (holdChunkSize == 0) {
                    return Optional.empty();
                }
                if (parameters.length != model.parameters()) {
                    throw new IllegalArgumentException("The model to hold has " + parameters.length + " parameters, the broadcast one " + model.parameters());
                }
                return Optional.of(new SparkHeldScores(context, placed, part, model, audited, parameters, k, holdChunkSize, facts));
            }

            @Override
            public void close() {
                placed.unpersist(false);
                excluded.destroy();
                audited.destroy();
            }
        };
    }

    /**
     * The audit of all rows from the partitions' blocks.
     * @param blocks one per partition, each placed by its first row.
     * @param n the number of rows.
     * @return the lists and losses in row order.
     */
    static Audit assemble(List<Block> blocks, int n) {
        int[][] lists = new int[n][];
        double[] losses = new double[n];
        for (Block b : blocks) {
            for (int r = 0; r < b.lists().length; r++) {
                lists[(int) b.first() + r] = b.lists()[r];
                losses[(int) b.first() + r] = b.losses()[r];
            }
        }
        return new Audit(lists, losses);
    }

    /** On an executor: one partition's lists and losses with the candidate's parameters. */
    private static Block block(ModelBroadcast model, List<Row> rows, long first, double[] theta, int[][] exclusions, int k) {
        List<Example<Label>> audit = new ArrayList<>(rows.size());
        for (Row r : rows) {
            audit.add(SampleRows.toExample(r));
        }
        int[][] excluded = new int[rows.size()][];
        for (int r = 0; r < excluded.length; r++) {
            excluded[r] = exclusions[(int) first + r];
        }
        return ExecutorModels.withModel(model, base -> {
            AbstractDjlRecommenderModel candidate = base.copyWithTrainableParameters(theta, base.getProvenance());
            try {
                float[][] scores = candidate.scores(audit);
                for (int r = 0; r < scores.length; r++) {
                    NumericChecks.requireFinite("Spark re-audit: scores of audit row " + (first + r), scores[r], NumericChecks.FIX_MODEL);
                }
                int[][] lists = new int[scores.length][];
                TopKLists top = TopKLists.fromScores(ScoreMatrix.ofFloats(scores), k, excluded);
                for (int r = 0; r < lists.length; r++) {
                    lists[r] = top.list(r);
                }
                return new Block(first, lists, candidate.perSampleLossAsDouble(audit));
            } finally {
                candidate.close();
            }
        });
    }
}
