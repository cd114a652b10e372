/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreMatrixTest {

    @Test
    void rowsFlatAndFloatsAgree() {
        ScoreMatrix a = ScoreMatrix.of(new double[][]{{1, 2, 3}, {4, 5, 6}});
        ScoreMatrix b = ScoreMatrix.ofFlat(new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
        ScoreMatrix c = ScoreMatrix.ofFloats(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(a.toFlatArray(), b.toFlatArray());
        assertArrayEquals(a.toFlatArray(), c.toFlatArray());
        ScoreMatrix d = ScoreMatrix.ofFloats(new float[][]{{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(a.toFlatArray(), d.toFlatArray());
        assertEquals(2, d.rows());
        assertThrows(IllegalArgumentException.class, () -> ScoreMatrix.ofFloats(new float[][]{{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> ScoreMatrix.ofFloats(new float[0][]));
        assertEquals(6.0, a.get(1, 2));
        assertArrayEquals(new double[]{4, 5, 6}, a.row(1));
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
    }

    @Test
    void isImmutable() {
        double[] flat = {1, 2, 3, 4};
        ScoreMatrix m = ScoreMatrix.ofFlat(flat, 2, 2);
        flat[0] = 99;
        m.toFlatArray()[1] = 99;
        m.row(0)[0] = 99;
        assertEquals(1.0, m.get(0, 0));
        assertEquals(2.0, m.get(0, 1));
        ScoreMatrix changed = m.with(0, 0, -1.0);
        assertEquals(-1.0, changed.get(0, 0));
        assertEquals(1.0, m.get(0, 0));
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ScoreMatrix.of(new double[][]{{1, 2}, {3, Double.NaN}}));
        assertTrue(nan.getMessage().contains("NaN score for user 1, item 1"), nan.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class, () -> ScoreMatrix.of(new double[][]{{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("row 1 has 1 items"), ragged.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> ScoreMatrix.ofFlat(new double[5], 2, 3));
        assertTrue(len.getMessage().contains("expected rows*cols"), len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScoreMatrix.ofFlat(new double[0], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> ScoreMatrix.ofFloats(new float[]{Float.NaN}, 1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ScoreMatrix.ofFlat(new double[4], 2, 2).get(2, 0));
        // Infinities are masks, not errors.
        assertEquals(Double.NEGATIVE_INFINITY, ScoreMatrix.of(new double[][]{{Double.NEGATIVE_INFINITY}}).get(0, 0));
    }
}
