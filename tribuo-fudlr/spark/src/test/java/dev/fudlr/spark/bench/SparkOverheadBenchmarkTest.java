/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark.bench;

import dev.fudlr.spark.Fixture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's arithmetic and options (the Spark runs themselves are the benchmark's, see docs/benchmarks.md). */
class SparkOverheadBenchmarkTest {

    @Test
    void costModelGoesThroughBothPoints() {
        double[] c = SparkOverheadBenchmark.fit(10.0, 6.0);
        assertEquals(2.0, c[0], 1e-12);
        assertEquals(8.0, c[1], 1e-12);
        assertEquals(10.0, c[0] + c[1], 1e-12);
        assertEquals(6.0, c[0] + c[1] / 2, 1e-12);
    }

    @Test
    void directionsAreSeededUnitVectors() {
        double[][] a = SparkOverheadBenchmark.unitDirections(2, 50, 42);
        double[][] b = SparkOverheadBenchmark.unitDirections(2, 50, 42);
        for (int k = 0; k < 2; k++) {
            double norm = 0;
            for (double x : a[k]) {
                norm += x * x;
            }
            assertEquals(1.0, norm, 1e-12);
            assertArrayEquals(a[k], b[k], 0.0);
        }
        assertTrue(a[0][0] != a[1][0]);
    }

    @Test
    void misspeltOptionsAreRefused() {
        assertEquals("true", SparkOverheadBenchmark.parse(new String[]{"--quick", "--seed", "3"}).get("quick"));
        assertThrows(IllegalArgumentException.class, () -> SparkOverheadBenchmark.parse(new String[]{"--sed", "3"}));
        assertThrows(IllegalArgumentException.class, () -> SparkOverheadBenchmark.parse(new String[]{"--seed"}));
        var o = SparkOverheadBenchmark.parse(new String[]{"--synthetic-users", "25000", "--one-pass"});
        assertEquals("25000", o.get("synthetic-users"));
        assertEquals("true", o.get("one-pass"));
        assertThrows(IllegalArgumentException.class, () -> SparkOverheadBenchmark.parse(new String[]{"--one-pass", "1"}),
                     "a flag takes no value: 1 is an unexpected argument");
    }

    @Test
    void aOnePassRunFitsTheCostModelOnTheFirstPassOnly() {
        var passes = java.util.List.of(
            new SparkOverheadBenchmark.Pass("single JVM", "-", 0, 2, SparkOverheadBenchmark.DIR_FIRST, 1000, 1, 10, 1, 0, 0, "TANGENT"),
            new SparkOverheadBenchmark.Pass("1 executor", "m", 1, 2, SparkOverheadBenchmark.DIR_FIRST, 1000, 4, 12, 1.2, 0, 0, "TANGENT"),
            new SparkOverheadBenchmark.Pass("2 executors", "m", 2, 1, SparkOverheadBenchmark.DIR_FIRST, 1000, 4, 8, 0.8, 0, 0, "TANGENT"));
        String table = SparkOverheadBenchmark.table(1000, 10, passes, java.util.List.of());
        // fixed = 2 * 8 - 12 = 4 s, perSample * n = 2 * (12 - 8) = 8 s
        assertTrue(table.contains("| " + SparkOverheadBenchmark.DIR_FIRST + " | 4.00 | 8.00 | 8.0000 |"), table);
        assertFalse(table.contains(SparkOverheadBenchmark.SUM + " |"), table);
    }

    @Test
    void csvFieldsWithCommasAreQuoted() {
        assertEquals("single JVM", SparkOverheadBenchmark.field("single JVM"));
        assertEquals("\"local-cluster[2,1,2176]\"", SparkOverheadBenchmark.field("local-cluster[2,1,2176]"));
    }

    @Test
    void differencesAreMaxAbsoluteAndRelative() {
        assertEquals(0.5, SparkOverheadBenchmark.maxAbsDiff(new double[][]{{1, 2}, {3, 4}}, new double[][]{{1, 2.5}, {3, 4}}), 0.0);
        assertEquals(0.2, Fixture.relativeError(new double[]{1, 4}, new double[]{1, 5}), 1e-12);
        assertEquals(0.5, Fixture.relativeError(new double[]{0.5}, new double[]{0}), 0.0, "a zero reference: the absolute difference");
    }
}
