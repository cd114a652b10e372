/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.TrainingSamples;
import dev.fudlr.debias.TrainingSummary;
import dev.fudlr.model.ItemIndex;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

import static org.apache.spark.sql.functions.col;

/**
 * The training samples of a Spark debias run as FUDLR's driver stages see them ({@link TrainingSamples}): the rows stay
 * in the executors' cache (the {@link SparkRemovalScorePass}'s), and the driver receives only
 * <ul>
 *     <li>the examples it asks for ({@link #examples}, {@link #metadata}): one job per request, a filter of the cached
 *     rows against a broadcast sorted index set, so a bounded subsample costs one scan, not one job per chunk;</li>
 *     <li>one {@link TrainingSummary} ({@link #summary}): the rows partitioned by user and sorted by index within a
 *     partition, so each user's samples meet in one partition in the single-JVM order and the core's
 *     {@link TrainingSummary.Builder} gives their seen items in that order; the partitions' summaries are merged by tree
 *     reduction (counts are added exactly, the users of two partitions are disjoint).</li>
 * </ul>
 * Each request is a stage in the pass's {@link ClusterFacts} ({@value #EXAMPLES_STAGE}, {@value #METADATA_STAGE},
 * {@value #SUMMARY_STAGE}) with the rows it sent, so the provenance shows how much of the training set reached the
 * driver.
 */
public final class SparkTrainingSamples implements TrainingSamples {
    private static final Logger logger = Logger.getLogger(SparkTrainingSamples.class.getName());

    /** Stage name of a request for examples with their features (a subsample the driver's engine evaluates). */
    public static final String EXAMPLES_STAGE = "driver-examples";
    /** Stage name of a request for labels and metadata (the unlearned samples, for the report). */
    public static final String METADATA_STAGE = "driver-metadata";
    /** Stage name of the training summary (popularity, the audit users' seen items, group counts). */
    public static final String SUMMARY_STAGE = "training-summary";

    private final JavaSparkContext context;
    private final Dataset<Row> samples;
    private final int size;
    private final ClusterFacts.Recorder facts;
    private long sent;

    /**
     * The samples of a cached DataFrame.
     * @param spark the session.
     * @param samples the training samples ({@link SampleRows#SCHEMA}, indices 0..n-1 each once), cached by the caller.
     * @param size n.
     * @param facts where the requests are recorded.
     */
    SparkTrainingSamples(SparkSession spark, Dataset<Row> samples, int size, ClusterFacts.Recorder facts) {
        this.context = JavaSparkContext.fromSparkContext(Objects.requireNonNull(spark, "spark").sparkContext());
        this.samples = Objects.requireNonNull(samples, "samples");
        this.size = size;
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<Example<Label>> examples(int[] sortedIndices) {
        return fetch(sortedIndices, true);
    }

    @Override
    public List<Example<Label>> metadata(int[] sortedIndices) {
        return fetch(sortedIndices, false);
    }

    /** @return the training samples (examples or metadata) sent to the driver so far. */
    public synchronized long sent() {
        return sent;
    }

    @Override
    public TrainingSummary summary(ItemIndex items, Collection<String> users, List<String> attributes) {
        Objects.requireNonNull(items, "items");
        List<String> attrs = List.copyOf(attributes);
        long start = System.nanoTime();
        Broadcast<ItemIndex> catalogue = context.broadcast(items);
        Broadcast<HashSet<String>> who = context.broadcast(new HashSet<>(users));
        int partitions = samples.rdd().getNumPartitions();
        try {
            // Each user's rows in one partition, in index order: their seen items come in the single-JVM order.
            TrainingSummary s = samples.repartition(partitions, col(SampleRows.USER))
                .sortWithinPartitions(col(SampleRows.USER), col(SampleRows.INDEX))
                .javaRDD().mapPartitions(rows -> {
                    TrainingSummary.Builder b = TrainingSummary.builder(catalogue.value(), who.value(), attrs);
                    while (rows.hasNext()) {
                        b.add(SampleRows.toExample(rows.next()));
                    }
                    FaultHooks.afterPartition(SUMMARY_STAGE);
                    return List.of(b.build()).iterator();
                }).treeReduce(TrainingSummary::merge);
            if (s.samples() != size) {
                throw new IllegalStateException("The training summary covers " + s.samples() + " samples, " + size + " are cached");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            facts.add(new ClusterFacts.StageFacts(SUMMARY_STAGE, partitions, s.samples(), seconds));
            logger.info(() -> String.format(Locale.ROOT, "Spark %s: %,d samples, %,d audit users in %d partitions, %.2f s", SUMMARY_STAGE,
                                            s.samples(), users.size(), partitions, seconds));
            return s;
        } finally {
            catalogue.destroy();
            who.destroy();
        }
    }

    private List<Example<Label>> fetch(int[] sortedIndices, boolean features) {
        String stage = features ? EXAMPLES_STAGE : METADATA_STAGE;
        for (int j = 0; j < sortedIndices.length; j++) {
            int i = sortedIndices[j];
            if (i < 0 || i >= size || (j > 0 && i <= sortedIndices[j - 1])) {
                throw new IllegalArgumentException("Training sample indices must be distinct, ascending and in [0, " + size + "); found "
                                                   + i + " at position " + j);
            }
        }
        if (sortedIndices.length == 0) {
            return List.of();
        }
        long start = System.nanoTime();
        Broadcast<int[]> wanted = context.broadcast(sortedIndices.clone());
        try {
            Dataset<Row> rows = samples.filter(in(wanted));
            if (!features) {
                rows = rows.drop(SampleRows.HISTORY);
            }
            List<Row> got = rows.collectAsList();
            Example<Label>[] out = newArray(sortedIndices.length);
            for (Row r : got) {
                long i = SampleRows.index(r);
                int pos = Arrays.binarySearch(sortedIndices, (int) i);
                if (pos < 0 || out[pos] != null) {
                    throw new IllegalStateException("The cached training samples hold index " + i + " more than once");
                }
                out[pos] = features ? SampleRows.toExample(r) : SampleRows.toMetadataExample(r);
            }
            for (int j = 0; j < out.length; j++) {
                if (out[j] == null) {
                    throw new IllegalStateException("Training sample " + sortedIndices[j] + " is not among the " + size + " cached samples");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            facts.add(new ClusterFacts.StageFacts(stage, samples.rdd().getNumPartitions(), out.length, seconds));
            synchronized (this) {
                sent += out.length;
            }
            logger.fine(() -> String.format(Locale.ROOT, "Spark %s: %,d of %,d training samples to the driver, %.2f s", stage, out.length,
                                            size, seconds));
            return new ArrayList<>(Arrays.asList(out));
        } finally {
            wanted.destroy();
        }
    }

    /** Rows whose index is in a broadcast sorted set (a static factory: the closure must not capture this object). */
    private static FilterFunction<Row> in(Broadcast<int[]> wanted) {
        return r -> {
            long i = SampleRows.index(r);
            return i <= Integer.MAX_VALUE && Arrays.binarySearch(wanted.value(), (int) i) >= 0;
        };
    }

    @SuppressWarnings("unchecked") // generic array of examples
    private static Example<Label>[] newArray(int n) {
        return (Example<Label>[]) new Example[n];
    }

    @Override
    public String toString() {
        return "SparkTrainingSamples(n=" + size + ", sent to the driver " + sent() + ")";
    }
}
