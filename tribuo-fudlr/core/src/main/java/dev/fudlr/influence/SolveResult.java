/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;

/**
 * The solution of {@code (C + lambda I) x = b} with its diagnostics.
 */
public final class SolveResult {

    private final NDArray solution;
    private final String solver;
    private final int iterations;
    private final double relativeResidual;
    private final boolean converged;
    private final boolean negativeCurvature;
    private final double seconds;
    private final long products;
    private final double[] residualHistory;

    /**
     * Creates a result.
     * @param solution x (owned by the caller's manager).
     * @param solver solver name.
     * @param iterations iterations used.
     * @param relativeResidual final |b - (C + lambda I) x| / |b| (NaN if not tracked).
     * @param converged whether the tolerance was reached.
     * @param negativeCurvature whether a direction with p.(C + lambda I)p &lt;= 0 was met.
     * @param seconds wall time.
     * @param products curvature products used.
     * @param residualHistory relative residual after each iteration.
     */
    public SolveResult(NDArray solution, String solver, int iterations, double relativeResidual, boolean converged,
                       boolean negativeCurvature, double seconds, long products, double[] residualHistory) {
        this.solution = solution;
        this.solver = solver;
        this.iterations = iterations;
        this.relativeResidual = relativeResidual;
        this.converged = converged;
        this.negativeCurvature = negativeCurvature;
        this.seconds = seconds;
        this.products = products;
        this.residualHistory = residualHistory.clone();
    }

    /** @return the solution vector. */
    public NDArray solution() {
        return solution;
    }

    /** @return the solver name. */
    public String solver() {
        return solver;
    }

    /** @return iterations used. */
    public int iterations() {
        return iterations;
    }

    /** @return the final relative residual. */
    public double relativeResidual() {
        return relativeResidual;
    }

    /** @return whether the tolerance was reached. */
    public boolean converged() {
        return converged;
    }

    /** @return whether non-positive curvature was detected (the damping is too small for this Hessian). */
    public boolean negativeCurvature() {
        return negativeCurvature;
    }

    /** @return wall-clock seconds. */
    public double seconds() {
        return seconds;
    }

    /** @return curvature products used. */
    public long products() {
        return products;
    }

    /** @return relative residual per iteration (a copy). */
    public double[] residualHistory() {
        return residualHistory.clone();
    }

    /**
     * Whether the residual rose in at least {@code fraction} of the iterations (a sign of oscillation).
     * @param fraction e.g. 0.3.
     * @return true if oscillating.
     */
    public boolean oscillating(double fraction) {
        int ups = 0;
        for (int i = 1; i < residualHistory.length; i++) {
            if (residualHistory[i] > residualHistory[i - 1]) {
                ups++;
            }
        }
        return residualHistory.length > 2 && ups >= fraction * (residualHistory.length - 1);
    }

    /**
     * The numerical outcome (no wall time: this text is recorded in provenance, which must not vary between runs of
     * the same inputs; the time is {@link #seconds()}).
     * @return the description.
     */
    @Override
    public String toString() {
        return "SolveResult(" + solver + ", iterations=" + iterations + ", relativeResidual=" + relativeResidual
               + ", converged=" + converged + ", negativeCurvature=" + negativeCurvature
               + ", products=" + products + ", last residuals="
               + Arrays.toString(Arrays.copyOfRange(residualHistory, Math.max(0, residualHistory.length - 3), residualHistory.length)) + ")";
    }
}
