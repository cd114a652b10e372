/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;

/**
 * A symmetric curvature matrix C (the Hessian of the training risk or an approximation of it), available through
 * matrix-vector products; solvers add the damping {@code lambda I} themselves. Several vectors are multiplied
 * together so that backends can share forward and backward passes.
 */
public interface CurvatureOperator {

    /** @return the backend name (as accepted by {@link Curvatures#create}). */
    String name();

    /** @return the dimension. */
    int dimension();

    /**
     * Products {@code C v} for each vector (new vectors; the inputs are untouched).
     * @param vs the vectors.
     * @return the products.
     */
    NDArray[] apply(NDArray... vs);

    /** @return matrix-vector products computed so far (one per vector). */
    long products();
}
