/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.Interaction;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.UserInfo;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples built on executors from an interaction log DataFrame, by the core's {@link SampleBuilder} rules applied per
 * user ({@link SampleBuilder#userSamples}): the same examples, in the same order and with the same indices, as
 * {@link SampleBuilder#build} over the same interactions (users by id, then position).
 * <p>
 * Input: the log in the form the core's {@link dev.fudlr.data.RatingsData} holds it, one row per interaction with
 * integer columns {@value #USER} (positive), {@value #ITEM}, {@value #TIMESTAMP} and {@value #RATING} (1..5): the ids
 * of a MovieLens file, or those {@link dev.fudlr.data.InteractionLogReader} assigns (its id numbering by first
 * appearance and its repeat and rating rules run on one machine and are not repeated here). An optional user table
 * has the {@value #USER} column and one column per sensitive attribute (any type, kept as text; null or empty is
 * unknown).
 */
public final class InteractionLogSamples {

    /** Log column: user id. */
    public static final String USER = "user";
    /** Log column: item id. */
    public static final String ITEM = "item";
    /** Log column: time of the interaction. */
    public static final String TIMESTAMP = "timestamp";
    /** Log column: rating 1..5. */
    public static final String RATING = "rating";
    /** Largest number of samples of one user in one split that the ordering key holds. */
    static final int MAX_SAMPLES_PER_USER = 1 << 24;

    private static final String INTERACTIONS = "interactions";

    private InteractionLogSamples() {}

    /**
     * The samples of one split.
     * @param spark the session.
     * @param log the interactions.
     * @param users null, or the user table.
     * @param builder the sample rules (history length, rating threshold, minimum interactions).
     * @param split {@code train}, {@code validation} or {@code test}.
     * @return the samples ({@link SampleRows#SCHEMA}), indexed 0..n-1 in {@link SampleBuilder#build}'s order.
     */
    public static Dataset<Row> samples(SparkSession spark, Dataset<Row> log, Dataset<Row> users, SampleBuilder builder, String split) {
        if (!SampleSplits.SPLITS.contains(split)) {
            throw new IllegalArgumentException("Unknown split '" + split + "'; one of " + SampleSplits.SPLITS);
        }
        List<String> columns = Arrays.asList(log.columns());
        for (String c : List.of(USER, ITEM, TIMESTAMP, RATING)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("The interaction log has no column '" + c + "' (columns: " + columns + ")");
            }
        }
        Dataset<Row> grouped = log.groupBy(functions.col(USER))
            .agg(functions.collect_list(functions.struct(functions.col(ITEM), functions.col(TIMESTAMP), functions.col(RATING))).as(INTERACTIONS));
        List<String> attributes = new ArrayList<>();
        if (users != null) {
            if (!Arrays.asList(users.columns()).contains(USER)) {
                throw new IllegalArgumentException("The user table has no column '" + USER + "' (columns: " + Arrays.toString(users.columns()) + ")");
            }
            for (String c : users.columns()) {
                if (!c.equals(USER)) {
                    attributes.add(c);
                }
            }
            grouped = grouped.join(users, new String[]{USER}, "left");
        }
        int historyLength = builder.historyLength();
        int minRating = builder.minRating();
        int minInteractions = builder.minInteractions();
        JavaRDD<Row> rows = grouped.javaRDD().flatMapToPair(row -> {
            SampleBuilder rules = new SampleBuilder(historyLength, minRating, minInteractions);
            SampleBuilder.UserSamples s = rules.userSamples(userInfo(row, attributes), interactions(row));
            if (s == null) {
                return Collections.emptyIterator();
            }
            List<Example<Label>> chosen = switch (split) {
                case SampleSplits.TRAIN -> s.train();
                case SampleSplits.VALIDATION -> List.of(s.validation());
                default -> List.of(s.test());
            };
            if (chosen.size() >= MAX_SAMPLES_PER_USER) {
                throw new IllegalArgumentException("User " + id(row) + " has " + chosen.size() + " " + split + " samples; at most "
                                                   + (MAX_SAMPLES_PER_USER - 1) + " are supported");
            }
            // Key: user id, then the sample's order within the user, as SampleBuilder.build lists them.
            long base = (long) id(row) * MAX_SAMPLES_PER_USER;
            List<Tuple2<Long, Example<Label>>> out = new ArrayList<>(chosen.size());
            for (int i = 0; i < chosen.size(); i++) {
                out.add(new Tuple2<>(base + i, chosen.get(i)));
            }
            return out.iterator();
        }).sortByKey().values().zipWithIndex().map(t -> SampleRows.toRow(t._2(), t._1()));
        return spark.createDataFrame(rows, SampleRows.SCHEMA);
    }

    private static int id(Row row) {
        Object v = row.get(row.fieldIndex(USER));
        if (!(v instanceof Number number) || number.longValue() != number.intValue()) {
            throw new IllegalArgumentException("User id " + v + " is not an integer id (the interaction log's ids must be numbered)");
        }
        return number.intValue();
    }

    private static UserInfo userInfo(Row row, List<String> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String a : attributes) {
            Object v = row.get(row.fieldIndex(a));
            if (v != null && !v.toString().isEmpty()) {
                values.put(a, v.toString());
            }
        }
        return new UserInfo(id(row), null, null, null, null, values);
    }

    private static List<Interaction> interactions(Row row) {
        int user = id(row);
        List<Row> xs = row.getList(row.fieldIndex(INTERACTIONS));
        List<Interaction> out = new ArrayList<>(xs.size());
        for (Row x : xs) {
            out.add(new Interaction(user, number(x, ITEM, user).intValue(), number(x, RATING, user).intValue(), number(x, TIMESTAMP, user).longValue()));
        }
        return out;
    }

    private static Number number(Row x, String column, int user) {
        Object v = x.get(x.fieldIndex(column));
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("Interaction of user " + user + ": " + column + " is " + v + ", not a number");
        }
        return n;
    }
}
