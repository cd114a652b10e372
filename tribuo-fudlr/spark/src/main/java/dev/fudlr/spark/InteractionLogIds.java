/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.DataFormatException;
import dev.fudlr.data.InteractionLogReader;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A log with text ids in the form {@link InteractionLogSamples} takes, by the rules of the core's
 * {@link InteractionLogReader} (the {@code InteractionLogDataSource} a model was trained from), on Spark:
 * <ul>
 *     <li>ids: users and items numbered 1, 2, 3, ... in the order of their first appearance in the log's rows (every
 *     data row counts, also rows that {@code minRating} drops);</li>
 *     <li>timestamps: the reader's rule ({@link InteractionLogReader#parseTimestamp}); without a timestamp column the
 *     data row's number (1 = the first);</li>
 *     <li>ratings: rows rated below {@code minRating} (on the log's own scale, {@link InteractionLogReader#parseRating})
 *     are dropped, kept rows get {@value InteractionLogReader#KEPT_RATING}; without a rating column every row is kept and
 *     a positive {@code minRating} is refused;</li>
 *     <li>repeats: of the kept rows of a (user, item) pair only the earliest is used (smallest timestamp, then first
 *     row).</li>
 * </ul>
 * The rows' order is the files' ({@link InteractionLogFiles#text} with file order: the files by name, each in its own
 * order), which makes a log split over several files the single file that concatenates them in that order (one header);
 * a DataFrame without those columns is taken in the order of its partitions. Empty ids and malformed timestamps or
 * ratings fail the job with a {@link DataFormatException} naming the file, its data row and the column.
 */
public final class InteractionLogIds {

    /** Column of the user table's and the id map's original (text) user id. */
    public static final String ORIGINAL_USER = "original_user";

    private static final String ROW = "row";
    private static final String FIRST = "first";
    private static final StructType PARSED = new StructType()
        .add(ROW, DataTypes.LongType, false)
        .add(InteractionLogSamples.USER, DataTypes.StringType, false)
        .add(InteractionLogSamples.ITEM, DataTypes.StringType, false)
        .add(InteractionLogSamples.TIMESTAMP, DataTypes.LongType, false)
        .add(InteractionLogSamples.RATING, DataTypes.DoubleType, true);

    private InteractionLogIds() {}

    /**
     * The numbered log and the user id map.
     * @param log the log with the numbered columns of {@link InteractionLogSamples} ({@value InteractionLogSamples#USER},
     *            {@value InteractionLogSamples#ITEM}, {@value InteractionLogSamples#TIMESTAMP},
     *            {@value InteractionLogSamples#RATING}).
     * @param userIds {@value #ORIGINAL_USER} (text) to {@value InteractionLogSamples#USER} (int).
     * @param parsed the parsed rows both are computed from, persisted once for the numbering's several jobs.
     */
    public record Numbered(Dataset<Row> log, Dataset<Row> userIds, Dataset<Row> parsed) {
        /** Releases the persisted rows (without waiting); later jobs on {@link #log()} parse the file again. */
        public void release() {
            parsed.unpersist(false);
        }
    }

    /**
     * Numbers a log read with text columns.
     * @param spark the session.
     * @param raw the log: {@value InteractionLogSamples#USER} and {@value InteractionLogSamples#ITEM}, optionally
     *            {@value InteractionLogSamples#TIMESTAMP} and {@value InteractionLogSamples#RATING}, any type (read as
     *            text), in file order.
     * @param source the log's name, for messages.
     * @param minRating the reader's {@code minRating}, on the log's scale (0 keeps every row).
     * @return the numbered log and the user ids.
     * @throws IllegalArgumentException if a required column is missing, or {@code minRating} is positive without a
     *                                  rating column.
     */
    public static Numbered number(SparkSession spark, Dataset<Row> raw, String source, double minRating) {
        List<String> columns = Arrays.asList(raw.columns());
        for (String c : List.of(InteractionLogSamples.USER, InteractionLogSamples.ITEM)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException(source + " has no column '" + c + "' (columns: " + columns + ")");
            }
        }
        if (!Double.isFinite(minRating)) {
            throw new IllegalArgumentException("minRating must be finite, found " + minRating);
        }
        boolean timestamped = columns.contains(InteractionLogSamples.TIMESTAMP);
        boolean rated = columns.contains(InteractionLogSamples.RATING);
        if (!rated && minRating > 0) {
            throw new IllegalArgumentException("minRating " + minRating + " needs a rating column, but " + source + " has none (columns: "
                                               + columns + "); use minRating 0");
        }
        List<Column> selected = new ArrayList<>();
        for (String c : List.of(InteractionLogSamples.USER, InteractionLogSamples.ITEM, InteractionLogSamples.TIMESTAMP, InteractionLogSamples.RATING)) {
            selected.add(columns.contains(c) ? functions.col(c).cast(DataTypes.StringType).as(c) : functions.lit(null).cast(DataTypes.StringType).as(c));
        }
        // Rows of several files (InteractionLogFiles.text) are put in file order first; each file's first row, for
        // messages that name the file and its own data row.
        boolean files = columns.contains(InteractionLogFiles.FILE);
        selected.add(files ? functions.col(InteractionLogFiles.FILE) : functions.lit(source));
        Dataset<Row> inOrder = files ? raw.orderBy(InteractionLogFiles.fileOrder()) : raw;
        HashMap<String, Long> firstRows = files ? firstRows(raw) : new HashMap<>(Map.of(source, 0L));
        JavaRDD<Row> parsed = inOrder.select(selected.toArray(new Column[0])).javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            long row = t._2();
            String file = r.getString(4);
            long local = row - firstRows.get(file);
            String user = id(r.getString(0), file, local, InteractionLogSamples.USER);
            String item = id(r.getString(1), file, local, InteractionLogSamples.ITEM);
            long timestamp = timestamped ? field(r.getString(2), file, local, InteractionLogSamples.TIMESTAMP, true).longValue() : row + 1;
            Double rating = rated ? field(r.getString(3), file, local, InteractionLogSamples.RATING, false).doubleValue() : null;
            return RowFactory.create(row, user, item, timestamp, rating);
        });
        Dataset<Row> rows = spark.createDataFrame(parsed, PARSED).persist();
        Dataset<Row> userIds = dense(spark, rows, InteractionLogSamples.USER).withColumnRenamed(InteractionLogSamples.USER, ORIGINAL_USER)
            .withColumnRenamed("id", InteractionLogSamples.USER);
        Dataset<Row> itemIds = dense(spark, rows, InteractionLogSamples.ITEM).withColumnRenamed("id", "item_id");
        Dataset<Row> kept = rated ? rows.where(functions.col(InteractionLogSamples.RATING).geq(minRating)) : rows;
        // The earliest kept row of each pair: the smallest (timestamp, row).
        Dataset<Row> first = kept.groupBy(InteractionLogSamples.USER, InteractionLogSamples.ITEM)
            .agg(functions.min(functions.struct(functions.col(InteractionLogSamples.TIMESTAMP), functions.col(ROW))).as(FIRST));
        Dataset<Row> log = first.join(userIds, first.col(InteractionLogSamples.USER).equalTo(userIds.col(ORIGINAL_USER)))
            .join(itemIds, InteractionLogSamples.ITEM)
            .select(userIds.col(InteractionLogSamples.USER),
                    functions.col("item_id").as(InteractionLogSamples.ITEM),
                    functions.col(FIRST + "." + InteractionLogSamples.TIMESTAMP).as(InteractionLogSamples.TIMESTAMP),
                    functions.lit(InteractionLogReader.KEPT_RATING).as(InteractionLogSamples.RATING));
        return new Numbered(log, userIds, rows);
    }

    /**
     * A user table with text ids numbered by the log's ids: users without interactions are left out (they are not
     * users of the data); a user listed twice is refused.
     * @param users the table (its {@value InteractionLogSamples#USER} column, any type, read as text).
     * @param ids the log's user ids ({@link Numbered#userIds()}).
     * @param source the table's name, for messages.
     * @return the table with the numbered {@value InteractionLogSamples#USER} column and every attribute column.
     * @throws IllegalArgumentException naming a user listed twice.
     */
    public static Dataset<Row> users(Dataset<Row> users, Dataset<Row> ids, String source) {
        if (!Arrays.asList(users.columns()).contains(InteractionLogSamples.USER)) {
            throw new IllegalArgumentException(source + " has no column '" + InteractionLogSamples.USER + "' (columns: "
                                               + Arrays.toString(users.columns()) + ")");
        }
        Dataset<Row> text = users.withColumn(InteractionLogSamples.USER, functions.col(InteractionLogSamples.USER).cast(DataTypes.StringType));
        List<Row> twice = text.groupBy(InteractionLogSamples.USER).count().where(functions.col("count").gt(1)).limit(1).collectAsList();
        if (!twice.isEmpty()) {
            throw new IllegalArgumentException(source + ": user '" + twice.get(0).getString(0) + "' is listed " + twice.get(0).getLong(1) + " times");
        }
        List<Column> attributes = new ArrayList<>();
        attributes.add(ids.col(InteractionLogSamples.USER));
        for (String c : users.columns()) {
            if (!c.equals(InteractionLogSamples.USER)) {
                // Quoted: attribute names may hold dots, which an unquoted name reads as a struct field.
                attributes.add(text.col("`" + c.replace("`", "``") + "`"));
            }
        }
        return text.join(ids, text.col(InteractionLogSamples.USER).equalTo(ids.col(ORIGINAL_USER))).select(attributes.toArray(new Column[0]));
    }

    /** Dense ids 1, 2, ... of a column's values in the order of their first row. */
    private static Dataset<Row> dense(SparkSession spark, Dataset<Row> rows, String column) {
        JavaRDD<Row> ordered = rows.groupBy(column).agg(functions.min(ROW).as(FIRST)).orderBy(FIRST).javaRDD()
            .zipWithIndex().map(t -> RowFactory.create(t._1().getString(0), (int) (t._2() + 1)));
        StructType schema = new StructType().add(column, DataTypes.StringType, false).add("id", DataTypes.IntegerType, false);
        return spark.createDataFrame(ordered, schema);
    }

    /** The global number of each file's first row: the rows of the files before it, in file order. */
    private static HashMap<String, Long> firstRows(Dataset<Row> raw) {
        List<Row> counts = raw.groupBy(InteractionLogFiles.FILE).count().collectAsList();
        List<Row> sorted = new ArrayList<>(counts);
        // Spark orders strings by their UTF-8 bytes.
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.getString(0).getBytes(StandardCharsets.UTF_8), b.getString(0).getBytes(StandardCharsets.UTF_8)));
        HashMap<String, Long> out = new HashMap<>();
        long first = 0;
        for (Row r : sorted) {
            out.put(r.getString(0), first);
            first += r.getLong(1);
        }
        return out;
    }

    private static String id(String value, String source, long row, String column) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new DataFormatException(source, "data row " + (row + 1) + ", column '" + column + "': empty " + column + " id");
        }
        return v;
    }

    private static Number field(String value, String source, long row, String column, boolean timestamp) {
        String v = value == null ? "" : value.trim();
        try {
            return timestamp ? (Number) InteractionLogReader.parseTimestamp(v) : (Number) InteractionLogReader.parseRating(v);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(source, "data row " + (row + 1) + ", column '" + column + "': " + e.getMessage());
        }
    }
}
