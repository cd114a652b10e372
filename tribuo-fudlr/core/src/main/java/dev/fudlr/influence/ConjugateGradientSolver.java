/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import dev.fudlr.reliability.FudlrNumericException;
import dev.fudlr.reliability.NumericChecks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Conjugate gradient on {@code (C + lambda I) x = b}, several right-hand sides in lock-step so that each iteration
 * asks the curvature backend for all active products at once (sharing forward and first backward passes). Each
 * system stops when its relative residual {@code |r|/|b|} (by the CG recurrence) reaches the tolerance, after
 * {@code maxIterations}, or when it meets a direction of non-positive curvature (recorded: the damping is too small
 * for a non-convex Hessian). Iterates stay on the device; only the scalars CG needs are read back.
 * <p>
 * A NaN or infinite right-hand side, curvature product ({@code p.(C + lambda I)p}) or residual throws a
 * {@link FudlrNumericException} naming the system and iteration: a NaN is not "negative curvature" and no damping
 * escalation can repair it.
 */
public final class ConjugateGradientSolver implements InverseHvpSolver {
    private static final Logger logger = Logger.getLogger(ConjugateGradientSolver.class.getName());

    /** Solver name. */
    public static final String NAME = "cg";

    private final double tolerance;
    private final int maxIterations;

    /**
     * Creates a solver.
     * @param tolerance relative residual tolerance, in (0, 1).
     * @param maxIterations iteration cap, at least 1.
     */
    public ConjugateGradientSolver(double tolerance, int maxIterations) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("CG tolerance must be in (0, 1), got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("CG maxIterations must be >= 1, got " + maxIterations);
        }
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SolveResult[] solve(CurvatureOperator curvature, double damping, NDArray... rhs) {
        if (!(damping >= 0)) {
            throw new IllegalArgumentException("damping must be >= 0, got " + damping);
        }
        long start = System.nanoTime();
        long products0 = curvature.products();
        int k = rhs.length;
        NDArray[] x = new NDArray[k];
        NDArray[] r = new NDArray[k];
        NDArray[] p = new NDArray[k];
        double[] rr = new double[k];
        double[] bNorm = new double[k];
        int[] iterations = new int[k];
        boolean[] active = new boolean[k];
        boolean[] negative = new boolean[k];
        boolean[] converged = new boolean[k];
        List<List<Double>> history = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            NumericChecks.requireFinite("CG right-hand side " + j, rhs[j], NumericChecks.FIX_MODEL);
            x[j] = rhs[j].zerosLike();
            r[j] = rhs[j].duplicate();
            p[j] = rhs[j].duplicate();
            rr[j] = Vectors.dot(r[j], r[j]);
            bNorm[j] = Math.sqrt(rr[j]);
            history.add(new ArrayList<>());
            converged[j] = bNorm[j] == 0;
            active[j] = !converged[j];
        }
        for (int it = 0; it < maxIterations; it++) {
            List<Integer> act = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (active[j]) {
                    act.add(j);
                }
            }
            if (act.isEmpty()) {
                break;
            }
            NDArray[] ps = new NDArray[act.size()];
            for (int a = 0; a < ps.length; a++) {
                ps[a] = p[act.get(a)];
            }
            NDArray[] aps = curvature.apply(ps);
            for (int a = 0; a < ps.length; a++) {
                int j = act.get(a);
                NDArray ap = aps[a];
                if (damping != 0) {
                    Vectors.axpy(ap, damping, p[j]);
                }
                double pap = Vectors.dot(p[j], ap);
                iterations[j]++;
                if (Double.isNaN(pap) || Double.isInfinite(pap)) {
                    ap.close();
                    throw new FudlrNumericException("CG solve (system " + j + ", iteration " + iterations[j] + ", damping " + damping + ")",
                                                    "the curvature product p.(C + lambda I)p is " + pap, NumericChecks.FIX_DAMPING);
                }
                if (!(pap > 0)) {
                    negative[j] = true;
                    active[j] = false;
                    ap.close();
                    logger.warning("CG met non-positive curvature p.(C + " + damping + " I)p = " + pap + " at iteration "
                                   + iterations[j] + " of system " + j + "; increase the damping");
                    continue;
                }
                double alpha = rr[j] / pap;
                Vectors.axpy(x[j], alpha, p[j]);
                Vectors.axpy(r[j], -alpha, ap);
                ap.close();
                double rrNew = Vectors.dot(r[j], r[j]);
                if (!Double.isFinite(rrNew)) {
                    throw new FudlrNumericException("CG solve (system " + j + ", iteration " + iterations[j] + ", damping " + damping + ")",
                                                    "the residual norm is " + Math.sqrt(rrNew), NumericChecks.FIX_DAMPING);
                }
                double rel = Math.sqrt(rrNew) / bNorm[j];
                history.get(j).add(rel);
                if (rel <= tolerance) {
                    converged[j] = true;
                    active[j] = false;
                } else {
                    Vectors.xpby(p[j], rrNew / rr[j], r[j]);
                }
                rr[j] = rrNew;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long used = curvature.products() - products0;
        SolveResult[] out = new SolveResult[k];
        for (int j = 0; j < k; j++) {
            double[] h = history.get(j).stream().mapToDouble(Double::doubleValue).toArray();
            double rel = bNorm[j] == 0 ? 0.0 : Math.sqrt(rr[j]) / bNorm[j];
            if (!converged[j] && !negative[j]) {
                logger.warning("CG did not reach relative residual " + tolerance + " in " + maxIterations
                               + " iterations (system " + j + ", residual " + rel + ", damping " + damping + ")");
            }
            out[j] = new SolveResult(x[j], NAME, iterations[j], rel, converged[j], negative[j], seconds, used / Math.max(1, k), h);
            r[j].close();
            p[j].close();
        }
        return out;
    }

    @Override
    public String toString() {
        return "ConjugateGradientSolver(tolerance=" + tolerance + ", maxIterations=" + maxIterations + ")";
    }

    static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String describe(double[] a) {
        return Arrays.toString(a);
    }
}
