/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SolveResult;
import dev.fudlr.influence.SubsetGradient;
import dev.fudlr.reliability.NumericChecks;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * Stage 2 of FUDLR: removes the influence of a set S of training samples with one Newton step,
 * {@code theta' = theta + (1/n) (C + lambda I)^-1 sum_{i in S} g_i} (the gradient over S once, then one solve per damping tried),
 * where theta is the engine's live parameter value and C the configured curvature backend at theta.
 * <p>
 * Damping escalation: when the solve does not converge or meets non-positive curvature, lambda is multiplied by the
 * escalation factor (from 0 the first escalation is {@value #FIRST_NONZERO_DAMPING}) and the solve is repeated, up to
 * the maximum damping; every attempt is recorded. If no attempt succeeds the last step is returned with
 * {@link Result#converged()} false, and callers should refuse it.
 * <p>
 * Nothing here modifies the live parameters: the result holds host copies, and {@link #apply} builds a new model.
 */
public final class NewtonRemoval {
    private static final Logger logger = Logger.getLogger(NewtonRemoval.class.getName());

    /** The damping tried after a failed solve at damping 0. */
    public static final double FIRST_NONZERO_DAMPING = 1e-4;

    private final GradientEngine engine;
    private final SampleLoss training;
    private final CurvatureOperator curvature;
    private final InverseHvpSolver solver;
    private final double damping;
    private final double escalationFactor;
    private final double maxDamping;
    private final SubsetGradient removedGradients;

    /**
     * Creates the step.
     * @param engine the engine over the trainable parameters (its live values are theta).
     * @param training the n training losses.
     * @param curvature the curvature backend at theta (weight decay included).
     * @param solver the inverse-HVP solver.
     * @param damping the initial lambda, &gt;= 0.
     * @param escalationFactor lambda's multiplier after a failed solve, &gt; 1.
     * @param maxDamping the largest lambda tried, &gt;= damping.
     */
    public NewtonRemoval(GradientEngine engine, SampleLoss training, CurvatureOperator curvature, InverseHvpSolver solver,
                         double damping, double escalationFactor, double maxDamping) {
        this(engine, training, curvature, solver, damping, escalationFactor, maxDamping, SubsetGradient.inJvm(engine, training));
    }

    /**
     * Creates the step with the removed samples' gradient computed elsewhere (e.g. on Spark executors, where the
     * training samples are), the solves here.
     * @param engine the engine over the trainable parameters (its live values are theta).
     * @param training the n training losses.
     * @param curvature the curvature backend at theta (weight decay included).
     * @param solver the inverse-HVP solver.
     * @param damping the initial lambda, &gt;= 0.
     * @param escalationFactor lambda's multiplier after a failed solve, &gt; 1.
     * @param maxDamping the largest lambda tried, &gt;= damping.
     * @param removedGradients the gradient of a set of training samples at theta (the model's parameters).
     */
    public NewtonRemoval(GradientEngine engine, SampleLoss training, CurvatureOperator curvature, InverseHvpSolver solver,
                         double damping, double escalationFactor, double maxDamping, SubsetGradient removedGradients) {
        if (!(damping >= 0) || !Double.isFinite(damping)) {
            throw new IllegalArgumentException("damping must be finite and >= 0, got " + damping);
        }
        if (!(escalationFactor > 1) || !Double.isFinite(escalationFactor)) {
            throw new IllegalArgumentException("escalationFactor must be finite and > 1, got " + escalationFactor);
        }
        if (!(maxDamping >= damping) || !Double.isFinite(maxDamping)) {
            throw new IllegalArgumentException("maxDamping must be finite and >= damping (" + damping + "), got " + maxDamping);
        }
        this.engine = engine;
        this.training = training;
        this.curvature = curvature;
        this.solver = solver;
        this.damping = damping;
        this.escalationFactor = escalationFactor;
        this.maxDamping = maxDamping;
        this.removedGradients = java.util.Objects.requireNonNull(removedGradients, "removedGradients");
    }

    /**
     * Computes the unlearned parameters for removing a set.
     * @param set distinct training indices in [0, n) (any order).
     * @return theta, theta' and the solve attempts.
     */
    public Result remove(int[] set) {
        int n = training.size();
        int[] sorted = set.clone();
        Arrays.sort(sorted);
        for (int r = 0; r < sorted.length; r++) {
            if (sorted[r] < 0 || sorted[r] >= n) {
                throw new IllegalArgumentException("Removal index " + sorted[r] + " outside [0, " + n + ")");
            }
            if (r > 0 && sorted[r] == sorted[r - 1]) {
                throw new IllegalArgumentException("Removal index " + sorted[r] + " repeated");
            }
        }
        double[] theta;
        try (ai.djl.ndarray.NDArray t = engine.theta()) {
            theta = engine.space().toHost(t);
        }
        List<Attempt> attempts = new ArrayList<>();
        if (sorted.length == 0) {
            return new Result(sorted, theta, theta.clone(), new double[theta.length], attempts, damping, true);
        }
        double lambda = damping;
        double[] step = null;
        boolean ok = false;
        // The removed samples' gradient is computed once for every damping tried, and kept in the result: the
        // certificate needs exactly this vector, so it does not pass over S again.
        double[] removedGradient = removedGradients.gradient(sorted, null);
        if (removedGradient.length != theta.length) {
            throw new IllegalStateException("The removed samples' gradient has length " + removedGradient.length + ", theta " + theta.length);
        }
        NumericChecks.requireFinite("Newton removal: the removed samples' gradient", removedGradient, NumericChecks.FIX_MODEL);
        try (ai.djl.ndarray.NDArray g = engine.space().fromHost(engine.vectors(), removedGradient)) {
            while (true) {
                SolveResult r = solver.solve(curvature, lambda, g)[0];
                boolean good = r.converged() && !r.negativeCurvature();
                double[] s = engine.space().toHost(r.solution());
                r.solution().close();
                boolean finite = Arrays.stream(s).allMatch(Double::isFinite);
                good &= finite;
                attempts.add(new Attempt(lambda, r.solver(), r.iterations(), r.relativeResidual(), r.converged(),
                                         r.negativeCurvature(), r.seconds(), r.products()));
                if (finite) {
                    step = s;
                }
                if (good) {
                    ok = true;
                    break;
                }
                double next = lambda == 0 ? FIRST_NONZERO_DAMPING : lambda * escalationFactor;
                if (next > maxDamping * (1 + 1e-12)) {
                    logger.warning("Newton removal of " + sorted.length + " samples did not converge up to damping " + lambda
                                   + " (" + r + "); the step is flagged as unconverged");
                    break;
                }
                logger.info("Newton removal solve failed at damping " + lambda + " (" + r + "); retrying with " + next);
                lambda = next;
            }
        }
        if (step == null) {
            throw new IllegalStateException("Every Newton removal solve produced non-finite values; attempts " + attempts);
        }
        double[] after = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            after[i] = theta[i] + step[i];
        }
        return new Result(sorted, theta, after, removedGradient, attempts, lambda, ok);
    }

    /**
     * A new model with the unlearned parameters; the given model is not modified.
     * @param model the trained model (its trainable parameters must be the engine's theta).
     * @param result a removal result for it.
     * @param provenance the new model's provenance.
     * @param <M> the model class.
     * @return the new model, of the same class as {@code model}.
     */
    @SuppressWarnings("unchecked") // copyWithTrainableParameters returns the receiver's class (see withTrainableWeights)
    public static <M extends AbstractDjlRecommenderModel> M apply(M model, Result result, ModelProvenance provenance) {
        if (model.numTrainableParameters() != result.thetaAfter.length) {
            throw new IllegalArgumentException("The result has " + result.thetaAfter.length + " parameters, the model "
                                               + model.numTrainableParameters());
        }
        return (M) model.copyWithTrainableParameters(result.thetaAfter, provenance);
    }

    /** One solve attempt. */
    public static final class Attempt {
        private final double damping;
        private final String solver;
        private final int iterations;
        private final double relativeResidual;
        private final boolean converged;
        private final boolean negativeCurvature;
        private final double seconds;
        private final long products;

        Attempt(double damping, String solver, int iterations, double relativeResidual, boolean converged,
                boolean negativeCurvature, double seconds, long products) {
            this.damping = damping;
            this.solver = solver;
            this.iterations = iterations;
            this.relativeResidual = relativeResidual;
            this.converged = converged;
            this.negativeCurvature = negativeCurvature;
            this.seconds = seconds;
            this.products = products;
        }

        /** @return lambda. */
        public double damping() {
            return damping;
        }

        /** @return the solver's name. */
        public String solver() {
            return solver;
        }

        /** @return iterations. */
        public int iterations() {
            return iterations;
        }

        /** @return the final relative residual. */
        public double relativeResidual() {
            return relativeResidual;
        }

        /** @return whether the solver converged. */
        public boolean converged() {
            return converged;
        }

        /** @return whether non-positive curvature was met. */
        public boolean negativeCurvature() {
            return negativeCurvature;
        }

        /** @return wall seconds. */
        public double seconds() {
            return seconds;
        }

        /** @return curvature products. */
        public long products() {
            return products;
        }

        @Override
        public String toString() {
            return "Attempt(damping=" + damping + ", " + solver + ", iterations=" + iterations + ", relativeResidual="
                   + relativeResidual + ", converged=" + converged + ", negativeCurvature=" + negativeCurvature + ")";
        }
    }

    /** The outcome of a removal. Immutable; arrays are copied on access. */
    public static final class Result {
        private final int[] removed;
        private final double[] thetaBefore;
        private final double[] thetaAfter;
        private final double[] removedGradient;
        private final List<Attempt> attempts;
        private final double damping;
        private final boolean converged;

        Result(int[] removed, double[] thetaBefore, double[] thetaAfter, double[] removedGradient, List<Attempt> attempts,
               double damping, boolean converged) {
            if (removedGradient.length != thetaBefore.length) {
                throw new IllegalArgumentException("Removed gradient has length " + removedGradient.length + ", theta " + thetaBefore.length);
            }
            this.removed = removed;
            this.thetaBefore = thetaBefore;
            this.thetaAfter = thetaAfter;
            this.removedGradient = removedGradient;
            this.attempts = Collections.unmodifiableList(new ArrayList<>(attempts));
            this.damping = damping;
            this.converged = converged;
        }

        /** @return the removed indices, sorted. */
        public int[] removed() {
            return removed.clone();
        }

        /** @return theta. */
        public double[] thetaBefore() {
            return thetaBefore.clone();
        }

        /** @return theta'. */
        public double[] thetaAfter() {
            return thetaAfter.clone();
        }

        /** @return {@code (1/n) sum_{i in S} g_i(theta)}, the removed samples' loss gradient at theta (zeros for an empty set). */
        public double[] removedGradient() {
            return removedGradient.clone();
        }

        /** @return |theta' - theta|. */
        public double stepNorm() {
            double s = 0;
            for (int i = 0; i < thetaBefore.length; i++) {
                s += (thetaAfter[i] - thetaBefore[i]) * (thetaAfter[i] - thetaBefore[i]);
            }
            return Math.sqrt(s);
        }

        /** @return every solve attempt in order (empty for an empty set). */
        public List<Attempt> attempts() {
            return attempts;
        }

        /** @return the damping of the returned step. */
        public double damping() {
            return damping;
        }

        /** @return whether the returned step's solve converged without negative curvature. */
        public boolean converged() {
            return converged;
        }

        @Override
        public String toString() {
            return "NewtonRemoval.Result(removed=" + removed.length + ", damping=" + damping + ", converged=" + converged
                   + ", stepNorm=" + stepNorm() + ", attempts=" + attempts.size() + ")";
        }
    }
}
