/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.SampleEncoding;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training and audit samples as Spark rows: the {@link SampleEncoding} contract (one Tribuo {@link Example} per
 * history -> next-item sample) as a schema, so an executor rebuilds exactly the examples a single-JVM run uses.
 * <p>
 * Columns ({@link #SCHEMA}):
 * <ul>
 *     <li>{@value #INDEX} (long, not null): the sample's position in the single-JVM sample list, 0..n-1; the order of
 *     every per-sample result;</li>
 *     <li>{@value #USER}, {@value #SAMPLE} (strings): the {@code user} and {@code sample} metadata;</li>
 *     <li>{@value #HISTORY} (array of int, oldest first) and {@value #TARGET} (int): the history features and the label;</li>
 *     <li>{@value #TIMESTAMP} (long) and {@value #SPLIT} (string): the metadata of those names;</li>
 *     <li>{@value #ATTRIBUTES} (map of string to string): every other metadata value (the sensitive attributes).</li>
 * </ul>
 * A row holds only what {@link SampleEncoding#encode} writes: {@link #toRow} refuses an example whose features are not
 * a history in that encoding, whose label is not an item id, or whose weight is not 1, rather than dropping what it
 * cannot carry.
 */
public final class SampleRows {

    /** Most rows per task when a driver-side list becomes a DataFrame ({@link #toDataFrame}). */
    static final int ROWS_PER_SLICE = 65_536;

    /** Column: global sample index (position in the single-JVM list). */
    public static final String INDEX = "index";
    /** Column: user id ({@link SampleEncoding#USER}). */
    public static final String USER = "user";
    /** Column: stable sample id ({@link SampleEncoding#SAMPLE}). */
    public static final String SAMPLE = "sample";
    /** Column: history item ids, oldest first. */
    public static final String HISTORY = "history";
    /** Column: target item id. */
    public static final String TARGET = "target";
    /** Column: time of the target interaction ({@link SampleEncoding#TIMESTAMP}). */
    public static final String TIMESTAMP = "timestamp";
    /** Column: split name ({@link SampleEncoding#SPLIT}). */
    public static final String SPLIT = "split";
    /** Column: the other metadata (sensitive attributes). */
    public static final String ATTRIBUTES = "attributes";

    /** The sample schema. */
    public static final StructType SCHEMA = new StructType(new StructField[]{
        DataTypes.createStructField(INDEX, DataTypes.LongType, false),
        DataTypes.createStructField(USER, DataTypes.StringType, true),
        DataTypes.createStructField(SAMPLE, DataTypes.StringType, true),
        DataTypes.createStructField(HISTORY, DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        DataTypes.createStructField(TARGET, DataTypes.IntegerType, false),
        DataTypes.createStructField(TIMESTAMP, DataTypes.LongType, true),
        DataTypes.createStructField(SPLIT, DataTypes.StringType, true),
        DataTypes.createStructField(ATTRIBUTES, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false)
    });

    private SampleRows() {}

    /**
     * The row of one sample.
     * @param index its position in the sample list.
     * @param example an example built by {@link SampleEncoding#encode}.
     * @return the row, in {@link #SCHEMA} order.
     * @throws IllegalArgumentException if the example is not in the sample encoding.
     */
    public static Row toRow(long index, Example<Label> example) {
        String where = "Sample " + index + " (" + SampleEncoding.metadata(example, SampleEncoding.SAMPLE) + ")";
        if (example.getWeight() != 1.0f) {
            throw new IllegalArgumentException(where + " has weight " + example.getWeight() + "; sample rows carry unweighted samples only");
        }
        int target;
        try {
            target = SampleEncoding.itemId(example.getOutput());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " has label '" + example.getOutput().getLabel() + "', not an item id", e);
        }
        int[] history = SampleEncoding.decodeHistory(example);
        checkHistoryFeatures(where, example, history);
        Map<String, Object> metadata = example.getMetadata();
        Long timestamp = null;
        Object ts = metadata.get(SampleEncoding.TIMESTAMP);
        if (ts != null) {
            try {
                timestamp = Long.parseLong(ts.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + " has timestamp '" + ts + "', not an integer", e);
            }
        }
        Map<String, String> attributes = new TreeMap<>();
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            if (!SampleEncoding.RESERVED_KEYS.contains(e.getKey())) {
                attributes.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
            }
        }
        List<Integer> items = new ArrayList<>(history.length);
        for (int h : history) {
            items.add(h);
        }
        // Scala collections: the external types every row path of Spark accepts (the RDD path casts arrays to a Seq).
        return RowFactory.create(index, string(metadata.get(SampleEncoding.USER)), string(metadata.get(SampleEncoding.SAMPLE)),
                                 CollectionConverters.asScala(items), target, timestamp, string(metadata.get(SampleEncoding.SPLIT)),
                                 CollectionConverters.asScala(attributes));
    }

    /** The example's features must be exactly what {@link SampleEncoding#historyFeatures} makes of its history. */
    private static void checkHistoryFeatures(String where, Example<Label> example, int[] history) {
        Map<String, Double> expected = new LinkedHashMap<>();
        for (Feature f : SampleEncoding.historyFeatures(history)) {
            expected.put(f.getName(), f.getValue());
        }
        int count = 0;
        for (Feature f : example) {
            count++;
            Double v = expected.get(f.getName());
            if (v == null || v != f.getValue()) {
                throw new IllegalArgumentException(where + " has feature " + f.getName() + "=" + f.getValue()
                                                   + ", not a history item in the sample encoding (item:<id> = recency rank 1..n)");
            }
        }
        if (count != expected.size()) {
            throw new IllegalArgumentException(where + " has " + count + " features for a history of " + expected.size() + " items");
        }
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * Rebuilds the example of a row (any row with the {@link #SCHEMA} columns, looked up by name): the same label,
     * features and metadata as the example {@link #toRow} read.
     * @param row the row.
     * @return the example.
     */
    public static Example<Label> toExample(Row row) {
        List<Integer> items = row.getList(row.fieldIndex(HISTORY));
        int[] history = new int[items.size()];
        for (int i = 0; i < history.length; i++) {
            history[i] = items.get(i);
        }
        return SampleEncoding.encode(history, row.getInt(row.fieldIndex(TARGET)), metadata(row));
    }

    /**
     * The label and metadata of a row's example without its history features: what a report reads of a sample (its
     * id, user, attributes, target). The {@value #HISTORY} column may be absent.
     * @param row the row.
     * @return the example without features.
     */
    public static Example<Label> toMetadataExample(Row row) {
        return SampleEncoding.encode(new int[0], row.getInt(row.fieldIndex(TARGET)), metadata(row));
    }

    private static Map<String, String> metadata(Row row) {
        Map<String, String> metadata = new LinkedHashMap<>();
        putIfPresent(metadata, SampleEncoding.USER, row, USER);
        putIfPresent(metadata, SampleEncoding.SAMPLE, row, SAMPLE);
        int ts = row.fieldIndex(TIMESTAMP);
        if (!row.isNullAt(ts)) {
            metadata.put(SampleEncoding.TIMESTAMP, Long.toString(row.getLong(ts)));
        }
        putIfPresent(metadata, SampleEncoding.SPLIT, row, SPLIT);
        Map<String, String> attributes = row.getJavaMap(row.fieldIndex(ATTRIBUTES));
        for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
            if (e.getValue() != null) {
                metadata.put(e.getKey(), e.getValue());
            }
        }
        return metadata;
    }

    private static void putIfPresent(Map<String, String> metadata, String key, Row row, String column) {
        int i = row.fieldIndex(column);
        if (!row.isNullAt(i)) {
            metadata.put(key, row.getString(i));
        }
    }

    /**
     * The global sample index of a row.
     * @param row the row.
     * @return its {@value #INDEX}.
     */
    public static long index(Row row) {
        return row.getLong(row.fieldIndex(INDEX));
    }

    /**
     * A DataFrame of a sample list (through the driver: for tests and moderate lists), indexed by list position.
     * @param spark the session.
     * @param samples the samples, in the single-JVM order.
     * @return the DataFrame with {@link #SCHEMA}.
     */
    public static Dataset<Row> toDataFrame(SparkSession spark, List<? extends Example<Label>> samples) {
        List<Row> rows = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            rows.add(toRow(i, samples.get(i)));
        }
        // A local list becomes one task per slice: slices of at most ROWS_PER_SLICE rows keep each task's serialized
        // size far below spark.rpc.message.maxSize (128 MB; one task of 1M samples is about 158 MB).
        int slices = Math.max(spark.sparkContext().defaultParallelism(), (rows.size() + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, Math.max(1, slices)), SCHEMA);
    }
}
