/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Device vector algebra: in-place updates where possible, scalars read back as doubles (the only host traffic a
 * solver loop needs). Operations here never run inside an autograd graph, so DJL {@link Number} operands are safe.
 */
public final class Vectors {

    private Vectors() {}

    /**
     * Dot product.
     * @param a a vector.
     * @param b a vector of the same length.
     * @return a . b (accumulated by the engine in the vectors' dtype, returned as double).
     */
    public static double dot(NDArray a, NDArray b) {
        try (NDArray d = a.mul(b).sum()) {
            return scalar(d);
        }
    }

    /**
     * Euclidean norm.
     * @param a the vector.
     * @return |a|.
     */
    public static double norm(NDArray a) {
        return Math.sqrt(dot(a, a));
    }

    /**
     * {@code y += alpha x}, in place.
     * @param y updated vector.
     * @param alpha scale.
     * @param x the increment.
     * @return y.
     */
    public static NDArray axpy(NDArray y, double alpha, NDArray x) {
        try (NDArray t = x.mul(alpha)) {
            return y.addi(t);
        }
    }

    /**
     * {@code y = x + beta y}, in place.
     * @param y updated vector.
     * @param beta scale of y.
     * @param x the added vector.
     * @return y.
     */
    public static NDArray xpby(NDArray y, double beta, NDArray x) {
        return y.muli(beta).addi(x);
    }

    /**
     * A 0-d or single-element array as a double.
     * @param a the array.
     * @return its value.
     */
    public static double scalar(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.getDouble();
        }
        try (NDArray d = a.toType(DataType.FLOAT64, false)) {
            return d.getDouble();
        }
    }
}
