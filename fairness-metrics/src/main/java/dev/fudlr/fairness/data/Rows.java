/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

/**
 * Validation shared by the {@code rows(int[])} selections of the data classes (bootstrap resamples,
 * per-split audits).
 */
final class Rows {

    private Rows() {}

    /**
     * Checks a row selection.
     * @param rows old row indices, one per new row (repeats allowed).
     * @param numRows number of rows of the source.
     * @param what the source, for the message.
     * @throws IllegalArgumentException if rows is null or empty, or an index is outside {@code 0 .. numRows-1}.
     */
    static void check(int[] rows, int numRows, String what) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("A row selection of " + what + " needs at least one row, got "
                    + (rows == null ? "null" : "an empty array"));
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] < 0 || rows[r] >= numRows) {
                throw new IllegalArgumentException("Row selection entry " + r + " is " + rows[r] + ", outside the " + numRows
                        + " users of " + what);
            }
        }
    }
}
