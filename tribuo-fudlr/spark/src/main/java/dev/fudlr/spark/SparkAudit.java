/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.reliability.NumericChecks;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * FUDLR's audit lists on Spark executors: for every audit row (a user's audit sample), the model's top-K items with the
 * user's seen items excluded, by the core's own rules: {@link RecommenderAudit#inCatalogue} (rows whose target the
 * model cannot rank are left out and counted), {@link RecommenderAudit#build} (seen items = the user's training
 * targets and histories plus the row's own history, the row's target never excluded), the model's
 * {@code scores(List)} and {@link Recommendations#fromScores}.
 * <p>
 * Each audit row is joined with its user's training rows (grouped by {@value SampleRows#USER}), the kept rows are
 * numbered in {@value SampleRows#INDEX} order and moved into contiguous partitions of {@code model.chunkSize() *
 * chunksPerPartition} rows, so every scoring pass sees the same batch as a single-JVM audit of the same rows: the
 * lists are equal to the single-JVM lists (scores are bit-identical under the conditions of {@link SparkGradients};
 * top-K selection is exact with ties broken by item index).
 */
public final class SparkAudit {
    private static final Logger logger = Logger.getLogger(SparkAudit.class.getName());

    /** Stage name in {@link ClusterFacts}. */
    public static final String AUDIT_STAGE = "audit-lists";
    /** Column of the joined training rows of an audit row's user. */
    static final String TRAINING = "training";

    private final ModelBroadcast model;
    private final int chunksPerPartition;
    private final ClusterFacts.Recorder facts;

    /**
     * Creates the audit.
     * @param model the broadcast model.
     * @param chunksPerPartition scoring chunks ({@code model.chunkSize()} rows) per partition, at least 1.
     * @param facts receives one {@link ClusterFacts.StageFacts} per call.
     */
    public SparkAudit(ModelBroadcast model, int chunksPerPartition, ClusterFacts.Recorder facts) {
        this.model = Objects.requireNonNull(model, "model");
        this.facts = Objects.requireNonNull(facts, "facts");
        if (chunksPerPartition < 1) {
            throw new IllegalArgumentException("chunksPerPartition must be >= 1, found " + chunksPerPartition);
        }
        this.chunksPerPartition = chunksPerPartition;
    }

    /** One audit row's list: its position among the kept rows, its index, its top-K items. */
    record Listed(long position, long index, int[] items) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Top-K lists of every audit row.
     * @param audit the audit samples ({@link SampleRows#SCHEMA}; e.g. the validation samples, indices in audit order).
     * @param training the training samples ({@link SampleRows#SCHEMA}): the users' seen items.
     * @param k the cut-off, 1..catalogue size.
     * @return the lists of the rows whose target is in the catalogue, in index order.
     */
    public AuditLists topK(Dataset<Row> audit, Dataset<Row> training, int k) {
        int numItems = model.items().size();
        if (k < 1 || k > numItems) {
            throw new IllegalArgumentException("The audit cut-off K must be 1.." + numItems + " (the model's catalogue), found " + k);
        }
        long start = System.nanoTime();
        Column[] columns = new Column[SampleRows.SCHEMA.fieldNames().length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = functions.col(SampleRows.SCHEMA.fieldNames()[i]);
        }
        Dataset<Row> seen = training.groupBy(functions.col(SampleRows.USER))
            .agg(functions.collect_list(functions.struct(columns)).as(TRAINING));
        Dataset<Row> joined = audit.join(seen, new String[]{SampleRows.USER}, "left");
        ModelBroadcast m = model;
        JavaRDD<Row> kept = joined.javaRDD()
            .filter(r -> m.items().index(Integer.toString(r.getInt(r.fieldIndex(SampleRows.TARGET)))) >= 0)
            .sortBy(SampleRows::index, true, Math.max(1, joined.javaRDD().getNumPartitions()))
            .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long rows = kept.count();
            long skipped = audit.count() - rows;
            if (rows == 0) {
                throw new IllegalArgumentException("No audit row targets an item of the model's catalogue (" + skipped + " given)");
            }
            if (rows > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("The audit returns one list per row: at most " + (Integer.MAX_VALUE - 8) + " rows, found " + rows);
            }
            if (skipped > 0) {
                logger.warning(skipped + " audit rows target items outside the model's catalogue; they are left out of the audit");
            }
            JavaPairRDD<Long, Row> byPosition = kept.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
            ContiguousPartitioner part = new ContiguousPartitioner(rows, (long) model.chunkSize() * chunksPerPartition);
            List<Listed> listed = part.arrange(byPosition).mapPartitionsWithIndex((p, it) -> {
                List<Listed> out = lists(m, part.drain(p, it), part.first(p), k);
                FaultHooks.afterPartition(AUDIT_STAGE);
                return out.iterator();
            }, true).collect();
            long[] indices = new long[(int) rows];
            int[][] lists = new int[(int) rows][];
            for (Listed l : listed) {
                indices[(int) l.position()] = l.index();
                lists[(int) l.position()] = l.items();
            }
            for (int r = 1; r < indices.length; r++) {
                if (indices[r] == indices[r - 1]) {
                    throw new IllegalArgumentException("Audit index " + indices[r] + " occurs more than once; audit indices must be distinct");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            facts.add(new ClusterFacts.StageFacts(AUDIT_STAGE, part.numPartitions(), rows, seconds));
            logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d audit rows in %d partitions, %.2f s", AUDIT_STAGE, rows,
                                            part.numPartitions(), seconds));
            return new AuditLists(indices, lists, k, skipped);
        } finally {
            kept.unpersist(false);
        }
    }

    /** On an executor: the lists of one partition's audit rows (in position order from {@code first}). */
    private static List<Listed> lists(ModelBroadcast model, List<Row> rows, long first, int k) {
        List<Example<Label>> audit = new ArrayList<>(rows.size());
        List<Example<Label>> train = new ArrayList<>();
        Set<String> users = new HashSet<>();
        for (Row r : rows) {
            audit.add(SampleRows.toExample(r));
            int u = r.fieldIndex(SampleRows.USER);
            int t = r.fieldIndex(TRAINING);
            // A user's training rows once, however many of its audit rows share the partition.
            if (!r.isNullAt(t) && !r.isNullAt(u) && users.add(r.getString(u))) {
                for (Row s : r.<Row>getList(t)) {
                    train.add(SampleRows.toExample(s));
                }
            }
        }
        ItemIndex items = model.items();
        AuditData data = RecommenderAudit.build(items, train, audit, List.of());
        float[][] scores = ExecutorModels.withModel(model, m -> m.scores(audit));
        for (int r = 0; r < scores.length; r++) {
            NumericChecks.requireFinite("Spark audit: scores of audit row " + SampleRows.index(rows.get(r)), scores[r], NumericChecks.FIX_MODEL);
        }
        TopKLists lists = Recommendations.fromScores(ScoreMatrix.ofFloats(scores), data, k).lists();
        List<Listed> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out.add(new Listed(first + r, SampleRows.index(rows.get(r)), lists.list(r)));
        }
        return out;
    }
}
