/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SolveResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Corrective Newton steps after a {@link NewtonRemoval}: the one-step removal linearises the retained risk at theta, so
 * it stops short where the curvature along the step is smaller than the curvature backend's (measured: retraining moves
 * the metrics 1.2-1.4x as far as the step predicts). Each correction evaluates the stationarity condition at the
 * current point and takes another damped Newton step with the same curvature and damping,
 * {@code theta_{t+1} = theta_t - (C + lambda I)^-1 F(theta_t)}, an iterative refinement that converges where the
 * curvature backend is close to the Hessian.
 * <p>
 * {@link Target} chooses F. Both need the retained samples' gradient at theta_t; it is estimated from a seeded random
 * subsample of the retained samples as a difference to the same subsample at theta (a control variate: the difference
 * is small, so its sampling noise is too), and the removed samples' gradient comes from the first step's own equation,
 * {@code (1/n) sum_S g_i(theta) = (C + lambda I) (theta_1 - theta)}, exact to the first solve's tolerance. Where the
 * curvature backend misjudges the Hessian a full step over- or undershoots, so each step's length comes from a secant
 * on F through the full step (at most {@value #MAX_STEP_LENGTH}); a step that shrinks |F| on the subsample at neither
 * length is rejected and the corrections stop. Cost: one gradient pass over the subsample at theta and one or two per
 * step (the accepted point's F is the next step's right-hand side), plus one solve per step.
 * <p>
 * The subsample is drawn with a seed of its own, so the {@link UnlearningCertificate} (which draws its own subsample)
 * checks the corrected point on samples the correction did not fit to. Nothing here modifies the live parameters.
 */
public final class NewtonCorrection {
    private static final Logger logger = Logger.getLogger(NewtonCorrection.class.getName());

    /** Mixed into the caller's seed, so the correction's subsample differs from the certificate's. */
    static final long SEED_SALT = 0x6A09E667F3BCC909L;
    /** Largest step length the secant may choose (a multiple of the Newton step). */
    static final double MAX_STEP_LENGTH = 2.0;
    /** A secant step length this close to 1 is not evaluated separately. */
    static final double SECANT_TOLERANCE = 0.05;

    /** What the corrective steps drive to zero. */
    public enum Target {
        /**
         * The removal's own condition, {@code grad R_{-S}(theta') = grad R(theta) - (1/n) sum_S g_i(theta)} taken
         * exactly instead of to first order: a base that is not at a minimum keeps its own gradient, so the edit
         * is the removal and nothing else (no further training on the retained data).
         */
        REMOVAL,
        /**
         * The retrained optimum's condition, {@code grad R_{-S}(theta') = 0}: also corrects the base's own
         * non-stationarity, as retraining without S would (needs the full-data gradient at theta, which FUDLR's exact
         * per-sample pass yields).
         */
        RETRAINED
    }

    private final GradientEngine engine;
    private final SampleLoss training;
    private final CurvatureOperator curvature;
    private final InverseHvpSolver solver;
    private final double weightDecay;
    private final Target target;
    private final int samples;
    private final long seed;

    /**
     * Creates the corrections.
     * @param engine the engine of the removal (its live values are theta).
     * @param training the n training losses.
     * @param curvature the removal's curvature backend.
     * @param solver the inverse-HVP solver.
     * @param weightDecay wd &gt;= 0 of the training risk.
     * @param target what the steps drive to zero.
     * @param samples retained samples per gradient estimate (0 = all of them).
     * @param seed the subsample's seed.
     */
    public NewtonCorrection(GradientEngine engine, SampleLoss training, CurvatureOperator curvature, InverseHvpSolver solver,
                            double weightDecay, Target target, int samples, long seed) {
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0 (0 = all retained samples), got " + samples);
        }
        if (target == null) {
            throw new IllegalArgumentException("target must be one of " + Arrays.toString(Target.values()));
        }
        this.engine = engine;
        this.training = training;
        this.curvature = curvature;
        this.solver = solver;
        this.weightDecay = weightDecay;
        this.target = target;
        this.samples = samples;
        this.seed = seed;
    }

    /**
     * Applies corrective steps to a removal.
     * @param first the one-step removal (its damping is reused).
     * @param steps the number of corrections, &gt;= 0 (0 returns {@code first}).
     * @param fullGradientBefore {@code (1/n) sum_i g_i(theta)} over all n samples (no weight decay); required for
     *                           {@link Target#RETRAINED}, unused otherwise (may be null).
     * @return the corrected result: theta' after the last step, the first step's attempts followed by one per
     *         correction, converged when every solve converged. A correction whose solve gives non-finite values is
     *         dropped, and later ones are not tried.
     */
    public NewtonRemoval.Result correct(NewtonRemoval.Result first, int steps, double[] fullGradientBefore) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        int[] removed = first.removed();
        if (steps == 0 || removed.length == 0) {
            return first;
        }
        double[] theta = first.thetaBefore();
        int p = theta.length;
        if (target == Target.RETRAINED && (fullGradientBefore == null || fullGradientBefore.length != p)) {
            throw new IllegalArgumentException("Corrections towards the retrained optimum need the full-data gradient at theta "
                + "(length " + p + "), which the exact per-sample pass computes; got "
                + (fullGradientBefore == null ? "none (finite-difference per-sample effects?)" : "length " + fullGradientBefore.length)
                + ". Use target REMOVAL or directionalMode EXACT");
        }
        int n = training.size();
        int[] sub = subsample(n, removed);
        int kept = n - removed.length;
        // scale * sum_{sub} g_i estimates (1/n) sum_{kept} g_i: the risk's data term over the retained samples.
        double scale = (double) kept / n / sub.length;
        double lambda = first.damping();

        double[] step1 = difference(first.thetaAfter(), theta);
        double[] removedGradient = dampedProduct(step1, lambda);     // (1/n) sum_S g_i(theta), from the first solve
        double[] subAtTheta = gradient(sub, scale, theta);
        double[] offset = new double[p];
        for (int j = 0; j < p; j++) {
            offset[j] = -removedGradient[j];
            if (target == Target.RETRAINED) {
                // grad R_{-S}(theta_t) = F_removal(theta_t) + grad R(theta), grad R(theta) = (1/n) sum_all g_i + wd theta
                offset[j] += fullGradientBefore[j] + weightDecay * theta[j];
            }
        }
        List<NewtonRemoval.Attempt> attempts = new ArrayList<>(first.attempts());
        double[] current = first.thetaAfter();
        double[] f = condition(sub, scale, current, theta, subAtTheta, offset);
        double fNorm = norm(f);
        boolean converged = first.converged();
        for (int t = 1; t <= steps; t++) {
            SolveResult r;
            try (NDArray rhs = engine.space().fromHost(engine.vectors(), f)) {
                r = solver.solve(curvature, lambda, rhs)[0];
            }
            double[] delta = engine.space().toHost(r.solution());
            r.solution().close();
            boolean finite = Arrays.stream(delta).allMatch(Double::isFinite);
            // Step length along -delta by a secant on F (one trial point): where the curvature backend misjudges the
            // Hessian the full step over- or undershoots, and the chord iteration would diverge or crawl.
            double fraction = Double.NaN;
            double[] next = null;
            double[] fNext = null;
            double nextNorm = Double.NaN;
            if (finite) {
                double[] full = shifted(current, delta, 1.0);
                double[] fFull = condition(sub, scale, full, theta, subAtTheta, offset);
                double fullNorm = norm(fFull);
                double alpha = secant(f, fFull);
                if (Math.abs(alpha - 1.0) > SECANT_TOLERANCE) {
                    double[] at = shifted(current, delta, alpha);
                    double[] fAt = condition(sub, scale, at, theta, subAtTheta, offset);
                    double atNorm = norm(fAt);
                    if (atNorm < fNorm && atNorm < fullNorm) {
                        next = at;
                        fNext = fAt;
                        nextNorm = atNorm;
                        fraction = alpha;
                    }
                }
                if (next == null && fullNorm < fNorm) {
                    next = full;
                    fNext = fFull;
                    nextNorm = fullNorm;
                    fraction = 1.0;
                }
            }
            boolean accepted = next != null;
            attempts.add(new NewtonRemoval.Attempt(lambda, String.format(Locale.ROOT, "correction %d (%s, %d samples): |F| %.4g -> %s, %s",
                t, target.name().toLowerCase(Locale.ROOT), sub.length, fNorm,
                accepted ? String.format(Locale.ROOT, "%.4g at step %.3g", nextNorm, fraction) : "no decrease, step rejected", r.solver()),
                r.iterations(), r.relativeResidual(), r.converged(), r.negativeCurvature(), r.seconds(), r.products()));
            if (!accepted) {
                logger.info("Corrective Newton step " + t + " did not decrease |F| (" + fNorm + ") at the full or the secant step length"
                            + (finite ? "" : " (non-finite step)") + "; keeping the point before it");
                break;
            }
            converged &= r.converged() && !r.negativeCurvature();
            current = next;
            f = fNext;
            fNorm = nextNorm;
        }
        return new NewtonRemoval.Result(first.removed(), theta, current, first.removedGradient(), attempts, lambda, converged);
    }

    /** F(theta_t) = scale sum_sub [g_i(theta_t) - g_i(theta)] + wd (theta_t - theta) + offset. */
    private double[] condition(int[] sub, double scale, double[] at, double[] theta, double[] subAtTheta, double[] offset) {
        double[] g = gradient(sub, scale, at);
        for (int j = 0; j < g.length; j++) {
            g[j] += -subAtTheta[j] + weightDecay * (at[j] - theta[j]) + offset[j];
        }
        return g;
    }

    /**
     * The step length minimising |F| along the step if F is linear in it: with F0 at length 0 and F1 at length 1,
     * {@code alpha = -<F0, F1 - F0> / |F1 - F0|^2}, clamped to [0, {@value #MAX_STEP_LENGTH}].
     */
    static double secant(double[] f0, double[] f1) {
        double dot = 0;
        double d2 = 0;
        for (int j = 0; j < f0.length; j++) {
            double d = f1[j] - f0[j];
            dot += f0[j] * d;
            d2 += d * d;
        }
        if (!(d2 > 0)) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(MAX_STEP_LENGTH, -dot / d2));
    }

    private static double[] shifted(double[] current, double[] delta, double length) {
        double[] out = new double[current.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = current[j] - length * delta[j];
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * The retained samples each corrective step evaluates: the seeded subsample of the retained indices (all of them
     * when samples is 0 or at least their count). A caller that keeps the training samples elsewhere fetches these first.
     * @param n the training set size.
     * @param removedSorted the removed indices, ascending.
     * @return the indices, ascending.
     */
    public int[] subsample(int n, int[] removedSorted) {
        int[] kept = new int[n - removedSorted.length];
        int r = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (r < removedSorted.length && removedSorted[r] == i) {
                r++;
            } else {
                kept[k++] = i;
            }
        }
        return samples == 0 ? kept : Curvatures.subsample(kept, samples, seed ^ SEED_SALT);
    }

    /** (C + lambda I) v on the host. */
    private double[] dampedProduct(double[] v, double lambda) {
        try (NDArray dv = engine.space().fromHost(engine.vectors(), v)) {
            NDArray cv = curvature.apply(dv)[0];
            double[] out = engine.space().toHost(cv);
            cv.close();
            for (int j = 0; j < out.length; j++) {
                out[j] += lambda * v[j];
            }
            return out;
        }
    }

    private double[] gradient(int[] indices, double scale, double[] at) {
        try (NDArray a = engine.space().fromHost(engine.vectors(), at);
             NDArray g = engine.gradient(training, indices, scale, a)) {
            return engine.space().toHost(g);
        }
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            d[j] = a[j] - b[j];
        }
        return d;
    }
}
