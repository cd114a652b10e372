/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import java.util.Random;
import java.util.logging.Logger;

/**
 * Minimises a {@link MaskProblem} over the logits w with Adam (full-batch, deterministic: the only randomness is
 * optional Gaussian jitter of the initial logits from a fixed seed). Immutable and thread-safe.
 */
public final class MaskOptimizer {
    private static final Logger logger = Logger.getLogger(MaskOptimizer.class.getName());

    private final int steps;
    private final double learningRate;
    private final double initialLogit;
    private final double initialJitter;
    private final long seed;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /**
     * Creates an optimizer with Adam's usual moments (0.9, 0.999, 1e-8) and no jitter.
     * @param steps Adam steps, &gt;= 0.
     * @param learningRate &gt; 0.
     * @param initialLogit w0 for every sample (0 = m 0.5; negative starts from "keep").
     */
    public MaskOptimizer(int steps, double learningRate, double initialLogit) {
        this(steps, learningRate, initialLogit, 0.0, 0L, 0.9, 0.999, 1e-8);
    }

    /**
     * Creates an optimizer.
     * @param steps Adam steps, &gt;= 0.
     * @param learningRate &gt; 0.
     * @param initialLogit w0.
     * @param initialJitter standard deviation of Gaussian noise added to w0 (0 = none), to break ties.
     * @param seed the seed of that noise.
     * @param beta1 first-moment decay in [0, 1).
     * @param beta2 second-moment decay in [0, 1).
     * @param epsilon &gt; 0.
     */
    public MaskOptimizer(int steps, double learningRate, double initialLogit, double initialJitter, long seed,
                         double beta1, double beta2, double epsilon) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!Double.isFinite(initialLogit)) {
            throw new IllegalArgumentException("initialLogit must be finite, got " + initialLogit);
        }
        if (!(initialJitter >= 0) || !Double.isFinite(initialJitter)) {
            throw new IllegalArgumentException("initialJitter must be finite and >= 0, got " + initialJitter);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        this.steps = steps;
        this.learningRate = learningRate;
        this.initialLogit = initialLogit;
        this.initialJitter = initialJitter;
        this.seed = seed;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /**
     * Runs Adam.
     * @param problem the objective.
     * @return the mask and the objective trace.
     */
    public MaskResult optimize(MaskProblem problem) {
        int n = problem.size();
        double[] w = new double[n];
        Random rng = new Random(seed);
        for (int i = 0; i < n; i++) {
            w[i] = initialLogit + (initialJitter > 0 ? initialJitter * rng.nextGaussian() : 0.0);
        }
        double[] mom1 = new double[n];
        double[] mom2 = new double[n];
        double[] g = new double[n];
        double[] trace = new double[steps + 1];
        trace[0] = problem.valueAndGradient(w, g);
        double b1t = 1;
        double b2t = 1;
        for (int t = 1; t <= steps; t++) {
            b1t *= beta1;
            b2t *= beta2;
            for (int i = 0; i < n; i++) {
                mom1[i] = beta1 * mom1[i] + (1 - beta1) * g[i];
                mom2[i] = beta2 * mom2[i] + (1 - beta2) * g[i] * g[i];
                double mHat = mom1[i] / (1 - b1t);
                double vHat = mom2[i] / (1 - b2t);
                w[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
            }
            trace[t] = problem.valueAndGradient(w, g);
            if (!Double.isFinite(trace[t])) {
                throw new IllegalStateException("Mask objective became " + trace[t] + " at step " + t);
            }
        }
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = MaskProblem.sigmoid(w[i]);
        }
        logger.fine(() -> "Mask optimised: J " + trace[0] + " -> " + trace[steps] + " in " + steps + " Adam steps");
        return new MaskResult(w, m, trace);
    }

    /** @return the number of steps. */
    public int steps() {
        return steps;
    }

    /** @return the learning rate. */
    public double learningRate() {
        return learningRate;
    }

    @Override
    public String toString() {
        return "MaskOptimizer(steps=" + steps + ", learningRate=" + learningRate + ", initialLogit=" + initialLogit
               + ", initialJitter=" + initialJitter + ", seed=" + seed + ")";
    }
}
