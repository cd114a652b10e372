/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.util.Arrays;

/**
 * An immutable users x items matrix of recommendation scores (higher = recommended first), the input of
 * exact top-K selection and of every differentiable surrogate.
 * <p>
 * Rows are audit users (or audit examples), columns are catalogue items by index. Scores are stored as
 * doubles, row-major; float scores from an engine are widened exactly, so float ties stay ties. NaN is
 * rejected (a NaN score means a broken model); infinities are allowed ({@code -Infinity} is a common mask).
 */
public final class ScoreMatrix {

    private final int rows;
    private final int cols;
    private final double[] values;

    private ScoreMatrix(double[] values, int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    /**
     * A matrix from rows.
     * @param rows one score row per user; all of the same, non-zero length.
     * @return the matrix (a copy).
     */
    public static ScoreMatrix of(double[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("A score matrix needs at least one user row");
        }
        if (rows[0] == null) {
            throw new IllegalArgumentException("Score row 0 is null");
        }
        int cols = rows[0].length;
        checkShape(rows.length, cols);
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null) {
                throw new IllegalArgumentException("Score row " + r + " is null");
            }
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Score row " + r + " has " + rows[r].length + " items, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return checked(flat, rows.length, cols);
    }

    /**
     * A matrix from row-major flat scores.
     * @param flat score of item {@code i} for user {@code u} at {@code flat[u * cols + i]}.
     * @param rows number of users.
     * @param cols number of items.
     * @return the matrix (a copy).
     */
    public static ScoreMatrix ofFlat(double[] flat, int rows, int cols) {
        checkShape(rows, cols);
        checkLength(flat.length, rows, cols);
        return checked(flat.clone(), rows, cols);
    }

    /**
     * A matrix from row-major flat float scores, as engines return them.
     * @param flat score of item {@code i} for user {@code u} at {@code flat[u * cols + i]}.
     * @param rows number of users.
     * @param cols number of items.
     * @return the matrix (widened copy).
     */
    public static ScoreMatrix ofFloats(float[] flat, int rows, int cols) {
        checkShape(rows, cols);
        checkLength(flat.length, rows, cols);
        double[] values = new double[flat.length];
        for (int i = 0; i < flat.length; i++) {
            values[i] = flat[i];
        }
        return checked(values, rows, cols);
    }

    /**
     * A matrix from float score rows, as recommenders return them (one row per user).
     * @param rows one score row per user; all of the same, non-zero length.
     * @return the matrix (widened copy).
     */
    public static ScoreMatrix ofFloats(float[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("A score matrix needs at least one user row");
        }
        if (rows[0] == null) {
            throw new IllegalArgumentException("Score row 0 is null");
        }
        int cols = rows[0].length;
        checkShape(rows.length, cols);
        double[] values = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != cols) {
                throw new IllegalArgumentException("Score row " + r + (rows[r] == null ? " is null" : " has " + rows[r].length
                                                   + " items, row 0 has " + cols));
            }
            for (int i = 0; i < cols; i++) {
                values[r * cols + i] = rows[r][i];
            }
        }
        return checked(values, rows.length, cols);
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("A score matrix needs at least one user and one item, got " + rows + " x " + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Score matrix " + rows + " x " + cols + " is too large for one array");
        }
    }

    private static void checkLength(int length, int rows, int cols) {
        if (length != rows * cols) {
            throw new IllegalArgumentException("Flat scores have " + length + " entries, expected rows*cols = "
                    + rows + "*" + cols + " = " + (rows * cols));
        }
    }

    private static ScoreMatrix checked(double[] values, int rows, int cols) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("NaN score for user " + (i / cols) + ", item " + (i % cols));
            }
        }
        return new ScoreMatrix(values, rows, cols);
    }

    /**
     * Number of users (rows).
     * @return the number of rows.
     */
    public int rows() {
        return rows;
    }

    /**
     * Number of items (columns).
     * @return the number of columns.
     */
    public int cols() {
        return cols;
    }

    /**
     * One score.
     * @param user the row.
     * @param item the column.
     * @return the score.
     */
    public double get(int user, int item) {
        if (user < 0 || user >= rows || item < 0 || item >= cols) {
            throw new IndexOutOfBoundsException("(" + user + ", " + item + ") is outside the " + rows + " x " + cols + " scores");
        }
        return values[user * cols + item];
    }

    /**
     * A copy of one user's scores.
     * @param user the row.
     * @return the scores of every item.
     */
    public double[] row(int user) {
        if (user < 0 || user >= rows) {
            throw new IndexOutOfBoundsException("User " + user + " is outside the " + rows + " rows");
        }
        return Arrays.copyOfRange(values, user * cols, (user + 1) * cols);
    }

    /**
     * A copy of all scores, row-major.
     * @return the flat scores.
     */
    public double[] toFlatArray() {
        return values.clone();
    }

    /**
     * A matrix with one score changed (for finite-difference checks and what-if analyses).
     * @param user the row.
     * @param item the column.
     * @param value the new score (not NaN).
     * @return a new matrix.
     */
    public ScoreMatrix with(int user, int item, double value) {
        get(user, item);
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("NaN score for user " + user + ", item " + item);
        }
        double[] copy = values.clone();
        copy[user * cols + item] = value;
        return new ScoreMatrix(copy, rows, cols);
    }

    /**
     * Copies one user's scores into a caller's buffer (the allocation-free way to scan every row).
     * @param user the row.
     * @param dst a buffer of length at least {@link #cols()}.
     */
    public void copyRow(int user, double[] dst) {
        if (user < 0 || user >= rows) {
            throw new IndexOutOfBoundsException("User " + user + " is outside the " + rows + " rows");
        }
        System.arraycopy(values, user * cols, dst, 0, cols);
    }

    @Override
    public String toString() {
        return "ScoreMatrix(" + rows + " users x " + cols + " items)";
    }
}
