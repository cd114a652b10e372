/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interaction log and user table of {@link SparkDebias} as the DataFrames {@link InteractionLogSamples} takes,
 * read by Spark from CSV (a header row; columns found by name, in any order) or Parquet. The log's columns are cast to
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
        Dataset<Row> raw = read(spark, path, format);
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
        Dataset<Row> raw = read(spark, path, format);
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
     * Reads a log or table with text ids as written (CSV: every column as text, fields trimmed as the core's reader
     * trims them; Parquet: as stored), for {@link InteractionLogIds}.
     * @param spark the session.
     * @param path any path Spark reads.
     * @param format its format.
     * @param fileOrder whether the rows' order matters (the log: ids are numbered by first appearance), which needs a
     *                  single input file.
     * @return the rows, in file order when asked.
     * @throws IllegalArgumentException naming the path when it holds several files and the order matters.
     */
    static Dataset<Row> text(SparkSession spark, String path, SparkDebiasOptions.Format format, boolean fileOrder) {
        Dataset<Row> raw = switch (format) {
            case CSV -> spark.read().option("header", "true").option("ignoreLeadingWhiteSpace", "true")
                .option("ignoreTrailingWhiteSpace", "true").option("mode", "FAILFAST").csv(path);
            case PARQUET -> spark.read().parquet(path);
        };
        if (fileOrder && raw.inputFiles().length != 1) {
            throw new IllegalArgumentException(path + " holds " + raw.inputFiles().length + " files; --ids text numbers ids by their first "
                                               + "appearance, which needs the log as one file (or number the ids first and use --ids integer)");
        }
        return raw;
    }

    private static Dataset<Row> read(SparkSession spark, String path, SparkDebiasOptions.Format format) {
        return switch (format) {
            // Every CSV column is read as text (no schema inference pass over the file) and cast by name above.
            case CSV -> spark.read().option("header", "true").csv(path);
            case PARQUET -> spark.read().parquet(path);
        };
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
