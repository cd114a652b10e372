/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.types.DataType;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OLCUT configuration of the backend and solver: XML load, validation naming the bad field, and a configured CG solve
 * against a dense solve.
 */
class InfluenceSettingsTest {

    @Test
    void loadsFromXmlAndSolves() {
        ConfigurationManager cm = new ConfigurationManager("/dev/fudlr/influence/influence-settings.xml");
        try {
            InfluenceSettings cg = (InfluenceSettings) cm.lookup("cg");
            assertEquals("exact", cg.curvature());
            assertEquals(0.25, cg.damping());
            assertEquals(50, cg.cgMaxIterations());
            assertEquals(1000, cg.exactProductBudget());
            assertInstanceOf(ConjugateGradientSolver.class, cg.createSolver());
            try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(40, 5, 4, 3, DataType.FLOAT64, 16);
                 GradientEngine engine = new GradientEngine(pr.space, pr.manager, 40)) {
                SampleLoss loss = pr.loss(0, pr.n);
                InfluenceCalculator calc = cg.createCalculator(engine, loss);
                assertEquals(1000, engine.exactProductBudget());
                double[] b = CurvatureBackendsTest.randomVector(pr.space.size(), 8);
                SolveResult r = calc.solve(pr.space.fromHost(engine.vectors(), b))[0];
                // Dense (H + wd I + damping I)^-1 b.
                double[][] h = pr.analyticHessian(pr.space.toHost(engine.theta()), GradientEngine.range(pr.n), 0.01 + 0.25);
                double[] expected = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver().solve(new ArrayRealVector(b)).toArray();
                assertTrue(r.converged());
                assertTrue(CurvatureBackendsTest.relErr(pr.space.toHost(r.solution()), expected) < 1e-8);
            }
            InfluenceSettings wood = (InfluenceSettings) cm.lookup("woodbury");
            assertInstanceOf(WoodburySolver.class, wood.createSolver());
            assertEquals(20, wood.hessianSample(100).length);
            assertEquals(100, cg.hessianSample(100).length);
            PropertyException bad = assertThrows(PropertyException.class, () -> cm.lookup("bad"));
            assertTrue(bad.getMessage().contains("cgTolerance"), bad.getMessage());
        } finally {
            cm.close();
        }
    }

    @Test
    void validationNamesTheField() {
        InfluenceSettings d = InfluenceSettings.defaults();
        assertEquals("cg", d.solver());
        PropertyException e = assertThrows(PropertyException.class,
            () -> new InfluenceSettings("newton", "cg", 0.1, 0, 1e-4, 10, 1, 1, 1, 0, 0, 10, 1));
        assertTrue(e.getMessage().contains("curvature"), e.getMessage());
        e = assertThrows(PropertyException.class,
            () -> new InfluenceSettings("exact", "woodbury", 0.1, 0, 1e-4, 10, 1, 1, 1, 0, 0, 10, 1));
        assertTrue(e.getMessage().contains("fisher"), e.getMessage());
        e = assertThrows(PropertyException.class,
            () -> new InfluenceSettings("exact", "cg", -1, 0, 1e-4, 10, 1, 1, 1, 0, 0, 10, 1));
        assertTrue(e.getMessage().contains("damping"), e.getMessage());
        e = assertThrows(PropertyException.class,
            () -> new InfluenceSettings("exact", "lissa", 0.1, 0, 1e-4, 10, 1, 0, 1, 0, 0, 10, 1));
        assertTrue(e.getMessage().contains("lissaDepth"), e.getMessage());
        InfluenceSettings lissa = new InfluenceSettings(" Finite-Difference ", "LISSA", 0.1, 0, 1e-4, 10, 5, 3, 2, 4, 0, 10, 1);
        assertEquals("finite-difference", lissa.curvature());
        assertInstanceOf(LissaSolver.class, lissa.createSolver());
    }
}
