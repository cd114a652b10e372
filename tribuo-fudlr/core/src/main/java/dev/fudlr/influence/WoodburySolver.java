/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;

/**
 * The direct solve of the damped empirical Fisher by the Woodbury identity (an m x m system, m = Hessian sample
 * size); only valid with the {@value Curvatures#FISHER} backend. The residual is checked with one product.
 */
public final class WoodburySolver implements InverseHvpSolver {

    /** Solver name. */
    public static final String NAME = "woodbury";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SolveResult[] solve(CurvatureOperator curvature, double damping, NDArray... rhs) {
        if (!(curvature instanceof Curvatures.EmpiricalFisher)) {
            throw new IllegalArgumentException("The Woodbury solver needs the '" + Curvatures.FISHER + "' curvature backend, got '"
                                               + curvature.name() + "'");
        }
        long start = System.nanoTime();
        long p0 = curvature.products();
        NDArray[] x = ((Curvatures.EmpiricalFisher) curvature).woodburySolve(damping, rhs);
        double seconds = (System.nanoTime() - start) / 1e9;
        NDArray[] cx = curvature.apply(x);
        SolveResult[] out = new SolveResult[rhs.length];
        for (int j = 0; j < rhs.length; j++) {
            Vectors.axpy(cx[j], damping, x[j]);
            NDArray res = rhs[j].sub(cx[j]);
            double rel = Vectors.norm(res) / Math.max(Vectors.norm(rhs[j]), Double.MIN_NORMAL);
            res.close();
            cx[j].close();
            out[j] = new SolveResult(x[j], NAME, 1, rel, true, false, seconds, curvature.products() - p0, new double[]{rel});
        }
        return out;
    }
}
