/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson and Spearman correlation of paired values, for the fidelity benchmark: pairs with a non-finite member are
 * left out (and counted), and fewer than 3 usable pairs or a constant side give NaN instead of an exception.
 */
final class Correlations {

    private Correlations() {}

    /**
     * Correlations of one predictor against one outcome.
     * @param pearson Pearson's r.
     * @param spearman Spearman's rho (average ranks for ties, as commons-math3's default).
     * @param pairs the number of pairs used.
     */
    record Result(double pearson, double spearman, int pairs) {}

    /**
     * Both correlations of {@code x} and {@code y}.
     * @param x predicted values.
     * @param y actual values, parallel to {@code x}.
     * @return the correlations (NaN when undefined).
     * @throws IllegalArgumentException if the lengths differ.
     */
    static Result of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Correlation needs parallel arrays, got lengths " + x.length + " and " + y.length);
        }
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                pairs.add(new double[]{x[i], y[i]});
            }
        }
        int m = pairs.size();
        double[] a = new double[m];
        double[] b = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = pairs.get(i)[0];
            b[i] = pairs.get(i)[1];
        }
        if (m < 3 || constant(a) || constant(b)) {
            return new Result(Double.NaN, Double.NaN, m);
        }
        return new Result(new PearsonsCorrelation().correlation(a, b), new SpearmansCorrelation().correlation(a, b), m);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }
}
