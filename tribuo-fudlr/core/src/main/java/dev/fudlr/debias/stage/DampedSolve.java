/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceCalculator;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SolveResult;
import dev.fudlr.unlearn.NewtonRemoval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * FUDLR's damped-solve stage: the inverse-curvature products {@code (H + lambda I)^-1 q} of the query gradients,
 * starting at {@code damping} and multiplying it by {@code escalation} until every solve converges without negative
 * curvature or {@code maxDamping} is passed (then the last solutions are returned, marked not converged).
 * @param damping the first damping, &gt;= 0.
 * @param escalation the factor between attempts, &gt; 1.
 * @param maxDamping the largest damping tried, &gt;= damping.
 */
public record DampedSolve(double damping, double escalation, double maxDamping) {

    private static final Logger logger = Logger.getLogger(DampedSolve.class.getName());

    /** FUDLR's default first damping. */
    public static final double DEFAULT_DAMPING = 0.01;
    /** FUDLR's default escalation factor. */
    public static final double DEFAULT_ESCALATION = 10.0;
    /** FUDLR's default largest damping. */
    public static final double DEFAULT_MAX_DAMPING = 100.0;

    /** FUDLR's defaults. */
    public static final DampedSolve DEFAULT = new DampedSolve(DEFAULT_DAMPING, DEFAULT_ESCALATION, DEFAULT_MAX_DAMPING);

    /** Validates. */
    public DampedSolve {
        if (!(damping >= 0) || Double.isInfinite(damping)) {
            throw new IllegalArgumentException("damping must be finite and >= 0, found " + damping);
        }
        if (!(escalation > 1) || Double.isInfinite(escalation)) {
            throw new IllegalArgumentException("dampingEscalation must be finite and > 1, found " + escalation);
        }
        if (!(maxDamping >= damping) || Double.isInfinite(maxDamping)) {
            throw new IllegalArgumentException("maxDamping must be finite and >= damping, found " + maxDamping);
        }
    }

    /**
     * The solves at the damping that worked.
     * @param results one result per query (the caller closes their solutions).
     * @param damping the damping of these results.
     * @param converged whether every solve converged without negative curvature.
     * @param attempts one line per solve and attempt ({@code damping=0.01: 10 iterations, relative residual 0.00033}).
     */
    public record Outcome(SolveResult[] results, double damping, boolean converged, List<String> attempts) {
        /** @return the solutions, parallel to the queries. */
        public NDArray[] directions() {
            NDArray[] out = new NDArray[results.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = results[k].solution();
            }
            return out;
        }

        /** @return the iterations of each solve. */
        public int[] iterations() {
            int[] out = new int[results.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = results[k].iterations();
            }
            return out;
        }

        /** @return the relative residual of each solve. */
        public double[] residuals() {
            double[] out = new double[results.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = results[k].relativeResidual();
            }
            return out;
        }
    }

    /**
     * Solves for every query.
     * @param engine the gradient engine.
     * @param trainLoss the training losses (for solvers that sample them).
     * @param curvature the curvature operator.
     * @param solver the inverse-HVP solver.
     * @param queries the query gradients.
     * @return the outcome.
     */
    public Outcome solve(GradientEngine engine, SampleLoss trainLoss, CurvatureOperator curvature, InverseHvpSolver solver,
                         NDArray... queries) {
        double lambda = damping;
        List<String> attempts = new ArrayList<>();
        while (true) {
            SolveResult[] solved = new InfluenceCalculator(engine, trainLoss, curvature, solver, lambda).solve(queries);
            boolean ok = true;
            for (SolveResult r : solved) {
                ok &= r.converged() && !r.negativeCurvature();
                attempts.add(String.format(Locale.ROOT, "damping=%s: %d iterations, relative residual %.2g%s%s", lambda, r.iterations(),
                                           r.relativeResidual(), r.converged() ? "" : ", not converged",
                                           r.negativeCurvature() ? ", negative curvature" : ""));
            }
            double next = lambda == 0 ? NewtonRemoval.FIRST_NONZERO_DAMPING : lambda * escalation;
            if (ok || next > maxDamping * (1 + 1e-12)) {
                if (!ok) {
                    logger.warning("Influence solves did not converge up to damping " + lambda + "; the effects are approximate");
                }
                return new Outcome(solved, lambda, ok, List.copyOf(attempts));
            }
            logger.info("Influence solves failed at damping " + lambda + "; retrying with " + next);
            for (SolveResult r : solved) {
                r.solution().close();
            }
            lambda = next;
        }
    }
}
