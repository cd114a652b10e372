/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import java.util.Arrays;

/**
 * A surrogate's value and its gradient with respect to every score, laid out like the score matrix
 * (row-major, users x items). Excluded items have a zero gradient.
 */
public final class SurrogateResult {

    private final String name;
    private final double value;
    private final double[] gradient;
    private final int rows;
    private final int cols;

    /**
     * A result; the gradient array is owned by the result from now on (not copied: it can hold 10^7 entries).
     * @param name the surrogate's name.
     * @param value the value.
     * @param gradient d value / d score, row-major.
     * @param rows number of users.
     * @param cols number of items.
     */
    public SurrogateResult(String name, double value, double[] gradient, int rows, int cols) {
        if (gradient.length != rows * cols) {
            throw new IllegalArgumentException("Gradient has " + gradient.length + " entries, expected " + rows + "*" + cols);
        }
        if (Double.isNaN(value)) {
            throw new IllegalStateException("Surrogate " + name + " computed NaN");
        }
        this.name = name;
        this.value = value;
        this.gradient = gradient;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * The surrogate's name.
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * The surrogate value.
     * @return the value.
     */
    public double value() {
        return value;
    }

    /**
     * One partial derivative.
     * @param user the row.
     * @param item the column.
     * @return d value / d score(user, item).
     */
    public double gradient(int user, int item) {
        if (user < 0 || user >= rows || item < 0 || item >= cols) {
            throw new IndexOutOfBoundsException("(" + user + ", " + item + ") is outside " + rows + " x " + cols);
        }
        return gradient[user * cols + item];
    }

    /**
     * A copy of the gradient, row-major.
     * @return the gradient.
     */
    public double[] gradientArray() {
        return gradient.clone();
    }

    /**
     * The gradient narrowed to floats, for engines that take float tensors.
     * @return the gradient, row-major.
     */
    public float[] gradientAsFloats() {
        float[] out = new float[gradient.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) gradient[i];
        }
        return out;
    }

    /**
     * The directional derivative along a direction in score space.
     * @param direction row-major, same shape as the scores.
     * @return the gradient's dot product with the direction.
     */
    public double directionalDerivative(double[] direction) {
        if (direction.length != gradient.length) {
            throw new IllegalArgumentException("Direction has " + direction.length + " entries, expected " + gradient.length);
        }
        double s = 0.0;
        for (int i = 0; i < gradient.length; i++) {
            s += gradient[i] * direction[i];
        }
        return s;
    }

    /**
     * Number of users.
     * @return rows.
     */
    public int rows() {
        return rows;
    }

    /**
     * Number of items.
     * @return cols.
     */
    public int cols() {
        return cols;
    }

    @Override
    public String toString() {
        double norm = Math.sqrt(Arrays.stream(gradient).map(g -> g * g).sum());
        return "SurrogateResult(" + name + " = " + value + ", |grad| = " + norm + ")";
    }
}
