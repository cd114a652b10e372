/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every curvature backend's C v and every solver's (C + lambda I)^-1 b against dense answers on a softmax head,
 * whose Hessian is known analytically. Tolerances (relative, 2-norm): float64 exact 1e-10, finite differences 1e-6,
 * Fisher 1e-10, solvers 1e-8 (CG to 1e-12); float32 exact 1e-4, finite differences 1e-2, CG 1e-3.
 */
class CurvatureBackendsTest {

    static final double WD = 1e-2;

    static double relErr(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    static double[] randomVector(int p, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    static double[] mul(double[][] m, double[] v) {
        return new Array2DRowRealMatrix(m, false).operate(v);
    }

    void checkBackends(DataType dt, double exactTol, double fdTol) {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(60, 5, 4, 3, dt, 11);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 25)) {
            SampleLoss loss = pr.loss(0, pr.n);
            int[] sample = Curvatures.subsample(pr.n, 40, 3);
            double[] theta = pr.space.toHost(engine.theta());
            double[][] dense = pr.analyticHessian(theta, sample, WD);
            NDManager m = engine.vectors();
            for (int trial = 0; trial < 3; trial++) {
                double[] v = randomVector(pr.space.size(), 100 + trial);
                NDArray dv = pr.space.fromHost(m, v);
                double[] expected = mul(dense, v);
                CurvatureOperator exact = Curvatures.create("exact", engine, loss, sample, WD);
                double[] got = pr.space.toHost(exact.apply(dv)[0]);
                assertTrue(relErr(got, expected) < exactTol, "exact " + dt + " error " + relErr(got, expected));
                CurvatureOperator fd = Curvatures.create("finite-difference", engine, loss, sample, WD);
                double[] gotFd = pr.space.toHost(fd.apply(dv)[0]);
                assertTrue(relErr(gotFd, expected) < fdTol, "fd " + dt + " error " + relErr(gotFd, expected));
            }
            // Repeated products on the same engine stay right (the stale-graph pitfall).
            CurvatureOperator exact = Curvatures.create("exact", engine, loss, sample, WD);
            NDArray[] vs = new NDArray[3];
            for (int k = 0; k < 3; k++) {
                vs[k] = pr.space.fromHost(m, randomVector(pr.space.size(), 200 + k));
            }
            for (int round = 0; round < 3; round++) {
                NDArray[] hv = exact.apply(vs);
                for (int k = 0; k < 3; k++) {
                    double[] expected = mul(dense, pr.space.toHost(vs[k]));
                    double e = relErr(pr.space.toHost(hv[k]), expected);
                    assertTrue(e < exactTol, "round " + round + " vector " + k + " error " + e);
                }
            }
            assertEquals(9, exact.products());
        }
    }

    @Test
    void exactAndFiniteDifferenceAgreeWithAnalyticHessianFloat64() {
        checkBackends(DataType.FLOAT64, 1e-10, 1e-6);
    }

    @Test
    void exactAndFiniteDifferenceAgreeWithAnalyticHessianFloat32() {
        checkBackends(DataType.FLOAT32, 1e-4, 1e-2);
    }

    @Test
    void fisherAndIdentityAgreeWithDenseMatrices() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(50, 5, 4, 3, DataType.FLOAT64, 12);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 16)) {
            SampleLoss loss = pr.loss(0, pr.n);
            int[] sample = GradientEngine.range(30);
            int p = pr.space.size();
            // Dense Fisher from one-at-a-time gradients.
            double[][] f = new double[p][p];
            for (int i : sample) {
                double[] g = pr.space.toHost(engine.gradient(loss, new int[]{i}, 1.0, null));
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        f[a][b] += g[a] * g[b] / sample.length;
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                f[a][a] += WD;
            }
            double[] v = randomVector(p, 5);
            NDArray dv = pr.space.fromHost(engine.vectors(), v);
            Curvatures.EmpiricalFisher fisher = (Curvatures.EmpiricalFisher) Curvatures.create("fisher", engine, loss, sample, WD);
            assertTrue(relErr(pr.space.toHost(fisher.apply(dv)[0]), mul(f, v)) < 1e-10);
            double damping = 1e-3;
            RealMatrix fd = new Array2DRowRealMatrix(f).add(new Array2DRowRealMatrix(identity(p, damping)));
            double[] expected = new LUDecomposition(fd).getSolver().solve(new ArrayRealVector(v)).toArray();
            SolveResult wood = new WoodburySolver().solve(fisher, damping, dv)[0];
            assertTrue(relErr(pr.space.toHost(wood.solution()), expected) < 1e-8, "woodbury " + relErr(pr.space.toHost(wood.solution()), expected));
            assertTrue(wood.relativeResidual() < 1e-10);
            SolveResult cg = new ConjugateGradientSolver(1e-12, 500).solve(fisher, damping, dv)[0];
            assertTrue(relErr(pr.space.toHost(cg.solution()), expected) < 1e-8);
            CurvatureOperator id = Curvatures.create("identity", engine, loss, sample, WD);
            SolveResult ir = new ConjugateGradientSolver(1e-10, 10).solve(id, 0.25, dv)[0];
            double[] scaled = v.clone();
            for (int i = 0; i < p; i++) {
                scaled[i] /= 1.25;
            }
            assertTrue(relErr(pr.space.toHost(ir.solution()), scaled) < 1e-12);
            assertEquals(1, ir.iterations());
            CurvatureOperator exact = Curvatures.create("exact", engine, loss, sample, WD);
            assertThrows(IllegalArgumentException.class, () -> new WoodburySolver().solve(exact, 0.1, dv));
            assertThrows(IllegalArgumentException.class, () -> Curvatures.create("newton", engine, loss, sample, WD));
        }
    }

    static double[][] identity(int p, double s) {
        double[][] m = new double[p][p];
        for (int i = 0; i < p; i++) {
            m[i][i] = s;
        }
        return m;
    }

    @Test
    void solversAgreeWithDenseSolve() {
        for (DataType dt : new DataType[]{DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dt == DataType.FLOAT64 ? 1e-8 : 1e-3;
            try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(60, 5, 4, 3, dt, 13);
                 GradientEngine engine = new GradientEngine(pr.space, pr.manager, 30)) {
                SampleLoss loss = pr.loss(0, pr.n);
                int[] sample = GradientEngine.range(pr.n);
                double[][] dense = pr.analyticHessian(pr.space.toHost(engine.theta()), sample, WD);
                double damping = 0.01;
                RealMatrix a = new Array2DRowRealMatrix(dense).add(new Array2DRowRealMatrix(identity(dense.length, damping)));
                double[] b1 = randomVector(dense.length, 1);
                double[] b2 = randomVector(dense.length, 2);
                NDArray[] bs = {pr.space.fromHost(engine.vectors(), b1), pr.space.fromHost(engine.vectors(), b2)};
                CurvatureOperator exact = Curvatures.create("exact", engine, loss, sample, WD);
                SolveResult[] cg = new ConjugateGradientSolver(dt == DataType.FLOAT64 ? 1e-12 : 1e-5, 300).solve(exact, damping, bs);
                double[][] rhs = {b1, b2};
                for (int k = 0; k < 2; k++) {
                    double[] expected = new LUDecomposition(a).getSolver().solve(new ArrayRealVector(rhs[k])).toArray();
                    double e = relErr(pr.space.toHost(cg[k].solution()), expected);
                    assertTrue(e < tol, dt + " CG error " + e + " " + cg[k]);
                    assertTrue(cg[k].converged());
                    assertFalse(cg[k].negativeCurvature());
                    assertTrue(cg[k].iterations() > 1 && cg[k].iterations() <= 300);
                    assertEquals(cg[k].iterations(), cg[k].residualHistory().length);
                }
                if (dt == DataType.FLOAT64) {
                    // LiSSA with the full operator: scale above the largest eigenvalue, deep enough to converge.
                    double lmax = 0;
                    for (double[] row : a.getData()) {
                        double s = 0;
                        for (double x : row) {
                            s += Math.abs(x);
                        }
                        lmax = Math.max(lmax, s);
                    }
                    // A well-conditioned system (damping 0.5) so that a short recursion converges.
                    double lissaDamping = 0.5;
                    RealMatrix a2 = new Array2DRowRealMatrix(dense).add(new Array2DRowRealMatrix(identity(dense.length, lissaDamping)));
                    SolveResult[] li = new LissaSolver(lmax - damping + lissaDamping + 0.1, 150, 1, 0, 1).solve(exact, lissaDamping, bs[0]);
                    double[] expected = new LUDecomposition(a2).getSolver().solve(new ArrayRealVector(b1)).toArray();
                    double e = relErr(pr.space.toHost(li[0].solution()), expected);
                    assertTrue(e < 1e-3, "LiSSA error " + e);
                    assertTrue(li[0].relativeResidual() < 1e-3);
                }
            }
        }
    }

    @Test
    void cgDetectsNegativeCurvature() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(30, 5, 4, 3, DataType.FLOAT64, 14);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 30)) {
            CurvatureOperator negated = new CurvatureOperator() {
                final CurvatureOperator id = Curvatures.create("identity", engine, pr.loss(0, pr.n), new int[]{0}, 0);

                @Override
                public String name() {
                    return "negated";
                }

                @Override
                public int dimension() {
                    return id.dimension();
                }

                @Override
                public NDArray[] apply(NDArray... vs) {
                    NDArray[] out = id.apply(vs);
                    for (NDArray o : out) {
                        o.muli(-1);
                    }
                    return out;
                }

                @Override
                public long products() {
                    return id.products();
                }
            };
            NDArray b = pr.space.fromHost(engine.vectors(), randomVector(pr.space.size(), 3));
            SolveResult r = new ConjugateGradientSolver(1e-6, 10).solve(negated, 0.5, b)[0];
            assertTrue(r.negativeCurvature());
            assertFalse(r.converged());
        }
    }
}
