/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SubsetGradient;

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
 * <p>
 * The residual after the step needs the retained samples' gradient at theta', a pass as costly as a training epoch's
 * forward and backward. {@link #computeSampled} estimates it from a seeded random subsample of the retained samples
 * instead, split into batches: each batch gives an unbiased estimate of the residual vector, the mean inner product of
 * the estimates of distinct batches, corrected for the slight anti-correlation of batches drawn without replacement,
 * is unbiased for the squared residual, and a bootstrap over the batches gives a 95% interval
 * ({@link #residualAfterInterval()}). The cost then grows with the subsample, not with n.
 * Immutable.
 */
public final class UnlearningCertificate {
    private static final Logger logger = Logger.getLogger(UnlearningCertificate.class.getName());

    private final int removed;
    private final int retained;
    private final double residualBefore;
    private final double residualAfter;
    private final double trainingResidual;
    private final int sampled;
    private final double afterLow;
    private final double afterHigh;

    private UnlearningCertificate(int removed, int retained, double residualBefore, double residualAfter, double trainingResidual) {
        this(removed, retained, residualBefore, residualAfter, trainingResidual, 0, residualAfter, residualAfter);
    }

    private UnlearningCertificate(int removed, int retained, double residualBefore, double residualAfter, double trainingResidual,
                                  int sampled, double afterLow, double afterHigh) {
        this.sampled = sampled;
        this.afterLow = afterLow;
        this.afterHigh = afterHigh;
        this.trainingResidual = trainingResidual;
        this.removed = removed;
        this.retained = retained;
        this.residualBefore = residualBefore;
        this.residualAfter = residualAfter;
    }

    /**
     * Computes the certificate (two gradient passes over the retained samples and one over the removed ones; the
     * overloads taking a {@link NewtonRemoval.Result} reuse the removal's gradient over the removed ones instead).
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
        return compute(SubsetGradient.inJvm(engine, training), training.size(), removedSet, weightDecay, thetaBefore, thetaAfter,
                       fullGradientBefore, null);
    }

    /**
     * The exact certificate with every pass through {@code sums}. removedGradientBefore: null, or (1/n) sum_S g_i(theta)
     * as the Newton removal computed it (saves a pass over S).
     */
    private static UnlearningCertificate compute(SubsetGradient sums, int n, int[] removedSet, double weightDecay,
                                                 double[] thetaBefore, double[] thetaAfter, double[] fullGradientBefore,
                                                 double[] removedGradientBefore) {
        checkWeightDecay(weightDecay);
        Split split = Split.of(n, removedSet);
        int[] kept = split.kept();
        int removedCount = n - kept.length;
        int[] removedSorted = split.removed();
        // The full-data gradient at theta is the retained part plus the removed part: |S| extra samples, not n.
        double[] removedBefore = removedGradient(sums, removedSorted, thetaBefore, removedGradientBefore);
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
            keptBefore = checked(sums.gradient(kept, thetaBefore), thetaBefore.length);
            allBefore = new double[keptBefore.length];
            for (int i = 0; i < allBefore.length; i++) {
                allBefore[i] = keptBefore[i] + removedBefore[i];
            }
        }
        double before = norm(keptBefore, weightDecay, thetaBefore);
        double after = norm(checked(sums.gradient(kept, thetaAfter), thetaAfter.length), weightDecay, thetaAfter);
        double full = norm(allBefore, weightDecay, thetaBefore);
        UnlearningCertificate c = new UnlearningCertificate(removedCount, kept.length, before, after, full);
        if (c.flagged()) {
            logger.warning("Unlearning residual did not shrink: " + c);
        }
        return c;
    }

    /** Bootstrap resamples of the sampled estimate's interval. */
    static final int BOOTSTRAP_RESAMPLES = 1000;
    /** Fewest batches a sampled estimate is split into (its variance needs several). */
    static final int MIN_BATCHES = 8;
    /** Most batches (more only adds bootstrap work). */
    static final int MAX_BATCHES = 64;
    /** Smallest subsample a sampled certificate accepts: two samples in each of {@link #MIN_BATCHES} batches. */
    public static final int MIN_SAMPLES = 2 * MIN_BATCHES;

    /**
     * As {@link #compute(GradientEngine, SampleLoss, double, NewtonRemoval.Result, double[])}, estimating the residual
     * after the step from {@code samples} retained samples drawn with {@code seed} (exact when {@code samples} is 0 or
     * at least the retained count, or when the full gradient at theta is not given).
     * @param engine the engine.
     * @param training the training losses.
     * @param weightDecay wd.
     * @param result the removal.
     * @param fullGradientBefore null, or {@code (1/n) sum_i g_i(theta)} over all samples.
     * @param samples retained samples to evaluate at theta' (0 = all).
     * @param seed the subsample's seed.
     * @return the certificate.
     */
    public static UnlearningCertificate computeSampled(GradientEngine engine, SampleLoss training, double weightDecay,
                                                       NewtonRemoval.Result result, double[] fullGradientBefore, int samples, long seed) {
        return computeSampled(SubsetGradient.inJvm(engine, training), engine, training, weightDecay, result, fullGradientBefore, samples, seed);
    }

    /**
     * As {@link #computeSampled(GradientEngine, SampleLoss, double, NewtonRemoval.Result, double[], int, long)}, with
     * the passes over all retained samples (the exact certificate: {@code samples} 0, at least the retained count, or
     * no full gradient) through {@code retainedGradients}, e.g. on Spark executors where the training samples are. The
     * subsample's batches, whose cost does not grow with n, run in this JVM's engine.
     * @param retainedGradients the gradient of a set of training samples at a point.
     * @param engine the engine (the subsample's batches).
     * @param training the training losses.
     * @param weightDecay wd.
     * @param result the removal.
     * @param fullGradientBefore null, or {@code (1/n) sum_i g_i(theta)} over all samples.
     * @param samples retained samples to evaluate at theta' (0 = all).
     * @param seed the subsample's seed.
     * @return the certificate.
     */
    public static UnlearningCertificate computeSampled(SubsetGradient retainedGradients, GradientEngine engine, SampleLoss training,
                                                       double weightDecay, NewtonRemoval.Result result, double[] fullGradientBefore,
                                                       int samples, long seed) {
        return computeSampled(retainedGradients, engine, training, result.removed(), weightDecay, result.thetaBefore(), result.thetaAfter(),
                              fullGradientBefore, result.removedGradient(), samples, seed);
    }

    /**
     * As {@link #compute(GradientEngine, SampleLoss, int[], double, double[], double[], double[])}, estimating the
     * residual after the step from {@code samples} retained samples drawn with {@code seed} (exact when
     * {@code samples} is 0 or at least the retained count, or when the full gradient at theta is not given).
     * @param engine the engine.
     * @param training the training losses.
     * @param removedSet the removed indices.
     * @param weightDecay wd.
     * @param thetaBefore theta.
     * @param thetaAfter theta'.
     * @param fullGradientBefore null, or {@code (1/n) sum_i g_i(theta)} over all samples.
     * @param samples retained samples to evaluate at theta' (0 = all).
     * @param seed the subsample's seed.
     * @return the certificate.
     */
    public static UnlearningCertificate computeSampled(GradientEngine engine, SampleLoss training, int[] removedSet, double weightDecay,
                                                       double[] thetaBefore, double[] thetaAfter, double[] fullGradientBefore,
                                                       int samples, long seed) {
        return computeSampled(SubsetGradient.inJvm(engine, training), engine, training, removedSet, weightDecay, thetaBefore, thetaAfter,
                              fullGradientBefore, null, samples, seed);
    }

    /**
     * The retained samples the sampled certificate of {@link #computeSampled} evaluates in this JVM's engine for the
     * same arguments: a caller that keeps the training samples elsewhere fetches these first.
     * @param n the training set size.
     * @param removedSet the removed indices.
     * @param samples retained samples to evaluate (0 = all).
     * @param fullGradientKnown whether the full gradient at theta will be given (without it the certificate is exact).
     * @param seed the subsample's seed.
     * @return the subsample's indices, ascending; empty when the certificate is exact (its passes go to the
     * {@link SubsetGradient}).
     */
    public static int[] sampledIndices(int n, int[] removedSet, int samples, boolean fullGradientKnown, long seed) {
        int[] kept = Split.of(n, removedSet).kept();
        if (samples <= 0 || !fullGradientKnown || samples >= kept.length) {
            return new int[0];
        }
        int[] drawn = Arrays.copyOf(draw(kept, samples, new java.util.Random(seed)), samples);
        Arrays.sort(drawn);
        return drawn;
    }

    /** A partial Fisher-Yates shuffle: the first {@code samples} entries of the result are the draw. */
    private static int[] draw(int[] kept, int samples, java.util.Random rng) {
        int[] pool = kept.clone();
        for (int i = 0; i < samples; i++) {
            int j = i + rng.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return pool;
    }

    private static UnlearningCertificate computeSampled(SubsetGradient sums, GradientEngine engine, SampleLoss training, int[] removedSet,
                                                        double weightDecay, double[] thetaBefore, double[] thetaAfter,
                                                        double[] fullGradientBefore, double[] removedGradientBefore, int samples, long seed) {
        if (samples < 0 || (samples > 0 && samples < MIN_SAMPLES)) {
            throw new IllegalArgumentException("samples must be 0 (all) or at least " + MIN_SAMPLES + ", got " + samples);
        }
        checkWeightDecay(weightDecay);
        int n = training.size();
        Split split = Split.of(n, removedSet);
        int[] kept = split.kept();
        if (samples == 0 || fullGradientBefore == null || samples >= kept.length) {
            return compute(sums, n, removedSet, weightDecay, thetaBefore, thetaAfter, fullGradientBefore, removedGradientBefore);
        }
        if (fullGradientBefore.length != thetaBefore.length) {
            throw new IllegalArgumentException("Full gradient has length " + fullGradientBefore.length + ", theta " + thetaBefore.length);
        }
        int[] removedSorted = split.removed();
        double[] removedBefore = removedGradient(sums, removedSorted, thetaBefore, removedGradientBefore);
        double[] keptBefore = new double[fullGradientBefore.length];
        for (int i = 0; i < keptBefore.length; i++) {
            keptBefore[i] = fullGradientBefore[i] - removedBefore[i];
        }
        double before = norm(keptBefore, weightDecay, thetaBefore);
        double full = norm(fullGradientBefore, weightDecay, thetaBefore);

        // A seeded sample of the retained indices, in batches of (nearly) equal size.
        java.util.Random rng = new java.util.Random(seed);
        int[] pool = draw(kept, samples, rng);
        int batches = Math.max(MIN_BATCHES, Math.min(MAX_BATCHES, samples / Math.max(1, engine.chunkSize())));
        int p = thetaAfter.length;
        double[][] means = new double[batches][];
        for (int b = 0; b < batches; b++) {
            int from = (int) ((long) samples * b / batches);
            int to = (int) ((long) samples * (b + 1) / batches);
            int[] idx = Arrays.copyOfRange(pool, from, to);
            Arrays.sort(idx);
            // Batch mean gradient: scale 1/|batch| (gradient() scales by 1/its count argument).
            means[b] = gradient(engine, training, idx, idx.length, thetaAfter);
        }
        // Gram matrix of the batch means and their products with the weight-decay term: every resample's estimate
        // is a quadratic form in the resample's batch counts.
        double[][] gram = new double[batches][batches];
        double[] decay = new double[batches];
        double decayNorm2 = 0;
        for (int j = 0; j < p; j++) {
            decayNorm2 += weightDecay * thetaAfter[j] * weightDecay * thetaAfter[j];
        }
        for (int a = 0; a < batches; a++) {
            for (int b = a; b < batches; b++) {
                double dot = 0;
                for (int j = 0; j < p; j++) {
                    dot += means[a][j] * means[b][j];
                }
                gram[a][b] = dot;
                gram[b][a] = dot;
            }
            double d = 0;
            for (int j = 0; j < p; j++) {
                d += means[a][j] * weightDecay * thetaAfter[j];
            }
            decay[a] = d;
        }
        double scale = (double) kept.length / n;
        double[] ones = new double[batches];
        Arrays.fill(ones, 1.0);
        double batchSize = (double) samples / batches;
        double estimate = Math.sqrt(Math.max(0.0, crossProducts(gram, decay, decayNorm2, ones, scale, batchSize, kept.length)));
        double[] boot = new double[BOOTSTRAP_RESAMPLES];
        double[] counts = new double[batches];
        for (int r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
            Arrays.fill(counts, 0.0);
            for (int b = 0; b < batches; b++) {
                counts[rng.nextInt(batches)] += 1.0;
            }
            boot[r] = Math.sqrt(Math.max(0.0, crossProducts(gram, decay, decayNorm2, counts, scale, batchSize, kept.length)));
        }
        Arrays.sort(boot);
        double low = Math.min(estimate, boot[(int) Math.floor(0.025 * (BOOTSTRAP_RESAMPLES - 1))]);
        double high = Math.max(estimate, boot[(int) Math.ceil(0.975 * (BOOTSTRAP_RESAMPLES - 1))]);
        UnlearningCertificate c = new UnlearningCertificate(removedSorted.length, kept.length, before, estimate, full, samples, low, high);
        if (c.flagged()) {
            logger.warning("Unlearning residual did not shrink: " + c);
        }
        return c;
    }

    /**
     * The estimate of the squared residual for batch counts k (all ones = the sample itself). With
     * {@code z_b = scale g_b + wd theta'} each batch's unbiased estimate of the residual vector, the mean of
     * {@code <z_x, z_y>} over ordered pairs of distinct batches (weighted by {@code k_x k_y}) leaves out the batches'
     * own noise (|z_b|^2 overestimates |r|^2 by the batch's variance; a resample that repeats a batch never pairs it
     * with its copy). Batches drawn without replacement from N retained samples are slightly anti-correlated,
     * {@code E<g_x, g_y> = |mu|^2 - S^2 / N}; S^2, the per-sample variance, is {@code batchSize} times the spread of
     * the batch means, so {@code scale^2 S^2 / N} is added back.
     */
    private static double crossProducts(double[][] gram, double[] decay, double decayNorm2, double[] counts, double scale,
                                        double batchSize, int population) {
        int b = counts.length;
        double sum = 0;
        double weight = 0;
        double total = 0;
        double diag = 0;
        double all = 0;
        for (int x = 0; x < b; x++) {
            if (counts[x] == 0) {
                continue;
            }
            total += counts[x];
            diag += counts[x] * gram[x][x];
            for (int y = 0; y < b; y++) {
                if (counts[y] == 0) {
                    continue;
                }
                all += counts[x] * counts[y] * gram[x][y];
                if (y == x) {
                    continue;
                }
                double w = counts[x] * counts[y];
                sum += w * (scale * scale * gram[x][y] + scale * (decay[x] + decay[y]) + decayNorm2);
                weight += w;
            }
        }
        // Spread of the batch means: sum_b k_b |g_b - mean|^2 / (total - 1), mean = sum_b k_b g_b / total.
        double spread = Math.max(0.0, diag - all / total) / (total - 1);
        return sum / weight + scale * scale * batchSize * spread / population;
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
        return compute(engine, training, weightDecay, result, null);
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
        return compute(SubsetGradient.inJvm(engine, training), training.size(), result.removed(), weightDecay, result.thetaBefore(),
                       result.thetaAfter(), fullGradientBefore, result.removedGradient());
    }

    private static void checkWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** The retained and removed indices of a removal set, each ascending. */
    private record Split(int[] kept, int[] removed) {
        static Split of(int n, int[] removedSet) {
            boolean[] drop = new boolean[n];
            for (int i : removedSet) {
                if (i < 0 || i >= n) {
                    throw new IllegalArgumentException("Removed index " + i + " outside [0, " + n + ")");
                }
                drop[i] = true;
            }
            return new Split(java.util.stream.IntStream.range(0, n).filter(i -> !drop[i]).toArray(),
                             java.util.stream.IntStream.range(0, n).filter(i -> drop[i]).toArray());
        }
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

    /** The removal's own gradient over S when it has one (the same vector: same samples, chunks and theta), else a pass over S. */
    private static double[] removedGradient(SubsetGradient sums, int[] removedSorted, double[] theta, double[] known) {
        if (known == null) {
            return checked(sums.gradient(removedSorted, theta), theta.length);
        }
        if (known.length != theta.length) {
            throw new IllegalArgumentException("Removed gradient has length " + known.length + ", theta " + theta.length);
        }
        return known;
    }

    /** A subset gradient of the parameter count, finite (one computed elsewhere is checked here). */
    private static double[] checked(double[] g, int p) {
        if (g.length != p) {
            throw new IllegalStateException("A subset gradient has length " + g.length + ", theta " + p);
        }
        for (double v : g) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("A subset gradient has the non-finite value " + v);
            }
        }
        return g;
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

    /** @return retained samples the residual after the step was estimated from, or 0 when it was computed on all of them. */
    public int sampled() {
        return sampled;
    }

    /**
     * @return the 95% bootstrap interval {low, high} of {@link #residualAfter()} when it was estimated from a subsample;
     *         {after, after} when it is exact.
     */
    public double[] residualAfterInterval() {
        return new double[]{afterLow, afterHigh};
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
               + ", residualAfter=" + residualAfter + (sampled > 0 ? " [" + afterLow + ", " + afterHigh + "] from " + sampled + " samples" : "")
               + ", trainingResidual=" + trainingResidual + ", ratio=" + ratio() + ", flagged=" + flagged() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UnlearningCertificate)) {
            return false;
        }
        UnlearningCertificate c = (UnlearningCertificate) o;
        return removed == c.removed && retained == c.retained && Double.compare(residualBefore, c.residualBefore) == 0
               && Double.compare(residualAfter, c.residualAfter) == 0
               && Double.compare(trainingResidual, c.trainingResidual) == 0 && sampled == c.sampled
               && Double.compare(afterLow, c.afterLow) == 0 && Double.compare(afterHigh, c.afterHigh) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[]{removed, retained, residualBefore, residualAfter, trainingResidual, sampled, afterLow, afterHigh});
    }
}
