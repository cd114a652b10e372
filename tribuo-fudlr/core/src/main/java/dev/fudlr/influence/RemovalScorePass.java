/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import java.util.Map;
import java.util.Optional;

/**
 * The pass over every training sample that yields FUDLR's per-sample effects: for the inverse-HVP solutions
 * {@code v_k}, {@code a_ik = (1/n) g_i . v_k} for {@code i = 0..n-1} and, in exact mode, the data term's gradient
 * {@code (1/n) sum_i g_i} from the same pass. It is the one stage whose cost grows with n times the model's cost, so
 * it is the one a debias run can hand to other machines.
 * <p>
 * {@link InfluenceCalculator#removalScores(int[], GradientEngine.DirectionalMode, double[], ai.djl.ndarray.NDArray...)}
 * computes it in this JVM; {@code tribuo-fudlr-spark} on Spark executors. An implementation must return what that
 * method returns for the same model, the same samples in the same order and the same directions (the per-sample values
 * bit-identical; the gradient up to the order of its additions).
 * <p>
 * Where the training samples are, so are the other passes whose cost grows with n or with the removed set: as a
 * {@link SubsetGradient} it also gives the gradient of any set of training samples (the Newton removal's sum over S,
 * the exact certificate's passes over the retained samples), equal to {@link SubsetGradient#inJvm} up to the order of
 * the additions.
 */
public interface RemovalScorePass extends SubsetGradient {

    /** @return n, the number of training samples the pass scores (row i of the result is training sample i). */
    int size();

    /** @return p, the length of every direction and of the gradient. */
    int parameterCount();

    /**
     * Scores every training sample.
     * @param solved the directions {@code v_k} as host vectors of length p.
     * @param mode exact (per-sample gradients) or finite differences along {@code v_k}.
     * @param withGradient also return {@code (1/n) sum_i g_i} (exact mode only).
     * @return the scores and, when asked, the gradient.
     */
    Result removalScores(double[][] solved, GradientEngine.DirectionalMode mode, boolean withGradient);

    /**
     * Where the passes ran, recorded in the debiased model's provenance (e.g. a cluster's executors, partitions and
     * per-stage times).
     * @param withMeasurements include values that differ between runs of the same inputs (times, application ids);
     *                         false in reproducible mode, as for FUDLR's own stage times.
     * @return flat key-value facts; empty when there is nothing to say.
     */
    Map<String, String> executionFacts(boolean withMeasurements);

    /**
     * The curvature over a Hessian subsample of the training samples, built where the samples are, so that this JVM
     * neither fetches the subsample nor stores what the backend keeps per sample (the empirical Fisher's m x p
     * gradients). Empty, the default, for a backend the pass does not build: this JVM then builds it
     * ({@link Curvatures#create}) from the fetched subsample. An implementation's products must equal those of
     * {@link Curvatures#create} for the same backend, subsample and weight decay (bit-identical where the core's
     * arithmetic can be repeated, as the per-sample values are).
     * @param backend the backend name ({@link Curvatures}).
     * @param engine this JVM's engine (the vectors the operator takes and returns).
     * @param sample the Hessian subsample, strictly increasing.
     * @param weightDecay wd &gt;= 0.
     * @return the operator, or empty.
     */
    default Optional<CurvatureOperator> curvature(String backend, GradientEngine engine, int[] sample, double weightDecay) {
        return Optional.empty();
    }

    /**
     * One pass's output.
     * @param effects n rows of K values {@code a_ik}.
     * @param gradient {@code (1/n) sum_i g_i}, or null when not asked.
     * @param kernel the kernel that computed the per-sample values.
     */
    record Result(double[][] effects, double[] gradient, GradientEngine.DirectionalKernel kernel) {}
}
