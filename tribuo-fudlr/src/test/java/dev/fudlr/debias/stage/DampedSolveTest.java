/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The damping escalation FUDLR and the benchmarks share, on a diagonal curvature with a known solution. */
class DampedSolveTest {

    /** C = diag(d): (C + lambda I)^-1 q = q / (d + lambda). */
    private static CurvatureOperator diagonal(double[] d) {
        return new CurvatureOperator() {
            private long products;

            @Override
            public String name() {
                return "diagonal";
            }

            @Override
            public int dimension() {
                return d.length;
            }

            @Override
            public NDArray[] apply(NDArray... vs) {
                NDArray[] out = new NDArray[vs.length];
                for (int k = 0; k < vs.length; k++) {
                    out[k] = vs[k].mul(vs[k].getManager().create(d));
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
    void escalatesPastNegativeCurvatureToTheFirstDampingThatWorks() {
        double[] d = {-0.5, 1.0, 2.0, 3.0};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray q = m.create(new double[]{1, 1, 1, 1}).toType(DataType.FLOAT64, false);
            DampedSolve.Outcome o = DampedSolve.DEFAULT.solve(null, null, diagonal(d), new ConjugateGradientSolver(1e-10, 50), q);
            // 0.01 and 0.1 leave C + lambda I indefinite; 1.0 is the first positive definite damping.
            assertEquals(1.0, o.damping(), 1e-12);
            assertTrue(o.converged());
            assertEquals(3, o.attempts().size(), o.attempts().toString());
            assertTrue(o.attempts().get(0).startsWith("damping=0.01: ") && o.attempts().get(0).endsWith("negative curvature"), o.attempts().get(0));
            assertTrue(o.attempts().get(2).matches("damping=1\\.0: \\d+ iterations, relative residual [0-9.e-]+"), o.attempts().get(2));
            double[] expected = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                expected[i] = 1.0 / (d[i] + 1.0);
            }
            assertArrayEquals(expected, o.directions()[0].toDoubleArray(), 1e-8);
        }
    }

    @Test
    void givesUpAtMaxDampingAndSaysSo() {
        double[] d = {-500.0, 1.0};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray q = m.create(new double[]{1, 1});
            DampedSolve.Outcome o = new DampedSolve(0.0, 10.0, 100.0).solve(null, null, diagonal(d), new ConjugateGradientSolver(1e-10, 50), q);
            assertFalse(o.converged());
            assertEquals(100.0, o.damping(), 1e-9);
        }
        assertThrows(IllegalArgumentException.class, () -> new DampedSolve(1.0, 1.0, 10.0));
        assertThrows(IllegalArgumentException.class, () -> new DampedSolve(1.0, 10.0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new DampedSolve(Double.NaN, 10.0, 100.0));
    }
}
