/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.SampleEncoding;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Samples through a DataFrame and back are the same Tribuo examples. */
class SampleRowsTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Fixture.session("local[2]", "SampleRowsTest");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static void assertSameExample(Example<Label> expected, Example<Label> got, String where) {
        assertEquals(expected.getOutput(), got.getOutput(), where);
        List<String> e = new ArrayList<>();
        List<String> g = new ArrayList<>();
        for (Feature f : expected) {
            e.add(f.getName() + "=" + f.getValue());
        }
        for (Feature f : got) {
            g.add(f.getName() + "=" + f.getValue());
        }
        assertEquals(e, g, where);
        assertEquals(expected.getMetadata(), got.getMetadata(), where);
        assertEquals(expected.getWeight(), got.getWeight(), where);
    }

    @Test
    void samplesRoundTripThroughADataFrame() {
        List<Example<Label>> samples = new ArrayList<>(Fixture.train());
        samples.addAll(Fixture.validation());
        List<Row> rows = SampleRows.toDataFrame(spark, samples).orderBy(SampleRows.INDEX).collectAsList();
        assertEquals(samples.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, SampleRows.index(rows.get(i)));
            assertSameExample(samples.get(i), SampleRows.toExample(rows.get(i)), "sample " + i);
        }
        // The synthetic users carry sensitive attributes (age always): they travel in the attributes column.
        assertTrue(SampleEncoding.metadata(samples.get(0), SampleEncoding.AGE) != null);
        assertEquals(SampleEncoding.metadata(samples.get(0), SampleEncoding.AGE),
                     rows.get(0).getJavaMap(rows.get(0).fieldIndex(SampleRows.ATTRIBUTES)).get(SampleEncoding.AGE));
    }

    @Test
    void samplesRoundTripThroughParquet(@TempDir Path dir) {
        String path = dir.resolve("samples.parquet").toString();
        SampleRows.toDataFrame(spark, Fixture.validation()).write().parquet(path);
        List<Row> rows = spark.read().parquet(path).orderBy(SampleRows.INDEX).collectAsList();
        assertEquals(Fixture.validation().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertSameExample(Fixture.validation().get(i), SampleRows.toExample(rows.get(i)), "sample " + i);
        }
    }

    @Test
    void aSampleWithoutOptionalMetadataRoundTrips() {
        Example<Label> bare = SampleEncoding.encode(new int[0], 5, Map.of());
        List<Row> rows = SampleRows.toDataFrame(spark, List.of(bare)).collectAsList();
        assertSameExample(bare, SampleRows.toExample(rows.get(0)), "bare sample");
    }

    @Test
    void examplesOutsideTheSampleEncodingAreRefused() {
        ArrayExample<Label> extra = new ArrayExample<>(new Label("3"));
        extra.add(new Feature("item:1", 1));
        extra.add(new Feature("age", 30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleRows.toRow(0, extra));
        assertTrue(e.getMessage().contains("feature age=30.0"), e.getMessage());

        Example<Label> named = SampleEncoding.encode(new int[]{1}, 2, Map.of());
        ArrayExample<Label> label = new ArrayExample<>(new Label("movie-7"));
        label.add(new Feature("item:1", 1));
        e = assertThrows(IllegalArgumentException.class, () -> SampleRows.toRow(1, label));
        assertTrue(e.getMessage().contains("label 'movie-7'"), e.getMessage());

        named.setWeight(2f);
        e = assertThrows(IllegalArgumentException.class, () -> SampleRows.toRow(2, named));
        assertTrue(e.getMessage().contains("weight 2.0"), e.getMessage());

        ArrayExample<Label> gap = new ArrayExample<>(new Label("3"));
        gap.add(new Feature("item:1", 3));
        e = assertThrows(IllegalArgumentException.class, () -> SampleRows.toRow(3, gap));
        assertTrue(e.getMessage().contains("item:1=3.0"), e.getMessage());
    }
}
