/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The interaction log and user table of {@link SparkDebias} as the DataFrames {@link InteractionLogSamples} takes,
 * read by Spark from delimited text (CSV or TSV with a header row in every file, each file's delimiter and encoding by
 * the core's rules, {@link TextFileFormats}; columns found by name, in any order) or Parquet. The log's columns are cast to
 * the integer types of the core's ratings ({@code user}, {@code item}, {@code rating} int, {@code timestamp} long);
 * other columns are left out. The user table keeps every column, its {@code user} column cast to int.
 */
final class InteractionLogFiles {

    private InteractionLogFiles() {}

    /**
     * Reads the interaction log.
     * @param spark the session.
     * @param path any path Spark reads.
     * @param format its format.
     * @return the log with the four columns of {@link InteractionLogSamples}.
     * @throws IllegalArgumentException naming the path when a column is missing.
     */
    static Dataset<Row> interactions(SparkSession spark, String path, SparkDebiasOptions.Format format) {
        Dataset<Row> raw = text(spark, path, format, false);
        requireColumns("--interactions " + path, raw, InteractionLogSamples.USER, InteractionLogSamples.ITEM,
                       InteractionLogSamples.TIMESTAMP, InteractionLogSamples.RATING);
        return raw.select(functions.col(InteractionLogSamples.USER).cast(DataTypes.IntegerType).as(InteractionLogSamples.USER),
                          functions.col(InteractionLogSamples.ITEM).cast(DataTypes.IntegerType).as(InteractionLogSamples.ITEM),
                          functions.col(InteractionLogSamples.TIMESTAMP).cast(DataTypes.LongType).as(InteractionLogSamples.TIMESTAMP),
                          functions.col(InteractionLogSamples.RATING).cast(DataTypes.IntegerType).as(InteractionLogSamples.RATING));
    }

    /**
     * Reads a user table.
     * @param spark the session.
     * @param path any path Spark reads.
     * @param format its format.
     * @return the table, {@code user} as int and the attribute columns as read.
     * @throws IllegalArgumentException naming the path when the user column is missing.
     */
    static Dataset<Row> users(SparkSession spark, String path, SparkDebiasOptions.Format format) {
        Dataset<Row> raw = text(spark, path, format, false);
        requireColumns("--users " + path, raw, InteractionLogSamples.USER);
        List<Column> columns = new ArrayList<>();
        for (String c : raw.columns()) {
            // Quoted: attribute names may hold dots, which an unquoted name reads as a struct field.
            Column column = functions.col("`" + c.replace("`", "``") + "`");
            columns.add(c.equals(InteractionLogSamples.USER) ? column.cast(DataTypes.IntegerType).as(c) : column);
        }
        return raw.select(columns.toArray(new Column[0]));
    }

    /**
     * Reads a log or table with text ids as written: CSV or TSV files by the core's rules for each file (the delimiter
     * and the encoding of {@link TextFileFormats}; double-quoted fields, {@code ""} for a quote; every column as text,
     * fields trimmed as the core's reader trims them; a header row in every file), or Parquet as stored.
     * @param spark the session.
     * @param path any path Spark reads: a file, a folder or a glob.
     * @param format its format.
     * @param fileOrder whether the rows' order matters (the log: ids are numbered by first appearance); then the rows
     *                  carry the columns {@value #FILE}, {@value #BLOCK} and {@value #POSITION} that order them as the
     *                  files are written, the files by name ({@link #fileOrder}).
     * @return the rows.
     * @throws IllegalArgumentException naming the path when it holds no file, or files with different columns.
     */
    static Dataset<Row> text(SparkSession spark, String path, SparkDebiasOptions.Format format, boolean fileOrder) {
        List<String> files = new ArrayList<>(Arrays.asList(spark.read().text(path).inputFiles()));
        if (files.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no file to read");
        }
        files.sort(null);
        List<Dataset<Row>> parts = new ArrayList<>();
        if (format == SparkDebiasOptions.Format.PARQUET) {
            parts.add(ordered(spark.read().parquet(files.toArray(new String[0])), fileOrder));
        } else {
            // Files of the same delimiter and encoding are read together.
            Map<String, List<TextFileFormats.Format>> groups = new TreeMap<>();
            for (TextFileFormats.Format f : TextFileFormats.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), files, path)) {
                groups.computeIfAbsent(f.delimiter() + f.charset(), k -> new ArrayList<>()).add(f);
            }
            for (List<TextFileFormats.Format> group : groups.values()) {
                TextFileFormats.Format f = group.get(0);
                Dataset<Row> read = spark.read().option("header", "true").option("sep", String.valueOf(f.delimiter()))
                    .option("encoding", f.charset()).option("quote", "\"").option("escape", "\"")
                    .option("ignoreLeadingWhiteSpace", "true").option("ignoreTrailingWhiteSpace", "true").option("mode", "FAILFAST")
                    // Every file's header is checked against the first's: columns are found by name, never by position.
                    .option("enforceSchema", "false")
                    .csv(group.stream().map(TextFileFormats.Format::path).toArray(String[]::new));
                parts.add(ordered(withoutByteOrderMark(read), fileOrder));
            }
        }
        Dataset<Row> all = parts.get(0);
        for (Dataset<Row> p : parts.subList(1, parts.size())) {
            if (!Arrays.asList(all.columns()).equals(Arrays.asList(p.columns()))) {
                throw new IllegalArgumentException(path + ": files with different columns: " + Arrays.toString(all.columns()) + " and "
                                                   + Arrays.toString(p.columns()) + " (" + p.inputFiles()[0] + ")");
            }
            all = all.union(p);
        }
        return all;
    }

    /** Column of a text log's row: the file it was read from. */
    static final String FILE = "__fudlr_file";
    /** Column of a text log's row: the byte offset of the file split it was read from. */
    static final String BLOCK = "__fudlr_block";
    /** Column of a text log's row: increasing with the row's position in its split. */
    static final String POSITION = "__fudlr_position";

    /**
     * The order of a text log's rows: files by name (their paths' UTF-8 bytes, as Spark orders strings), then by the
     * split they were read in, then by the row's position in the split; for one file that is the file's order.
     * @return the sort columns.
     */
    static Column[] fileOrder() {
        return new Column[]{functions.col(FILE), functions.col(BLOCK), functions.col(POSITION)};
    }

    private static Dataset<Row> ordered(Dataset<Row> read, boolean fileOrder) {
        if (!fileOrder) {
            return read;
        }
        List<Column> columns = new ArrayList<>();
        for (String c : read.columns()) {
            columns.add(functions.col("`" + c.replace("`", "``") + "`"));
        }
        // Spark's hidden file metadata, and an id that grows with the row within each partition.
        columns.add(functions.col("_metadata.file_path").as(FILE));
        columns.add(functions.col("_metadata.file_block_start").as(BLOCK));
        columns.add(functions.monotonically_increasing_id().as(POSITION));
        return read.select(columns.toArray(new Column[0]));
    }

    /** A header's UTF-8 byte-order mark, if the reader kept it, is not part of the first column's name. */
    private static Dataset<Row> withoutByteOrderMark(Dataset<Row> read) {
        String first = read.columns()[0];
        return first.startsWith("\uFEFF") ? read.withColumnRenamed(first, first.substring(1)) : read;
    }

    private static void requireColumns(String what, Dataset<Row> data, String... required) {
        List<String> columns = Arrays.asList(data.columns());
        for (String c : required) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException(what + " has no column '" + c + "' (columns: " + columns + "; needed: "
                                                   + String.join(", ", required) + ")");
            }
        }
    }
}
