/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemCoverageTest {

    @Test
    void handComputed() {
        assertEquals(5.0 / 6, new ItemCoverage(2).value(TestData.small()), 1e-12);
        assertEquals(2.0 / 6, new ItemCoverage(1).value(TestData.small()), 1e-12);
        assertFalse(new ItemCoverage(2).hasSurrogate());
        assertThrows(UnsupportedOperationException.class, () -> new ItemCoverage(2).surrogate(SurrogateSettings.DEFAULT));
    }
}
