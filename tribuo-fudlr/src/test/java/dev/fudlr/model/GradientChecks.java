/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Random;

/** The independent reference of the gradient tests: central differences of a model's loss along a direction. */
public final class GradientChecks {

    private GradientChecks() {}

    /**
     * {@code (L(theta + eps v) - L(theta - eps v)) / (2 eps)} for the summed per-sample loss of a batch; the model's
     * parameters are restored afterwards.
     * @param model the model.
     * @param batch the samples.
     * @param v the direction (length of the trainable vector).
     * @param eps the step.
     * @return the central difference.
     */
    public static double centralDifference(AbstractDjlRecommenderModel model, List<? extends Example<Label>> batch, double[] v, double eps) {
        double[] theta = model.trainableParametersAsDouble();
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        for (int k = 0; k < v.length; k++) {
            plus[k] += eps * v[k];
            minus[k] -= eps * v[k];
        }
        try {
            model.setTrainableParameters(plus);
            double lp = sum(model.perSampleLossAsDouble(batch));
            model.setTrainableParameters(minus);
            double lm = sum(model.perSampleLossAsDouble(batch));
            return (lp - lm) / (2 * eps);
        } finally {
            model.setTrainableParameters(theta);
        }
    }

    /**
     * @param n the length.
     * @param rng the generator.
     * @return a standard normal vector.
     */
    public static double[] gaussian(int n, Random rng) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = rng.nextGaussian();
        }
        return v;
    }

    /**
     * @param a a vector.
     * @param b a vector of the same length.
     * @return their inner product.
     */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double x : values) {
            s += x;
        }
        return s;
    }
}
