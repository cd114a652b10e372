/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;

/**
 * Solves {@code (C + lambda I) x = b} for one or several right-hand sides together.
 */
public interface InverseHvpSolver {

    /** @return the solver name. */
    String name();

    /**
     * Solves for every right-hand side.
     * @param curvature the operator C.
     * @param damping lambda, &gt;= 0.
     * @param rhs the right-hand sides (untouched).
     * @return one result per right-hand side, solutions owned by the right-hand sides' manager.
     */
    SolveResult[] solve(CurvatureOperator curvature, double damping, NDArray... rhs);
}
