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

class TopKListsTest {

    @Test
    void selectsWithTiesAndExclusions() {
        ScoreMatrix s = ScoreMatrix.of(new double[][]{{0.1, 0.9, 0.9, 0.5}, {1, 1, 1, 1}, {4, 3, 2, 1}});
        TopKLists lists = TopKLists.fromScores(s, 2, new int[][]{null, {0}, {0, 1, 2}});
        assertArrayEquals(new int[]{1, 2}, lists.list(0));
        assertArrayEquals(new int[]{1, 2}, lists.list(1));
        // Only one rankable item left: a shorter list, not an error.
        assertArrayEquals(new int[]{3}, lists.list(2));
        assertEquals(1, lists.length(2, 2));
        assertArrayEquals(new int[]{1}, lists.list(0, 1));
        assertEquals(2, lists.k());
    }

    @Test
    void kLargerThanCatalogueIsAnError() {
        ScoreMatrix s = ScoreMatrix.of(new double[][]{{1, 2, 3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopKLists.fromScores(s, 4, null));
        assertTrue(e.getMessage().contains("K=4 is larger than the catalogue of 3 items"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopKLists.of(new int[][]{{0}}, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> TopKLists.fromScores(s, 0, null));
    }

    @Test
    void givenListsAreValidated() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopKLists.of(new int[][]{{0, 0}}, 2, 3))
                .getMessage().contains("repeats item 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopKLists.of(new int[][]{{0, 3}}, 2, 3))
                .getMessage().contains("outside the catalogue"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopKLists.of(new int[][]{{0, 1, 2}}, 2, 3))
                .getMessage().contains("more than K=2"));
        assertThrows(IllegalArgumentException.class, () -> TopKLists.fromScores(ScoreMatrix.of(new double[][]{{1, 2}}), 1, new int[][]{{5}}));
        assertThrows(IllegalArgumentException.class, () -> TopKLists.fromScores(ScoreMatrix.of(new double[][]{{1, 2}}), 1, new int[2][]));
        TopKLists ok = TopKLists.of(new int[][]{{2, 0}}, 2, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.checkCutoff(3, "mgu@3")).getMessage().contains("mgu@3"));
    }

    @Test
    void rowSelectionsKeepListsKAndCatalogue() {
        TopKLists lists = TopKLists.of(new int[][]{{0, 1}, {2}, {3, 0}}, 2, 5);
        TopKLists sel = lists.rows(new int[]{2, 2, 1});
        assertEquals(3, sel.numUsers());
        assertEquals(2, sel.k());
        assertEquals(5, sel.numItems());
        assertArrayEquals(new int[]{3, 0}, sel.list(0));
        assertArrayEquals(new int[]{3, 0}, sel.list(1));
        // A short list stays short.
        assertArrayEquals(new int[]{2}, sel.list(2));
        assertEquals(1, sel.length(2, 2));
        // The source is untouched.
        assertArrayEquals(new int[]{0, 1}, lists.list(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lists.rows(new int[0])).getMessage().contains("at least one row"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lists.rows(new int[]{3})).getMessage().contains("entry 0 is 3"));
    }
}
