/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import dev.fudlr.reliability.NumericChecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LiSSA (Agarwal et al. 2017): the truncated Neumann series
 * {@code x_0 = b, x_j = b + x_{j-1} - (C_j + lambda I) x_{j-1} / scale}, {@code x = x_depth / scale}, averaged over
 * repetitions; C_j is the curvature on a fresh random mini-batch when the backend supports it
 * ({@link Curvatures.LossCurvature#restrict}), else the full operator. Converges when
 * {@code scale > lambda_max(C + lambda I)}. The reported residual is computed with the full operator (one extra
 * product per system).
 * <p>
 * The right-hand sides and, after each repetition, the iterates are checked for NaN and infinite values: a diverging
 * recursion (scale too small) throws a {@link dev.fudlr.reliability.FudlrNumericException} that says to raise the scale.
 */
public final class LissaSolver implements InverseHvpSolver {

    /** Solver name. */
    public static final String NAME = "lissa";

    private final double scale;
    private final int depth;
    private final int repetitions;
    private final int batchSize;
    private final long seed;

    /**
     * Creates a solver.
     * @param scale the scale (larger than the largest eigenvalue of C + lambda I).
     * @param depth recursion depth.
     * @param repetitions independent repetitions averaged.
     * @param batchSize mini-batch per step (0 = full operator).
     * @param seed the seed of mini-batch draws.
     */
    public LissaSolver(double scale, int depth, int repetitions, int batchSize, long seed) {
        if (!(scale > 0) || depth < 1 || repetitions < 1 || batchSize < 0) {
            throw new IllegalArgumentException("LiSSA needs scale > 0, depth >= 1, repetitions >= 1, batchSize >= 0; got "
                                               + scale + ", " + depth + ", " + repetitions + ", " + batchSize);
        }
        this.scale = scale;
        this.depth = depth;
        this.repetitions = repetitions;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SolveResult[] solve(CurvatureOperator curvature, double damping, NDArray... rhs) {
        if (curvature instanceof Curvatures.ExactHessian) {
            // Refuse up front rather than fail (or leak) half-way: LiSSA needs depth x repetitions products per system.
            GradientEngine engine = ((Curvatures.ExactHessian) curvature).engine;
            long needed = ((long) depth * repetitions + 1) * rhs.length;
            if (needed > engine.remainingExactProducts()) {
                throw new IllegalArgumentException("LiSSA needs " + needed + " exact Hessian-vector products (depth " + depth
                    + " x repetitions " + repetitions + " + 1, x " + rhs.length + " systems) but the engine allows "
                    + engine.remainingExactProducts() + " more; use the '" + Curvatures.FINITE_DIFFERENCE
                    + "' backend (no native memory growth) or raise GradientEngine.setExactProductBudget");
            }
        }
        long start = System.nanoTime();
        long products0 = curvature.products();
        Random rng = new Random(seed);
        int k = rhs.length;
        NDArray[] sum = new NDArray[k];
        for (int j = 0; j < k; j++) {
            NumericChecks.requireFinite("LiSSA right-hand side " + j, rhs[j], NumericChecks.FIX_MODEL);
            sum[j] = rhs[j].zerosLike();
        }
        long extra = 0;
        for (int rep = 0; rep < repetitions; rep++) {
            NDArray[] x = new NDArray[k];
            for (int j = 0; j < k; j++) {
                x[j] = rhs[j].duplicate();
            }
            for (int d = 0; d < depth; d++) {
                CurvatureOperator op = curvature;
                if (batchSize > 0 && curvature instanceof Curvatures.LossCurvature) {
                    op = ((Curvatures.LossCurvature) curvature).restrict(rng, batchSize);
                }
                NDArray[] cx = op.apply(x);
                if (op != curvature) {
                    extra += op.products();
                }
                for (int j = 0; j < k; j++) {
                    // x <- b + (1 - lambda/scale) x - C x / scale
                    x[j].muli(1.0 - damping / scale);
                    Vectors.axpy(x[j], -1.0 / scale, cx[j]);
                    x[j].addi(rhs[j]);
                    cx[j].close();
                }
            }
            for (int j = 0; j < k; j++) {
                NumericChecks.requireFinite("LiSSA recursion (system " + j + ", repetition " + rep + ", depth " + depth + ", scale "
                                            + scale + ", damping " + damping + ")", x[j], NumericChecks.FIX_LISSA_SCALE);
                sum[j].addi(x[j]);
                x[j].close();
            }
        }
        SolveResult[] out = new SolveResult[k];
        NDArray[] cs = curvature.apply(sumScaled(sum));
        for (int j = 0; j < k; j++) {
            Vectors.axpy(cs[j], damping, sum[j]);
            NDArray res = rhs[j].sub(cs[j]);
            double rel = Vectors.norm(res) / Math.max(Vectors.norm(rhs[j]), Double.MIN_NORMAL);
            res.close();
            cs[j].close();
            out[j] = new SolveResult(sum[j], NAME, depth * repetitions, rel, true, false, 0, 0, new double[]{rel});
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long used = curvature.products() - products0 + extra;
        for (int j = 0; j < k; j++) {
            double rel = out[j].relativeResidual();
            out[j] = new SolveResult(sum[j], NAME, depth * repetitions, rel, Double.isFinite(rel) && rel < 1, false,
                                     seconds, used / Math.max(1, k), new double[]{rel});
        }
        return out;
    }

    private NDArray[] sumScaled(NDArray[] sum) {
        for (NDArray s : sum) {
            s.muli(1.0 / (scale * repetitions));
        }
        return sum;
    }

    static List<Double> none() {
        return new ArrayList<>();
    }
}
