/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.Interaction;
import dev.fudlr.data.InteractionLogDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.UserInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log with text ids, numbered on Spark, gives the samples the core's interaction-log data source gives for the same
 * files, index for index: ids by first appearance (also of rows the rating threshold drops), ISO timestamps, repeats,
 * the user table's text ids, a log without timestamps or ratings.
 */
class InteractionLogIdsTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Fixture.session("local[2]", "InteractionLogIdsTest");
    }

    @AfterAll
    static void stop() {
        Fixture.stop(spark);
    }

    /** The Fixture's log with text ids in a shuffled order, half the timestamps as ISO date-times, and rule cases. */
    static Path textLog(Path dir, String name, boolean timestamps, boolean ratings) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Interaction x : Fixture.splits().ratings().interactions()) {
            String ts = x.timestamp() % 2 == 0 ? Instant.ofEpochSecond(x.timestamp()).toString() : Long.toString(x.timestamp());
            rows.add(row("user-" + x.user(), "m" + x.item(), timestamps ? ts : null, ratings ? Integer.toString(x.rating()) : null));
        }
        Collections.shuffle(rows, new Random(7));
        Interaction first = Fixture.splits().ratings().interactions().get(0);
        // A repeat of a pair, later (dropped), and an item seen only in a row below the threshold (numbered anyway).
        rows.add(5, row("user-" + first.user(), "m" + first.item(), timestamps ? Long.toString(first.timestamp() + 1_000_000) : null,
                        ratings ? "5" : null));
        rows.add(0, row("user-" + first.user(), "only-low", timestamps ? "2024-03-01" : null, ratings ? "1" : null));
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", Stream.of("user", "item", timestamps ? "timestamp" : null, ratings ? "rating" : null)
            .filter(c -> c != null).toList()));
        lines.addAll(rows);
        return Files.write(dir.resolve(name), lines);
    }

    private static String row(String user, String item, String timestamp, String rating) {
        return String.join(",", Stream.of(user, item, timestamp, rating).filter(c -> c != null).toList());
    }

    /** The Fixture's user table with the same text ids, and a user without interactions. */
    static Path userTable(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("user,gender,occupation");
        for (UserInfo u : Fixture.splits().ratings().users().values()) {
            lines.add("user-" + u.id() + "," + (u.gender() == null ? "" : u.gender()) + "," + (u.occupation() == null ? "" : u.occupation()));
        }
        lines.add("user-without-interactions,F,none");
        return Files.write(dir.resolve("users.csv"), lines);
    }

    private static List<Example<Label>> core(Path log, Path users, double minRating, String split) {
        List<Example<Label>> out = new ArrayList<>();
        InteractionLogDataSource.builder(log).users(users).historyLength(5).minRating(minRating).minInteractions(3).split(split).build()
            .forEach(out::add);
        return out;
    }

    private static Dataset<Row> spark(Path log, Path users, double minRating, String split) {
        InteractionLogIds.Numbered numbered = InteractionLogIds.number(spark, InteractionLogFiles.text(spark, log.toString(),
            SparkDebiasOptions.Format.CSV, true), log.toString(), minRating);
        Dataset<Row> table = users == null ? null : InteractionLogIds.users(InteractionLogFiles.text(spark, users.toString(),
            SparkDebiasOptions.Format.CSV, false), numbered.userIds(), users.toString());
        return InteractionLogSamples.samples(spark, numbered.log(), table, new SampleBuilder(5, 0, 3), split);
    }

    @Test
    void textIdsGiveTheCoreDataSourcesSamples() throws IOException {
        Path log = textLog(dir, "log.csv", true, true);
        Path users = userTable(dir);
        List<Example<Label>> expected = core(log, users, 2, SampleSplits.TRAIN);
        assertTrue(expected.size() > 100, "too few samples to compare: " + expected.size());
        InteractionLogSamplesTest.assertSameSamples(expected, spark(log, users, 2, SampleSplits.TRAIN));
        InteractionLogSamplesTest.assertSameSamples(core(log, users, 2, SampleSplits.VALIDATION), spark(log, users, 2, SampleSplits.VALIDATION));
    }

    @Test
    void aLogWithoutTimestampsOrRatingsIsInFileOrder() throws IOException {
        Path log = textLog(dir, "plain.csv", false, false);
        InteractionLogSamplesTest.assertSameSamples(core(log, null, 0, SampleSplits.TRAIN), spark(log, null, 0, SampleSplits.TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spark(log, null, 2, SampleSplits.TRAIN));
        assertTrue(e.getMessage().contains("minRating 2.0 needs a rating column"), e.getMessage());
    }

    @Test
    void badRowsAndSplitLogsAreRefused() throws IOException {
        Path empty = Files.write(dir.resolve("empty-id.csv"), List.of("user,item,timestamp,rating", "a,m1,1,5", " ,m2,2,5"));
        Throwable t = assertThrows(Throwable.class, () -> spark(empty, null, 0, SampleSplits.TRAIN).count());
        // The executor's DataFormatException reaches the driver inside Spark's job failure: matched by its message.
        assertTrue(causes(t).anyMatch(c -> String.valueOf(c.getMessage()).contains("data row 2, column 'user': empty user id")), String.valueOf(t));
        Path badTime = Files.write(dir.resolve("bad-time.csv"), List.of("user,item,timestamp,rating", "a,m1,yesterday,5"));
        t = assertThrows(Throwable.class, () -> spark(badTime, null, 0, SampleSplits.TRAIN).count());
        assertTrue(causes(t).anyMatch(c -> String.valueOf(c.getMessage()).contains("the timestamp is neither an integer")
                                           && String.valueOf(c.getMessage()).contains("'yesterday'")), String.valueOf(t));
        Path folder = Files.createDirectories(dir.resolve("parts"));
        Files.write(folder.resolve("a.csv"), List.of("user,item", "a,m1"));
        Files.write(folder.resolve("b.csv"), List.of("user,item", "b,m2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> InteractionLogFiles.text(spark, folder.toString(), SparkDebiasOptions.Format.CSV, true));
        assertTrue(e.getMessage().contains("holds 2 files"), e.getMessage());
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, x -> x != null, x -> x.getCause() == x ? null : x.getCause());
    }
}
