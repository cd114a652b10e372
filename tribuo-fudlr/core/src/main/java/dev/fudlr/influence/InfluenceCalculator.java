/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;

/**
 * Influence scores of training samples on metrics, for the risk {@code R = (1/n) sum_i l_i + (wd/2)|theta|^2}.
 * <p>
 * For a query {@code q = grad F(theta)}, {@code v = (C + lambda I)^-1 q}; removing sample i moves theta by about
 * {@code (1/n) (C + lambda I)^-1 g_i} (the minimiser of the risk with sample i's weight set to zero), so the predicted
 * change of F is {@code a_i = (1/n) g_i . v}, and for a set S it is {@code sum_{i in S} a_i}. The Newton removal
 * step for S is {@code (1/n) (C + lambda I)^-1 sum_{i in S} g_i}.
 */
public final class InfluenceCalculator {

    private final GradientEngine engine;
    private final SampleLoss training;
    private final CurvatureOperator curvature;
    private final InverseHvpSolver solver;
    private final double damping;

    /**
     * Creates a calculator.
     * @param engine the engine.
     * @param training the training losses (n = {@code training.size()}).
     * @param curvature the curvature backend.
     * @param solver the inverse-HVP solver.
     * @param damping lambda.
     */
    public InfluenceCalculator(GradientEngine engine, SampleLoss training, CurvatureOperator curvature,
                               InverseHvpSolver solver, double damping) {
        this.engine = engine;
        this.training = training;
        this.curvature = curvature;
        this.solver = solver;
        this.damping = damping;
    }

    /**
     * Solves {@code (C + lambda I) v_k = q_k} for all queries together.
     * @param queries metric gradients.
     * @return the solutions with diagnostics.
     */
    public SolveResult[] solve(NDArray... queries) {
        return solver.solve(curvature, damping, queries);
    }

    /**
     * Per-sample predicted metric changes {@code a_ik = (1/n) g_i . v_k} for removing sample i.
     * @param indices training samples to score.
     * @param mode exact (per-sample gradients) or finite differences along v_k.
     * @param solved the inverse-HVP solutions v_k.
     * @return {@code [indices.length][k]}.
     */
    public double[][] removalScores(int[] indices, GradientEngine.DirectionalMode mode, NDArray... solved) {
        return removalScores(indices, mode, null, solved);
    }

    /**
     * As {@link #removalScores(int[], GradientEngine.DirectionalMode, NDArray...)}, also returning (exact mode) the
     * gradient of the training risk's data term over the scored samples, {@code (1/n) sum_{i in indices} g_i}, which the
     * same pass yields.
     * @param indices training samples to score.
     * @param mode exact (per-sample gradients) or finite differences along v_k.
     * @param gradientOut null, or a host array of the parameter count that receives the gradient (exact mode only).
     * @param solved the inverse-HVP solutions v_k.
     * @return {@code [indices.length][k]}.
     */
    public double[][] removalScores(int[] indices, GradientEngine.DirectionalMode mode, double[] gradientOut, NDArray... solved) {
        if (gradientOut != null) {
            java.util.Arrays.fill(gradientOut, 0.0);
        }
        double[][] d = engine.directionalDerivatives(training, indices, solved, mode, null, gradientOut);
        if (gradientOut != null) {
            for (int j = 0; j < gradientOut.length; j++) {
                gradientOut[j] /= training.size();
            }
        }
        double inv = 1.0 / training.size();
        for (double[] row : d) {
            for (int k = 0; k < row.length; k++) {
                row[k] *= inv;
            }
        }
        return d;
    }

    /**
     * The predicted change for removing a set: the sum of its members' scores.
     * @param scores per-sample scores of one metric, indexed like the training set.
     * @param set the removed samples.
     * @return the predicted change.
     */
    public static double setScore(double[] scores, int[] set) {
        double s = 0;
        for (int i : set) {
            s += scores[i];
        }
        return s;
    }

    /**
     * The Newton removal steps of several sets in one solve (a block solver shares the forward and first backward
     * passes of each iteration across the sets).
     * @param sets the removed sets.
     * @return one step per set, in order.
     */
    public SolveResult[] removalSteps(int[]... sets) {
        NDArray[] gs = new NDArray[sets.length];
        for (int s = 0; s < sets.length; s++) {
            gs[s] = engine.gradient(training, sets[s], 1.0 / training.size(), null);
        }
        SolveResult[] r = solver.solve(curvature, damping, gs);
        for (NDArray g : gs) {
            g.close();
        }
        return r;
    }
}
