/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.SampleLoss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corrective Newton steps on a convex problem, against retraining computed on the host (Newton to 1e-12). */
class NewtonCorrectionTest {
    private static final Logger logger = Logger.getLogger(NewtonCorrectionTest.class.getName());

    static final int N = 120;
    /** A removal large enough for the one-step removal to land measurably short. */
    static final int[] LARGE = java.util.stream.IntStream.range(0, 40).map(i -> 3 * i).toArray();
    static LinearSoftmaxProblem pr;
    static GradientEngine engine;
    static SampleLoss loss;
    static double[] trained;
    static final ConjugateGradientSolver CG = new ConjugateGradientSolver(1e-12, 300);

    @BeforeAll
    static void setUp() {
        pr = new LinearSoftmaxProblem(N, 5, 4, 1e-2, 17);
        trained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, new int[0]), new double[pr.size()]);
        engine = new GradientEngine(pr.space, pr.manager, 128);
        setLive(trained);
        loss = pr.loss();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        pr.close();
    }

    static void setLive(double[] theta) {
        try (NDArray t = pr.space.fromHost(engine.vectors(), theta)) {
            pr.space.set(t);
        }
    }

    static CurvatureOperator curvature(String name) {
        return Curvatures.create(name, engine, loss, GradientEngine.range(N), pr.wd);
    }

    /** (1/n) sum_i g_i at theta over all samples, without weight decay: what FUDLR's exact pass yields. */
    static double[] dataGradient(double[] theta) {
        double[] g = pr.riskGradient(theta, LinearSoftmaxProblem.keptWithout(N, new int[0]));
        for (int i = 0; i < g.length; i++) {
            g[i] -= pr.wd * theta[i];
        }
        return g;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    static double residual(double[] theta, int[] removed) {
        double[] g = pr.riskGradient(theta, LinearSoftmaxProblem.keptWithout(N, removed));
        return Math.sqrt(Arrays.stream(g).map(v -> v * v).sum());
    }

    @Test
    void correctionsConvergeToRetrainingWithTheExactHessian() {
        CurvatureOperator exact = curvature(Curvatures.EXACT);
        NewtonRemoval.Result first = new NewtonRemoval(engine, loss, exact, CG, 0.0, 10, 1.0).remove(LARGE);
        double[] retrained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, LARGE), trained);
        double start = distance(trained, retrained);
        double one = distance(first.thetaAfter(), retrained);
        double[] full = dataGradient(trained);
        for (NewtonCorrection.Target target : NewtonCorrection.Target.values()) {
            NewtonCorrection c = new NewtonCorrection(engine, loss, exact, CG, pr.wd, target, 0, 1);
            double[] d = new double[7];
            double[] res = new double[7];
            d[0] = one;
            res[0] = residual(first.thetaAfter(), LARGE);
            NewtonRemoval.Result last = first;
            for (int t = 1; t < d.length; t++) {
                last = c.correct(first, t, full);
                d[t] = distance(last.thetaAfter(), retrained);
                res[t] = residual(last.thetaAfter(), LARGE);
            }
            logger.info(String.format("%s: distance to retrained %.3e, one step %.3e, corrections %s; residuals %s",
                                      target, start, one, Arrays.toString(d), Arrays.toString(res)));
            // The one-step removal is second-order accurate but not exact on a removal of a third of the data ...
            assertTrue(one > 1e-3 * start, "one step " + one + " of " + start);
            // ... each correction is a chord-Newton iteration (the full data's Hessian at theta): the distance to the
            // retrained optimum and the retained risk's gradient both shrink at every step, linearly.
            for (int t = 1; t < d.length; t++) {
                assertTrue(d[t] < 0.7 * d[t - 1], target + " step " + t + ": " + Arrays.toString(d));
                assertTrue(res[t] < res[t - 1], target + " step " + t + ": " + Arrays.toString(res));
            }
            assertTrue(d[6] < 0.05 * one, target + ": " + Arrays.toString(d));
            assertEquals(first.attempts().size() + 6, last.attempts().size());
            assertTrue(last.converged());
            assertTrue(last.attempts().get(1).solver().startsWith("correction 1 (" + target.name().toLowerCase(java.util.Locale.ROOT)),
                       last.attempts().get(1).solver());
            assertArrayEquals(first.removed(), last.removed());
            assertArrayEquals(trained, last.thetaBefore(), 0.0);
        }
        // The exact certificate agrees: the corrected point is (numerically) the retrained optimum.
        NewtonRemoval.Result r = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 0, 1)
            .correct(first, 3, full);
        UnlearningCertificate cert = UnlearningCertificate.compute(engine, loss, pr.wd, r);
        UnlearningCertificate oneStep = UnlearningCertificate.compute(engine, loss, pr.wd, first);
        assertTrue(cert.residualAfter() < 0.25 * oneStep.residualAfter(), cert + " vs one step " + oneStep);
        // The live parameters are untouched.
        try (NDArray t = engine.theta()) {
            assertArrayEquals(trained, pr.space.toHost(t), 0.0);
        }
    }

    @Test
    void correctionsWithTheFisherApproximationMoveTowardsRetraining() {
        // The empirical Fisher is not the Hessian, so the one-step removal is first-order only; refinement with the
        // same (wrong) curvature still converges to where the retained gradient is zero.
        CurvatureOperator fisher = curvature(Curvatures.FISHER);
        NewtonRemoval.Result first = new NewtonRemoval(engine, loss, fisher, CG, 0.01, 10, 1.0).remove(LARGE);
        double[] retrained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, LARGE), trained);
        NewtonCorrection c = new NewtonCorrection(engine, loss, fisher, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 0, 1);
        double one = distance(first.thetaAfter(), retrained);
        double[] d = new double[6];
        for (int t = 0; t < d.length; t++) {
            d[t] = distance(c.correct(first, t + 1, null).thetaAfter(), retrained);
        }
        logger.info(String.format("Fisher: one step %.3e, corrections %s", one, Arrays.toString(d)));
        assertTrue(d[0] < one, one + " -> " + d[0]);
        assertTrue(d[5] < 0.2 * one, one + " -> " + d[5]);
    }

    @Test
    void theRetainedOptimumTargetAlsoCorrectsAnUnconvergedBase() {
        // A base one gradient-descent-sized nudge away from the minimum: the removal's own condition keeps that
        // offset, the retrained target removes it (as retraining without S from this base would).
        double[] base = trained.clone();
        java.util.Random rng = new java.util.Random(5);
        for (int i = 0; i < base.length; i++) {
            base[i] += 0.01 * rng.nextGaussian();
        }
        setLive(base);
        try {
            CurvatureOperator exact = curvature(Curvatures.EXACT);
            NewtonRemoval.Result first = new NewtonRemoval(engine, loss, exact, CG, 0.0, 10, 1.0).remove(LARGE);
            double[] retrained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, LARGE), base);
            double[] full = dataGradient(base);
            NewtonRemoval.Result toRetrained = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.RETRAINED, 0, 1)
                .correct(first, 10, full);
            NewtonRemoval.Result removalOnly = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 0, 1)
                .correct(first, 10, full);
            double start = distance(base, retrained);
            double dRetrained = distance(toRetrained.thetaAfter(), retrained);
            double dRemoval = distance(removalOnly.thetaAfter(), retrained);
            logger.info(String.format("unconverged base: distance %.3e; retrained target %.3e, removal target %.3e", start, dRetrained, dRemoval));
            double gBaseNorm = residual(base, new int[0]);
            double[] gRemoval = pr.riskGradient(removalOnly.thetaAfter(), LinearSoftmaxProblem.keptWithout(N, LARGE));
            double[] gBase = pr.riskGradient(base, LinearSoftmaxProblem.keptWithout(N, new int[0]));
            logger.info(String.format("|grad R(base)| %.3e, |grad R_-S(removal target) - grad R(base)| %.3e, residuals after: retrained %.3e, removal %.3e",
                                      gBaseNorm, distance(gRemoval, gBase), residual(toRetrained.thetaAfter(), LARGE), residual(removalOnly.thetaAfter(), LARGE)));
            assertTrue(dRetrained < 0.01 * start, "retrained target: " + dRetrained + " of " + start);
            // The removal target keeps the base's offset from a minimum (|base - trained| here), so it stays about that far.
            assertTrue(dRemoval > 0.5 * distance(base, trained) && dRemoval > 10 * dRetrained,
                       "removal target: " + dRemoval + ", base offset " + distance(base, trained) + ", retrained target " + dRetrained);
            // The removal target lands where the retained gradient equals the base's gradient (to first order in the step).
            assertTrue(distance(gRemoval, gBase) < 0.05 * gBaseNorm, "grad R_-S(theta') - grad R(theta) = " + distance(gRemoval, gBase));
            // The certificate's residual (grad R_-S at theta') is ~0 only for the retrained target.
            double certRetrained = UnlearningCertificate.compute(engine, loss, pr.wd, toRetrained).residualAfter();
            double certRemoval = UnlearningCertificate.compute(engine, loss, pr.wd, removalOnly).residualAfter();
            assertTrue(certRemoval > 0.5 * gBaseNorm && certRetrained < 0.05 * certRemoval, certRetrained + " vs " + certRemoval);
        } finally {
            setLive(trained);
        }
    }

    @Test
    void subsampledCorrectionsAreSeededAndStillMoveTowardsRetraining() {
        CurvatureOperator exact = curvature(Curvatures.EXACT);
        NewtonRemoval.Result first = new NewtonRemoval(engine, loss, exact, CG, 0.0, 10, 1.0).remove(LARGE);
        double[] retrained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, LARGE), trained);
        double one = distance(first.thetaAfter(), retrained);
        NewtonRemoval.Result a = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 40, 7)
            .correct(first, 2, null);
        NewtonRemoval.Result b = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 40, 7)
            .correct(first, 2, null);
        NewtonRemoval.Result other = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 40, 8)
            .correct(first, 2, null);
        assertArrayEquals(a.thetaAfter(), b.thetaAfter(), 0.0);
        assertFalse(Arrays.equals(a.thetaAfter(), other.thetaAfter()));
        double dA = distance(a.thetaAfter(), retrained);
        double dOther = distance(other.thetaAfter(), retrained);
        logger.info(String.format("40 of 80 retained samples: one step %.3e, two corrections %.3e (seed 7), %.3e (seed 8)", one, dA, dOther));
        // Half the retained samples (40 of them) estimate the change of their gradient well enough to move towards
        // retraining on any seed (the control variate keeps the noise small; less progress than with all of them).
        assertTrue(dA < 0.95 * one && dOther < 0.95 * one, one + " -> " + dA + ", " + dOther);
        assertTrue(a.attempts().get(1).solver().contains("40 samples"), a.attempts().get(1).solver());
        // The subsample holds retained samples only.
        int[] sub = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, 40, 7).subsample(N, LARGE);
        assertEquals(40, sub.length);
        for (int i : sub) {
            assertTrue(Arrays.binarySearch(LARGE, i) < 0, "removed sample " + i + " in the subsample");
        }
    }

    @Test
    void theSecantStepLengthIsExactForALinearCondition() {
        // F(alpha) = F0 + alpha (F1 - F0): |F| is smallest at the projection, clamped to [0, MAX_STEP_LENGTH].
        assertEquals(0.5, NewtonCorrection.secant(new double[]{1, 0}, new double[]{-1, 0}), 1e-15);
        assertEquals(2.0 / 3.0, NewtonCorrection.secant(new double[]{2, 0}, new double[]{-1, 0}), 1e-15);
        assertEquals(NewtonCorrection.MAX_STEP_LENGTH, NewtonCorrection.secant(new double[]{1, 0}, new double[]{0.9, 0}), 0.0);
        assertEquals(0.0, NewtonCorrection.secant(new double[]{1, 0}, new double[]{2, 0}), 0.0);
        assertEquals(1.0, NewtonCorrection.secant(new double[]{1, 2}, new double[]{1, 2}), 0.0);
        // Off the line, the least-squares length: F0 = (1, 1), F1 = (-1, 1), minimum of |F| at alpha = 0.5.
        assertEquals(0.5, NewtonCorrection.secant(new double[]{1, 1}, new double[]{-1, 1}), 1e-15);
    }

    @Test
    void nothingToCorrectAndBadArguments() {
        CurvatureOperator exact = curvature(Curvatures.EXACT);
        NewtonRemoval removal = new NewtonRemoval(engine, loss, exact, CG, 0.0, 10, 1.0);
        NewtonRemoval.Result first = removal.remove(new int[]{4, 9});
        NewtonCorrection c = new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.RETRAINED, 0, 1);
        assertSame(first, c.correct(first, 0, null));
        NewtonRemoval.Result empty = removal.remove(new int[0]);
        assertSame(empty, c.correct(empty, 2, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.correct(first, 1, null));
        assertTrue(e.getMessage().contains("full-data gradient"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.correct(first, 1, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> c.correct(first, -1, dataGradient(trained)));
        assertThrows(IllegalArgumentException.class,
                     () -> new NewtonCorrection(engine, loss, exact, CG, -1, NewtonCorrection.Target.REMOVAL, 0, 1));
        assertThrows(IllegalArgumentException.class,
                     () -> new NewtonCorrection(engine, loss, exact, CG, pr.wd, NewtonCorrection.Target.REMOVAL, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NewtonCorrection(engine, loss, exact, CG, pr.wd, null, 0, 1));
    }
}
