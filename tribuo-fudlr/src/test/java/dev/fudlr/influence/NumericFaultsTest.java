/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.fudlr.reliability.FudlrNumericException;
import dev.fudlr.reliability.MemoryBudget;
import dev.fudlr.reliability.NumericChecks;
import dev.fudlr.reliability.ResourceLimitException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN and infinite values fed into the gradient engine and the inverse-HVP solvers are reported as
 * {@link FudlrNumericException}s naming the stage and the fix, and dense operations that would exceed the
 * {@link MemoryBudget} are refused before allocating, naming the alternative backend.
 */
class NumericFaultsTest {

    /** A curvature operator C v = c v (optionally NaN), to drive the solvers without a model. */
    private static CurvatureOperator scaled(int dim, double c) {
        return new CurvatureOperator() {
            private long products;

            @Override
            public String name() {
                return "scaled";
            }

            @Override
            public int dimension() {
                return dim;
            }

            @Override
            public NDArray[] apply(NDArray... vs) {
                NDArray[] out = new NDArray[vs.length];
                for (int k = 0; k < vs.length; k++) {
                    out[k] = vs[k].mul(c);
                    products++;
                }
                return out;
            }

            @Override
            public long products() {
                return products;
            }
        };
    }

    @Test
    void nanInputsGiveNamedFaultsInTheGradientEngine() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(20, 5, 4, 3, DataType.FLOAT64, 21);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 8)) {
            SampleLoss loss = pr.loss(0, 20);
            int[] all = GradientEngine.range(20);
            // A healthy problem passes every check.
            engine.gradient(loss, all, 1.0 / 20, null).close();
            pr.x[13][2] = Double.NaN;
            FudlrNumericException losses = assertThrows(FudlrNumericException.class, () -> engine.losses(loss, all, null));
            assertEquals("per-sample losses", losses.stage());
            assertTrue(losses.getMessage().startsWith("per-sample losses: 1 NaN and 0 infinite of 20 values (first at index 13: NaN). "
                                                      + "The model produces non-finite values"), losses.getMessage());
            FudlrNumericException gradient = assertThrows(FudlrNumericException.class, () -> engine.gradient(loss, all, 1.0 / 20, null));
            assertEquals("loss gradient", gradient.stage());
            assertEquals(NumericChecks.FIX_MODEL, gradient.fix());
            FudlrNumericException rows = assertThrows(FudlrNumericException.class,
                () -> engine.perSampleGradients(loss, all, null, (start, r) -> { }));
            assertTrue(rows.getMessage().startsWith("per-sample gradients (samples 8..15): shape (8, 15), "), rows.getMessage());
            NDArray v = pr.space.fromHost(engine.vectors(), new double[pr.space.size()]);
            FudlrNumericException hvp = assertThrows(FudlrNumericException.class,
                () -> engine.hessianVectorProducts(loss, all, 1.0 / 20, new NDArray[]{v}, null));
            assertTrue(hvp.getMessage().startsWith("exact Hessian-vector product 0: shape (15), "), hvp.getMessage());
            FudlrNumericException scores = assertThrows(FudlrNumericException.class, () -> engine.scores(pr.scores(0, 20), null));
            assertTrue(scores.getMessage().startsWith("scores: 3 NaN and 0 infinite of 60 values (first at index 39: NaN)"),
                       scores.getMessage());
            // Only sample 13 is broken: the others still work.
            int[] healthy = Arrays.stream(all).filter(i -> i != 13).toArray();
            engine.gradient(loss, healthy, 1.0 / 19, null).close();
        }
    }

    @Test
    void conjugateGradientReportsNaNInsteadOfNegativeCurvature() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(10, 5, 4, 3, DataType.FLOAT64, 22);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 10)) {
            int p = pr.space.size();
            double[] b = new double[p];
            Arrays.fill(b, 1.0);
            NDArray rhs = pr.space.fromHost(engine.vectors(), b);
            ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-8, 50);
            // Healthy: C = 2 I, so x = b / (2 + 0.5) in one iteration.
            SolveResult ok = cg.solve(scaled(p, 2.0), 0.5, rhs)[0];
            assertTrue(ok.converged());
            assertEquals(1.0 / 2.5, ok.solution().getDouble(0), 1e-12);
            FudlrNumericException nan = assertThrows(FudlrNumericException.class, () -> cg.solve(scaled(p, Double.NaN), 0.5, rhs));
            assertEquals("CG solve (system 0, iteration 1, damping 0.5): the curvature product p.(C + lambda I)p is NaN. "
                         + NumericChecks.FIX_DAMPING, nan.getMessage());
            FudlrNumericException inf = assertThrows(FudlrNumericException.class,
                () -> cg.solve(scaled(p, Double.POSITIVE_INFINITY), 0.5, rhs));
            assertTrue(inf.getMessage().contains("is Infinity"), inf.getMessage());
            b[3] = Double.NaN;
            NDArray bad = pr.space.fromHost(engine.vectors(), b);
            FudlrNumericException badRhs = assertThrows(FudlrNumericException.class, () -> cg.solve(scaled(p, 2.0), 0.5, rhs, bad));
            assertTrue(badRhs.getMessage().startsWith("CG right-hand side 1: shape (" + p + "), 1 NaN and 0 infinite of " + p
                                                      + " values (first at index 3: NaN)"), badRhs.getMessage());
            // Genuine negative curvature is still reported as such (the damping escalation handles it), not thrown.
            SolveResult negative = cg.solve(scaled(p, -1.0), 0.5, rhs)[0];
            assertTrue(negative.negativeCurvature());
        }
    }

    @Test
    void divergingLissaSaysToRaiseTheScale() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(10, 5, 4, 3, DataType.FLOAT64, 23);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 10)) {
            int p = pr.space.size();
            double[] b = new double[p];
            Arrays.fill(b, 1.0);
            NDArray rhs = pr.space.fromHost(engine.vectors(), b);
            // Converges when scale > lambda_max(C + lambda I) = 2.5.
            SolveResult ok = new LissaSolver(5.0, 200, 1, 0, 1).solve(scaled(p, 2.0), 0.5, rhs)[0];
            assertEquals(1.0 / 2.5, ok.solution().getDouble(0), 1e-9);
            // Scale 1e-3 against eigenvalue 1e6: |1 - 1e9| per step overflows double within a few dozen steps.
            FudlrNumericException e = assertThrows(FudlrNumericException.class,
                () -> new LissaSolver(1e-3, 200, 1, 0, 1).solve(scaled(p, 1e6), 0.0, rhs));
            assertTrue(e.getMessage().startsWith("LiSSA recursion (system 0, repetition 0, depth 200, scale 0.001, damping 0.0)"),
                       e.getMessage());
            assertEquals(NumericChecks.FIX_LISSA_SCALE, e.fix());
        }
    }

    @Test
    void denseOperationsOverTheMemoryBudgetAreRefusedNamingTheAlternative() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(40, 5, 4, 3, DataType.FLOAT64, 24);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 16)) {
            SampleLoss loss = pr.loss(0, 40);
            int[] all = GradientEngine.range(40);
            // 40 x 15 float64 gradients = 4.7 KB and 4 x 40 x 40 x 8 = 50 KB of Woodbury matrices fit in 1 MB.
            engine.setMemoryBudget(MemoryBudget.ofMegabytes(1));
            Curvatures.EmpiricalFisher fisher = (Curvatures.EmpiricalFisher) Curvatures.create("fisher", engine, loss, all, 0.01);
            NDArray b = pr.space.fromHost(engine.vectors(), new double[pr.space.size()]);
            fisher.woodburySolve(0.1, b)[0].close();
            fisher.release();
            // A huge Hessian sample: the per-sample gradient storage alone (m x p) would not fit; refused before computing.
            int[] huge = new int[20_000];
            for (int i = 0; i < huge.length; i++) {
                huge[i] = i % 40;
            }
            ResourceLimitException storage = assertThrows(ResourceLimitException.class,
                () -> Curvatures.create("fisher", engine, loss, huge, 0.01));
            assertEquals("Empirical Fisher storage (m x p per-sample gradients, m = 20,000 samples, p = 15 parameters) needs 2.3 MB, "
                         + "over the memory budget of 1.0 MB. Use the matrix-free 'exact' or 'finite-difference' curvature backend "
                         + "with the 'cg' solver, or a smaller Hessian subsample, or raise the budget (memoryBudgetMb, or "
                         + "-Dfudlr.memoryBudgetMb=<MB>)", storage.getMessage());
            assertEquals(20_000L * 15 * 8, storage.requiredBytes());
            // Storage fits with a larger budget, but the Woodbury matrices (4 x m x m) do not: the CG alternative is named.
            engine.setMemoryBudget(MemoryBudget.ofMegabytes(64));
            int[] many = Arrays.copyOf(huge, 2_000);
            Curvatures.EmpiricalFisher big = (Curvatures.EmpiricalFisher) Curvatures.create("fisher", engine, loss, many, 0.01);
            assertEquals(4L * 2000 * 2000 * 8, MemoryBudget.denseBytes(4, 2000, 2000, 8));
            engine.setMemoryBudget(MemoryBudget.ofMegabytes(10));
            ResourceLimitException woodbury = assertThrows(ResourceLimitException.class, () -> big.woodburySolve(0.1, b));
            assertTrue(woodbury.getMessage().startsWith("Woodbury solve (four m x m matrices, m = 2,000 Hessian samples) needs 122.1 MB, "
                                                        + "over the memory budget of 10.0 MB. Use the 'cg' solver"), woodbury.getMessage());
            // The same operator still works with CG (matrix-free products over the stored rows).
            double[] ones = new double[pr.space.size()];
            Arrays.fill(ones, 1.0);
            SolveResult cg = new ConjugateGradientSolver(1e-6, 100).solve(big, 0.1, pr.space.fromHost(engine.vectors(), ones))[0];
            assertTrue(cg.converged());
            big.release();
            ResourceLimitException matrix = assertThrows(ResourceLimitException.class,
                () -> engine.perSampleGradientMatrix(loss, new int[1_000_000], null));
            assertTrue(matrix.getMessage().contains("Stream the rows with perSampleGradients"), matrix.getMessage());
        }
    }
}
