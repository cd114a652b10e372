/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NumericChecks} on host arrays and NDArrays, and {@link MemoryBudget}'s arithmetic and messages.
 */
class NumericChecksTest {

    @Test
    void hostArraysNameCountsAndFirstIndex() {
        double[] ok = {1, -2, 0, Double.MAX_VALUE};
        assertSame(ok, NumericChecks.requireFinite("s", ok, "fix"));
        FudlrNumericException e = assertThrows(FudlrNumericException.class,
            () -> NumericChecks.requireFinite("stage A", new double[]{1, 2, Double.POSITIVE_INFINITY, Double.NaN, 3, Double.NaN}, "Do X"));
        assertEquals("stage A: 2 NaN and 1 infinite of 6 values (first at index 2: Infinity). Do X", e.getMessage());
        assertEquals("stage A", e.stage());
        assertEquals("Do X", e.fix());
        FudlrNumericException f = assertThrows(FudlrNumericException.class,
            () -> NumericChecks.requireFinite("floats", new float[]{0f, Float.NaN}, ""));
        assertEquals("floats: 1 NaN and 0 infinite of 2 values (first at index 1: NaN)", f.getMessage());
        FudlrNumericException m = assertThrows(FudlrNumericException.class,
            () -> NumericChecks.requireFinite("matrix", new double[][]{{1, 2}, {3, Double.NEGATIVE_INFINITY}}, "fix"));
        assertEquals("matrix (row 1): 0 NaN and 1 infinite of 2 values (first at index 1: -Infinity). fix", m.getMessage());
        assertEquals(2.5, NumericChecks.requireFinite("v", 2.5, "fix"));
        assertThrows(FudlrNumericException.class, () -> NumericChecks.requireFinite("v", Double.NaN, "fix"));
        assertTrue(new FudlrNumericException("s", "p", "f") instanceof ArithmeticException, "an ArithmeticException subtype");
    }

    @Test
    void ndArraysAreCheckedOnTheDevice() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray finite = manager.create(new float[]{1e30f, -1e30f, 3f, 0f});
            assertTrue(NumericChecks.isFinite(finite), "large but finite values (x - x is 0 even where x + x would overflow)");
            assertSame(finite, NumericChecks.requireFinite("a", finite, "fix"));
            NDArray nan = manager.create(new double[]{1, Double.NaN, 2, Double.POSITIVE_INFINITY}).reshape(2, 2);
            assertFalse(NumericChecks.isFinite(nan));
            FudlrNumericException e = assertThrows(FudlrNumericException.class, () -> NumericChecks.requireFinite("grad", nan, "fix"));
            assertEquals("grad: shape (2, 2), 1 NaN and 1 infinite of 4 values (first at index 1: NaN). fix", e.getMessage());
            assertTrue(NumericChecks.isFinite(manager.create(new int[]{1, 2})), "integer arrays are always finite");
            assertEquals(DataType.FLOAT64, nan.getDataType(), "the checked array is untouched");
            assertTrue(Double.isNaN(nan.toDoubleArray()[1]));
        }
    }

    @Test
    void memoryBudgetArithmeticAndMessages() {
        assertEquals(24L, MemoryBudget.denseBytes(1, 2, 3, 4));
        assertEquals(Long.MAX_VALUE, MemoryBudget.denseBytes(4, 3_000_000_000L, 3_000_000_000L, 8), "saturates instead of overflowing");
        assertEquals("37.3 GB", MemoryBudget.human(MemoryBudget.denseBytes(1, 100_000, 100_000, 4)));
        assertEquals("512 B", MemoryBudget.human(512));
        MemoryBudget b = MemoryBudget.ofMegabytes(2);
        assertEquals(2L * 1024 * 1024, b.bytes());
        b.check("op", b.bytes(), "alt");
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> b.check("Big op", b.bytes() + 1, "Use Y"));
        assertEquals("Big op needs 2.0 MB, over the memory budget of 2.0 MB. Use Y, or raise the budget (memoryBudgetMb, or "
                     + "-Dfudlr.memoryBudgetMb=<MB>)", e.getMessage());
        assertEquals(b.bytes() + 1, e.requiredBytes());
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.ofMegabytes(0));
        String old = System.getProperty(MemoryBudget.PROPERTY);
        try {
            System.setProperty(MemoryBudget.PROPERTY, "123");
            assertEquals(MemoryBudget.ofMegabytes(123), MemoryBudget.defaults());
            System.setProperty(MemoryBudget.PROPERTY, "lots");
            assertEquals(MemoryBudget.ofMegabytes(MemoryBudget.DEFAULT_MEGABYTES), MemoryBudget.defaults(), "an invalid value is ignored");
        } finally {
            if (old == null) {
                System.clearProperty(MemoryBudget.PROPERTY);
            } else {
                System.setProperty(MemoryBudget.PROPERTY, old);
            }
        }
    }
}
