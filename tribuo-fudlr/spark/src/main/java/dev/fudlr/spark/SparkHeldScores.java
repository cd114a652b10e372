/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.AuditPass;
import dev.fudlr.debias.SurrogateBlocks;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.surrogate.ScoreBlocks;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.reliability.NumericChecks;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The first audit's score rows held on the executors ({@link AuditPass.HeldScores}): each partition of the audit rows
 * (whole scoring chunks, as the re-audits place them) scores its rows once with the model and keeps them cached
 * ({@code MEMORY_AND_DISK}); the calibration's passes and the surrogates' gradients then run where the rows are, and
 * only sums, squared norms, top-K lists and p-vectors come back. Per-partition results are added on the driver in
 * partition order, so a run gives the same numbers whatever the executors' timing.
 */
final class SparkHeldScores implements AuditPass.HeldScores {
    private static final Logger logger = Logger.getLogger(SparkHeldScores.class.getName());

    /** Stage name in {@link ClusterFacts}: scoring and caching the audit rows. */
    static final String HOLD = "held-scores";
    /** Stage name: the surrogates' sums. */
    static final String SUMS = "surrogate-sums";
    /** Stage name: the surrogates' squared gradient norms. */
    static final String NORMS = "surrogate-norms";
    /** Stage name: the top-K lists of the calibration's moved scores. */
    static final String MOVED = "surrogate-moved-lists";
    /** Stage name: a surrogate's gradient with respect to the trainable parameters. */
    static final String GRADIENT = "surrogate-gradient";

    /** One partition's held scores with their audit. */
    record Held(long first, float[][] scores, int[][] lists, double[] losses) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One partition's result of a pass, placed by its first row. */
    record Part<T>(long first, T value) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final JavaSparkContext context;
    private final JavaPairRDD<Long, Row> placed;
    private final ContiguousPartitioner partitioner;
    private final ModelBroadcast model;
    private final Broadcast<AuditData> audit;
    private final Broadcast<double[]> theta;
    private final ClusterFacts.Recorder facts;
    private final int chunkSize;
    private final JavaRDD<Held> held;
    private final AuditPass.Audit first;
    private final int numUsers;
    private final int numItems;

    SparkHeldScores(JavaSparkContext context, JavaPairRDD<Long, Row> placed, ContiguousPartitioner partitioner, ModelBroadcast model,
                    Broadcast<AuditData> audit, double[] parameters, int k, int chunkSize, ClusterFacts.Recorder facts) {
        this.chunkSize = chunkSize;
        this.context = context;
        this.placed = placed;
        this.partitioner = partitioner;
        this.model = model;
        this.audit = audit;
        this.facts = facts;
        this.numUsers = audit.value().numUsers();
        this.numItems = audit.value().numItems();
        this.theta = context.broadcast(parameters.clone());
        long start = System.nanoTime();
        ContiguousPartitioner part = partitioner;
        ModelBroadcast m = model;
        Broadcast<double[]> t = theta;
        Broadcast<AuditData> a = audit;
        this.held = placed.mapPartitionsWithIndex((p, it) -> {
            Held h = hold(m, part.drain(p, it), part.first(p), t.value(), a.value(), k);
            FaultHooks.afterPartition(HOLD);
            return List.of(h).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        // The scores stay in the cache; only the lists and losses come back.
        this.first = SparkReAudits.assemble(held.map(h -> new SparkReAudits.Block(h.first(), h.lists(), h.losses())).collect(), numUsers);
        stage(HOLD, start);
    }

    /** On an executor: a partition's scores with the held parameters, its lists and losses. */
    private static Held hold(ModelBroadcast model, List<Row> rows, long first, double[] theta, AuditData audit, int k) {
        List<Example<Label>> examples = examples(rows);
        AuditData block = block(audit, first, rows.size());
        return ExecutorModels.withModel(model, base -> {
            try (AbstractDjlRecommenderModel candidate = base.copyWithTrainableParameters(theta, base.getProvenance())) {
                float[][] scores = candidate.scores(examples);
                for (int r = 0; r < scores.length; r++) {
                    NumericChecks.requireFinite("Spark held scores: audit row " + (first + r), scores[r], NumericChecks.FIX_MODEL);
                }
                TopKLists top = TopKLists.fromScores(ScoreMatrix.ofFloats(scores), k, block.exclusionsArray());
                int[][] lists = new int[scores.length][];
                for (int r = 0; r < lists.length; r++) {
                    lists[r] = top.list(r);
                }
                return new Held(first, scores, lists, candidate.perSampleLossAsDouble(examples));
            }
        });
    }

    private static AuditData block(AuditData audit, long first, int size) {
        int[] users = new int[size];
        for (int r = 0; r < size; r++) {
            users[r] = (int) first + r;
        }
        return audit.rows(users);
    }

    private static List<Example<Label>> examples(List<Row> rows) {
        List<Example<Label>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(SampleRows.toExample(r));
        }
        return out;
    }

    @Override
    public AuditPass.Audit audit() {
        return first;
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Runs a pass over the held blocks and returns the partitions' results in partition order. */
    private <T extends Serializable> List<T> pass(String stage, List<SeparableSurrogate> surrogates, BlockPass<T> work) {
        long start = System.nanoTime();
        Broadcast<List<SeparableSurrogate>> s = context.broadcast(List.copyOf(surrogates));
        Broadcast<AuditData> a = audit;
        try {
            List<Part<T>> parts = held.map(h -> {
                T value = work.apply(h, block(a.value(), h.first(), h.scores().length), s.value());
                FaultHooks.afterPartition(stage);
                return new Part<>(h.first(), value);
            }).collect();
            List<T> out = new ArrayList<>(parts.size());
            parts.stream().sorted(Comparator.comparingLong(Part::first)).forEach(p -> out.add(p.value()));
            stage(stage, start);
            return out;
        } finally {
            s.destroy();
        }
    }

    /** The work of one block in a pass. */
    @FunctionalInterface
    interface BlockPass<T> extends Serializable {
        T apply(Held held, AuditData block, List<SeparableSurrogate> surrogates);
    }

    @Override
    public double[][] sums(List<SeparableSurrogate> surrogates) {
        List<double[][]> parts = pass(SUMS, surrogates, (h, block, s) -> {
            ScoreMatrix scores = ScoreMatrix.ofFloats(h.scores());
            double[][] out = new double[s.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = s.get(i).forward(scores, block).sums();
            }
            return out;
        });
        double[][] total = new double[surrogates.size()][];
        for (double[][] p : parts) {
            for (int i = 0; i < total.length; i++) {
                if (total[i] == null) {
                    total[i] = p[i];
                } else {
                    SeparableSurrogate.add(total[i], p[i]);
                }
            }
        }
        return total;
    }

    @Override
    public double[] squaredGradientNorms(List<SeparableSurrogate> surrogates, double[][] sums, double[][] adjoints) {
        List<double[]> parts = pass(NORMS, surrogates, (h, block, s) -> {
            ScoreMatrix scores = ScoreMatrix.ofFloats(h.scores());
            double[] out = new double[s.size()];
            for (int i = 0; i < out.length; i++) {
                double[] g = new double[scores.rows() * scores.cols()];
                s.get(i).forward(scores, block).backward(sums[i], adjoints[i], g);
                out[i] = ScoreBlocks.squaredNorm(g);
            }
            return out;
        });
        double[] total = new double[surrogates.size()];
        for (double[] p : parts) {
            SeparableSurrogate.add(total, p);
        }
        return total;
    }

    @Override
    public TopKLists[] movedTopK(List<SeparableSurrogate> surrogates, double[][] sums, double[][] adjoints, double[] steps, int k) {
        List<int[][][]> parts = pass(MOVED, surrogates, (h, block, s) -> {
            ScoreMatrix scores = ScoreMatrix.ofFloats(h.scores());
            int[][][] out = new int[s.size()][][];
            for (int i = 0; i < out.length; i++) {
                TopKLists top = ScoreBlocks.moved(s.get(i).forward(scores, block), scores, block, sums[i], adjoints[i], steps[i], k);
                out[i] = new int[scores.rows()][];
                for (int r = 0; r < out[i].length; r++) {
                    out[i][r] = top.list(r);
                }
            }
            return out;
        });
        TopKLists[] result = new TopKLists[surrogates.size()];
        for (int i = 0; i < result.length; i++) {
            int[][] lists = new int[numUsers][];
            int row = 0;
            for (int[][][] p : parts) {
                for (int[] list : p[i]) {
                    lists[row++] = list;
                }
            }
            result[i] = TopKLists.of(lists, k, numItems);
        }
        return result;
    }

    @Override
    public double[] surrogateGradient(SeparableSurrogate surrogate, double[] sums, double[] adjoint) {
        long start = System.nanoTime();
        Broadcast<SeparableSurrogate> s = context.broadcast(surrogate);
        ContiguousPartitioner part = partitioner;
        ModelBroadcast m = model;
        Broadcast<double[]> t = theta;
        Broadcast<AuditData> a = audit;
        int chunk = chunkSize;
        try {
            List<Part<double[]>> parts = placed.zipPartitions(held, (rows, blocks) -> {
                int p = TaskContext.getPartitionId();
                Held h = blocks.next();
                List<Example<Label>> examples = examples(part.drain(p, rows));
                AuditData block = block(a.value(), h.first(), examples.size());
                double[] g = ExecutorModels.withModel(m, base -> {
                    try (AbstractDjlRecommenderModel candidate = base.copyWithTrainableParameters(t.value(), base.getProvenance())) {
                        return SurrogateBlocks.parameterGradient(candidate, examples, ScoreMatrix.ofFloats(h.scores()), block, s.value(), sums, adjoint, chunk);
                    }
                });
                FaultHooks.afterPartition(GRADIENT);
                return List.of(new Part<>(h.first(), g)).iterator();
            }).collect();
            double[] total = null;
            for (Part<double[]> p : parts.stream().sorted(Comparator.comparingLong(Part::first)).toList()) {
                if (total == null) {
                    total = p.value().clone();
                } else {
                    SeparableSurrogate.add(total, p.value());
                }
            }
            stage(GRADIENT, start);
            return total;
        } finally {
            s.destroy();
        }
    }

    private void stage(String name, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        facts.add(new ClusterFacts.StageFacts(name, partitioner.numPartitions(), numUsers, seconds));
        logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d audit rows in %d partitions, %.2f s", name, numUsers,
                                        partitioner.numPartitions(), seconds));
    }

    @Override
    public void close() {
        held.unpersist(false);
        theta.destroy();
    }
}
