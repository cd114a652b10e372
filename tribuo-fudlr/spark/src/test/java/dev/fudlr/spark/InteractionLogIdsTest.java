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
import java.nio.charset.StandardCharsets;
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
        List<String> lines = lines(timestamps, ratings, ",", false);
        return Files.write(dir.resolve(name), lines);
    }

    /**
     * The lines of {@link #textLog}: a header and the data rows, fields separated by {@code delimiter}; with
     * {@code accents} every third user's and fifth item's id holds a character outside ASCII.
     */
    static List<String> lines(boolean timestamps, boolean ratings, String delimiter, boolean accents) {
        List<String> rows = new ArrayList<>();
        for (Interaction x : Fixture.splits().ratings().interactions()) {
            String ts = x.timestamp() % 2 == 0 ? Instant.ofEpochSecond(x.timestamp()).toString() : Long.toString(x.timestamp());
            String user = (accents && x.user() % 3 == 0 ? "usér-" : "user-") + x.user();
            String item = (accents && x.item() % 5 == 0 ? "mä" : "m") + x.item();
            rows.add(row(delimiter, user, item, timestamps ? ts : null, ratings ? Integer.toString(x.rating()) : null));
        }
        Collections.shuffle(rows, new Random(7));
        Interaction first = Fixture.splits().ratings().interactions().get(0);
        // A repeat of a pair, later (dropped), and an item seen only in a row below the threshold (numbered anyway).
        String firstUser = (accents && first.user() % 3 == 0 ? "usér-" : "user-") + first.user();
        String firstItem = (accents && first.item() % 5 == 0 ? "mä" : "m") + first.item();
        rows.add(5, row(delimiter, firstUser, firstItem, timestamps ? Long.toString(first.timestamp() + 1_000_000) : null,
                        ratings ? "5" : null));
        rows.add(0, row(delimiter, firstUser, "only-low", timestamps ? "2024-03-01" : null, ratings ? "1" : null));
        List<String> lines = new ArrayList<>();
        lines.add(String.join(delimiter, Stream.of("user", "item", timestamps ? "timestamp" : null, ratings ? "rating" : null)
            .filter(c -> c != null).toList()));
        lines.addAll(rows);
        return lines;
    }

    private static String row(String delimiter, String user, String item, String timestamp, String rating) {
        return String.join(delimiter, Stream.of(user, item, timestamp, rating).filter(c -> c != null).toList());
    }

    /** The Fixture's user table with the same text ids, and a user without interactions. */
    static Path userTable(Path dir) throws IOException {
        return Files.write(dir.resolve("users.csv"), userLines(",", false));
    }

    private static List<String> userLines(String delimiter, boolean accents) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(delimiter, "user", "gender", "occupation"));
        for (UserInfo u : Fixture.splits().ratings().users().values()) {
            String occupation = u.occupation() == null ? "" : (accents ? "métier " : "") + u.occupation();
            lines.add(String.join(delimiter, (accents && u.id() % 3 == 0 ? "usér-" : "user-") + u.id(), u.gender() == null ? "" : u.gender(),
                                  occupation));
        }
        lines.add(String.join(delimiter, "user-without-interactions", "F", "none"));
        return lines;
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
        // The row number is the file's own: the second file's bad row is its data row 1.
        Path folder = Files.createDirectories(dir.resolve("parts-bad"));
        Files.write(folder.resolve("a.csv"), List.of("user,item,timestamp", "a,m1,1", "b,m2,2"));
        Files.write(folder.resolve("b.csv"), List.of("user,item,timestamp", "c,m3,later"));
        t = assertThrows(Throwable.class, () -> spark(folder, null, 0, SampleSplits.TRAIN).count());
        assertTrue(causes(t).anyMatch(c -> String.valueOf(c.getMessage()).contains("b.csv")
                                           && String.valueOf(c.getMessage()).contains("data row 1, column 'timestamp'")), String.valueOf(t));
        // Files whose headers differ are refused, not read by position.
        Path mixed = Files.createDirectories(dir.resolve("parts-mixed"));
        Files.write(mixed.resolve("a.csv"), List.of("user,item", "a,m1"));
        Files.write(mixed.resolve("b.csv"), List.of("item,user", "m2,b"));
        assertThrows(Throwable.class, () -> spark(mixed, null, 0, SampleSplits.TRAIN).count());
        Path utf16 = Files.write(dir.resolve("utf16.csv"), "user,item\na,m1\n".getBytes(StandardCharsets.UTF_16));
        t = assertThrows(Throwable.class, () -> spark(utf16, null, 0, SampleSplits.TRAIN).count());
        assertTrue(causes(t).anyMatch(c -> String.valueOf(c.getMessage()).contains("UTF-16")), String.valueOf(t));
    }

    @Test
    void aLogSplitOverIso88591TsvFilesIsTheFileThatConcatenatesThem() throws IOException {
        List<String> lines = lines(true, true, "\t", true);
        List<String> users = userLines("\t", true);
        // The core's data source reads one file; Spark reads three, each with the header, in name order.
        Path whole = Files.write(dir.resolve("whole.tsv"), lines, StandardCharsets.ISO_8859_1);
        Path table = Files.write(dir.resolve("users.tsv"), users, StandardCharsets.ISO_8859_1);
        Path parts = Files.createDirectories(dir.resolve("parts"));
        int rows = lines.size() - 1;
        int[] cuts = {0, rows / 3, rows / 2 + 7, rows};
        for (int p = 0; p < 3; p++) {
            List<String> part = new ArrayList<>();
            part.add(lines.get(0));
            part.addAll(lines.subList(1 + cuts[p], 1 + cuts[p + 1]));
            // Names that sort as the parts' order but not by their lengths: part-10 is the first.
            Files.write(parts.resolve("part-" + (10 + p) + ".tsv"), part, StandardCharsets.ISO_8859_1);
        }
        List<Example<Label>> expected = core(whole, table, 2, SampleSplits.TRAIN);
        // Ids are numbered, so a wrong decoding would show in the attributes only: the accented occupations.
        assertTrue(expected.stream().anyMatch(e -> String.valueOf(e.getMetadata().get("occupation")).startsWith("métier ")),
                   "the core should read the accented attribute values");
        InteractionLogSamplesTest.assertSameSamples(expected, spark(parts, table, 2, SampleSplits.TRAIN));
        InteractionLogSamplesTest.assertSameSamples(core(whole, table, 2, SampleSplits.VALIDATION), spark(parts, table, 2, SampleSplits.VALIDATION));
        // The same log as one UTF-8 file with a byte-order mark.
        byte[] text = String.join("\n", lines(true, true, ",", true)).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        Path utf8 = Files.write(dir.resolve("bom.csv"), bom);
        InteractionLogSamplesTest.assertSameSamples(core(utf8, null, 0, SampleSplits.TRAIN), spark(utf8, null, 0, SampleSplits.TRAIN));
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, x -> x != null, x -> x.getCause() == x ? null : x.getCause());
    }
}
