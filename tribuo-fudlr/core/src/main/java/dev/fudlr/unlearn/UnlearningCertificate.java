/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.SampleLoss;

import java.util.Arrays;
import java.util.logging.Logger;

/**
 * A gradient-residual certificate of an unlearning step (in the sense of Guo et al., "Certified data removal"): the
 * norm of the gradient of the retained-data risk
 * {@code R_{-S}(theta) = (1/n) sum_{i not in S} l_i(theta) + (wd/2)|theta|^2} at the unlearned parameters theta'
 * versus at the original theta. Retraining without S reaches a point where this gradient is 0, so the residual says
 * how far the update landed from that optimum's stationarity condition. The normaliser stays 1/n (not
 * 1/(n - |S|)), matching the Newton removal step. A step whose residual did not shrink is {@link #flagged()}.
 * <p>
 * The comparison assumes theta minimises the full training risk R; {@link #trainingResidual()} records
 * {@code |grad R(theta)|} so a flag caused by an unconverged trained model (where even exact retraining from theta
 * would start with a large gradient) can be told apart from a bad step.
 * Immutable.
 */
public final class UnlearningCertificate {
    private static final Logger logger = Logger.getLogger(UnlearningCertificate.class.getName());

    private final int removed;
    private final int retained;
    private final double residualBefore;
    private final double residualAfter;
    private final double trainingResidual;

    private UnlearningCertificate(int removed, int retained, double residualBefore, double residualAfter, double trainingResidual) {
        this.trainingResidual = trainingResidual;
        this.removed = removed;
        this.retained = retained;
        this.residualBefore = residualBefore;
        this.residualAfter = residualAfter;
    }

    /**
     * Computes the certificate (two gradient passes over the retained samples and one over the removed ones).
     * @param engine the engine over the trainable parameters.
     * @param training the n training losses.
     * @param removedSet the removed indices.
     * @param weightDecay wd &gt;= 0, as in the training risk.
     * @param thetaBefore theta.
     * @param thetaAfter theta'.
     * @return the certificate.
     */
    public static UnlearningCertificate compute(GradientEngine engine, SampleLoss training, int[] removedSet, double weightDecay,
                                                double[] thetaBefore, double[] thetaAfter) {
        return compute(engine, training, removedSet, weightDecay, thetaBefore, thetaAfter, null);
    }

    /**
     * As {@link #compute(GradientEngine, SampleLoss, int[], double, double[], double[])}, reusing the full-data gradient
     * at theta when the caller has it (FUDLR's scoring pass yields it): then one pass over the retained samples and
     * one over the removed ones.
     * @param engine the engine over the trainable parameters.
     * @param training the n training losses.
     * @param removedSet the removed indices.
     * @param weightDecay wd &gt;= 0, as in the training risk.
     * @param thetaBefore theta.
     * @param thetaAfter theta'.
     * @param fullGradientBefore null, or {@code (1/n) sum_i g_i(theta)} over all n samples (no weight decay).
     * @return the certificate.
     */
    public static UnlearningCertificate compute(GradientEngine engine, SampleLoss training, int[] removedSet, double weightDecay,
                                                double[] thetaBefore, double[] thetaAfter, double[] fullGradientBefore) {
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        int n = training.size();
        boolean[] drop = new boolean[n];
        for (int i : removedSet) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("Removed index " + i + " outside [0, " + n + ")");
            }
            drop[i] = true;
        }
        int[] kept = java.util.stream.IntStream.range(0, n).filter(i -> !drop[i]).toArray();
        int removedCount = n - kept.length;
        int[] removedSorted = java.util.stream.IntStream.range(0, n).filter(i -> drop[i]).toArray();
        // The full-data gradient at theta is the retained part plus the removed part: |S| extra samples, not n.
        double[] removedBefore = gradient(engine, training, removedSorted, n, thetaBefore);
        double[] keptBefore;
        double[] allBefore;
        if (fullGradientBefore != null) {
            if (fullGradientBefore.length != thetaBefore.length) {
                throw new IllegalArgumentException("Full gradient has length " + fullGradientBefore.length + ", theta " + thetaBefore.length);
            }
            allBefore = fullGradientBefore.clone();
            keptBefore = new double[allBefore.length];
            for (int i = 0; i < allBefore.length; i++) {
                keptBefore[i] = allBefore[i] - removedBefore[i];
            }
        } else {
            keptBefore = gradient(engine, training, kept, n, thetaBefore);
            allBefore = new double[keptBefore.length];
            for (int i = 0; i < allBefore.length; i++) {
                allBefore[i] = keptBefore[i] + removedBefore[i];
            }
        }
        double before = norm(keptBefore, weightDecay, thetaBefore);
        double after = norm(gradient(engine, training, kept, n, thetaAfter), weightDecay, thetaAfter);
        double full = norm(allBefore, weightDecay, thetaBefore);
        UnlearningCertificate c = new UnlearningCertificate(removedCount, kept.length, before, after, full);
        if (c.flagged()) {
            logger.warning("Unlearning residual did not shrink: " + c);
        }
        return c;
    }

    /**
     * As {@link #compute(GradientEngine, SampleLoss, int[], double, double[], double[])} for a removal result.
     * @param engine the engine.
     * @param training the training losses.
     * @param weightDecay wd.
     * @param result the removal.
     * @return the certificate.
     */
    public static UnlearningCertificate compute(GradientEngine engine, SampleLoss training, double weightDecay, NewtonRemoval.Result result) {
        return compute(engine, training, result.removed(), weightDecay, result.thetaBefore(), result.thetaAfter(), null);
    }

    /**
     * As {@link #compute(GradientEngine, SampleLoss, double, NewtonRemoval.Result)} with the full-data gradient at theta.
     * @param engine the engine.
     * @param training the training losses.
     * @param weightDecay wd.
     * @param result the removal.
     * @param fullGradientBefore null, or {@code (1/n) sum_i g_i(theta)} over all samples.
     * @return the certificate.
     */
    public static UnlearningCertificate compute(GradientEngine engine, SampleLoss training, double weightDecay, NewtonRemoval.Result result,
                                                double[] fullGradientBefore) {
        return compute(engine, training, result.removed(), weightDecay, result.thetaBefore(), result.thetaAfter(), fullGradientBefore);
    }

    /** (1/n) sum over the samples of the loss gradient at theta, on the host so no Java number enters a native expression. */
    private static double[] gradient(GradientEngine engine, SampleLoss training, int[] samples, int n, double[] theta) {
        if (theta.length != engine.space().size()) {
            throw new IllegalArgumentException("Parameter vector has length " + theta.length + ", the space " + engine.space().size());
        }
        if (samples.length == 0) {
            return new double[theta.length];
        }
        try (NDArray at = engine.space().fromHost(engine.vectors(), theta);
             NDArray grad = engine.gradient(training, samples, 1.0 / n, at)) {
            return engine.space().toHost(grad);
        }
    }

    /** |g + wd theta|: the risk gradient's norm with the weight-decay term added. */
    private static double norm(double[] g, double wd, double[] theta) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            double v = g[i] + wd * theta[i];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** @return |S|. */
    public int removed() {
        return removed;
    }

    /** @return n - |S|. */
    public int retained() {
        return retained;
    }

    /** @return |grad R_{-S}(theta)|. */
    public double residualBefore() {
        return residualBefore;
    }

    /** @return |grad R_{-S}(theta')|. */
    public double residualAfter() {
        return residualAfter;
    }

    /** @return |grad R(theta)| of the full training risk at the original parameters (0 at an exact minimiser). */
    public double trainingResidual() {
        return trainingResidual;
    }

    /** @return residualAfter / residualBefore (NaN when both are 0). */
    public double ratio() {
        return residualAfter / residualBefore;
    }

    /** @return true when the residual did not shrink (or is not finite): the step did not approach retraining. */
    public boolean flagged() {
        return !(residualAfter < residualBefore) && !(residualAfter == 0 && residualBefore == 0);
    }

    @Override
    public String toString() {
        return "UnlearningCertificate(removed=" + removed + ", retained=" + retained + ", residualBefore=" + residualBefore
               + ", residualAfter=" + residualAfter + ", trainingResidual=" + trainingResidual + ", ratio=" + ratio() + ", flagged=" + flagged() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UnlearningCertificate)) {
            return false;
        }
        UnlearningCertificate c = (UnlearningCertificate) o;
        return removed == c.removed && retained == c.retained && Double.compare(residualBefore, c.residualBefore) == 0
               && Double.compare(residualAfter, c.residualAfter) == 0
               && Double.compare(trainingResidual, c.trainingResidual) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[]{removed, retained, residualBefore, residualAfter, trainingResidual});
    }
}
