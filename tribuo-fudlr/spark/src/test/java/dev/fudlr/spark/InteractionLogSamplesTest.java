/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.Interaction;
import dev.fudlr.data.RatingsData;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.UserInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Samples built on executors from a log DataFrame equal the core's SampleBuilder samples, index for index. */
class InteractionLogSamplesTest {

    private static SparkSession spark;
    private static Dataset<Row> log;
    private static Dataset<Row> users;

    static final StructType LOG = new StructType()
        .add(InteractionLogSamples.USER, DataTypes.IntegerType, false).add(InteractionLogSamples.ITEM, DataTypes.IntegerType, false)
        .add(InteractionLogSamples.TIMESTAMP, DataTypes.LongType, false).add(InteractionLogSamples.RATING, DataTypes.IntegerType, false);
    static final StructType USERS = new StructType()
        .add(InteractionLogSamples.USER, DataTypes.IntegerType, false).add("gender", DataTypes.StringType, true)
        .add("age", DataTypes.IntegerType, true).add("occupation", DataTypes.StringType, true);

    @BeforeAll
    static void start() {
        spark = Fixture.session("local[2]", "InteractionLogSamplesTest");
        RatingsData data = Fixture.splits().ratings();
        List<Row> rows = new ArrayList<>();
        for (Interaction x : data.interactions()) {
            rows.add(RowFactory.create(x.user(), x.item(), x.timestamp(), x.rating()));
        }
        // A user with too few interactions, and no row in the user table: left out, as by SampleBuilder.build.
        rows.add(RowFactory.create(1_000_000, 1, 5L, 4));
        rows.add(RowFactory.create(1_000_000, 2, 6L, 4));
        log = spark.createDataFrame(rows, LOG).repartition(3);
        List<Row> table = new ArrayList<>();
        for (UserInfo u : data.users().values()) {
            table.add(RowFactory.create(u.id(), u.gender(), u.age(), u.occupation()));
        }
        users = spark.createDataFrame(table, USERS);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static void assertSameSamples(List<Example<Label>> expected, Dataset<Row> got) {
        List<Row> rows = got.orderBy(SampleRows.INDEX).collectAsList();
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, SampleRows.index(rows.get(i)));
            SampleRowsTest.assertSameExample(expected.get(i), SampleRows.toExample(rows.get(i)), "sample " + i);
        }
    }

    @Test
    void trainingSamplesEqualTheSampleBuilders() {
        assertSameSamples(Fixture.train(), InteractionLogSamples.samples(spark, log, users, new SampleBuilder(5, 0, 3), SampleSplits.TRAIN));
    }

    @Test
    void validationSamplesEqualTheSampleBuilders() {
        assertSameSamples(Fixture.validation(),
                          InteractionLogSamples.samples(spark, log, users, new SampleBuilder(5, 0, 3), SampleSplits.VALIDATION));
    }

    @Test
    void aCsvLogReadBySparkGivesTheSameSamples(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("user,item,timestamp,rating");
        for (Interaction x : Fixture.splits().ratings().interactions()) {
            lines.add(x.user() + "," + x.item() + "," + x.timestamp() + "," + x.rating());
        }
        Path csv = dir.resolve("log.csv");
        Files.write(csv, lines);
        Dataset<Row> read = spark.read().option("header", "true").schema(LOG).csv(csv.toString());
        assertSameSamples(Fixture.train(), InteractionLogSamples.samples(spark, read, users, new SampleBuilder(5, 0, 3), SampleSplits.TRAIN));
    }

    @Test
    void aMissingColumnOrSplitIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> InteractionLogSamples.samples(spark, log.drop(InteractionLogSamples.RATING), null, new SampleBuilder(), SampleSplits.TRAIN));
        assertTrue(e.getMessage().contains("no column 'rating'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InteractionLogSamples.samples(spark, log, null, new SampleBuilder(), "dev"));
        assertTrue(e.getMessage().contains("Unknown split 'dev'"), e.getMessage());
    }
}
