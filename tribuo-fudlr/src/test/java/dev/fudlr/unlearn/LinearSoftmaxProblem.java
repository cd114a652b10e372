/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fudlr.influence.ParameterSpace;
import dev.fudlr.influence.SampleLoss;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression {@code s = W x + b} (float64) with weight decay: convex, with host-side analytic
 * gradient and Hessian so retraining is computed independently of the engine. Flat order: W row-major, then b.
 */
final class LinearSoftmaxProblem implements AutoCloseable {
    final int n;
    final int dim;
    final int classes;
    final double wd;
    final double[][] x;
    final int[] y;
    final NDManager manager;
    final Parameter weight;
    final Parameter bias;
    final ParameterSpace space;

    LinearSoftmaxProblem(int n, int dim, int classes, double wd, long seed) {
        this.n = n;
        this.dim = dim;
        this.classes = classes;
        this.wd = wd;
        Random rng = new Random(seed);
        double[] teacher = new double[classes * dim];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = rng.nextGaussian();
        }
        x = new double[n][dim];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < dim; j++) {
                x[i][j] = rng.nextGaussian();
            }
            for (int c = 0; c < classes; c++) {
                double s = rng.nextGaussian();
                for (int j = 0; j < dim; j++) {
                    s += teacher[c * dim + j] * x[i][j];
                }
                if (s > best) {
                    best = s;
                    y[i] = c;
                }
            }
        }
        manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
        weight = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(classes, dim)).build();
        bias = Parameter.builder().setName("b").setType(Parameter.Type.BIAS).optShape(new Shape(classes)).build();
        weight.setInitializer((m, s, t) -> m.zeros(s, DataType.FLOAT64));
        bias.setInitializer((m, s, t) -> m.zeros(s, DataType.FLOAT64));
        weight.initialize(manager, DataType.FLOAT64);
        bias.initialize(manager, DataType.FLOAT64);
        space = new ParameterSpace(List.of(weight, bias));
    }

    int size() {
        return classes * dim + classes;
    }

    SampleLoss loss() {
        return new SampleLoss() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public NDArray losses(ParameterStore store, NDManager step, int[] indices) {
                double[] flat = new double[indices.length * dim];
                long[] t = new long[indices.length];
                for (int r = 0; r < indices.length; r++) {
                    System.arraycopy(x[indices[r]], 0, flat, r * dim, dim);
                    t[r] = y[indices[r]];
                }
                NDArray in = step.create(flat, new Shape(indices.length, dim));
                NDArray w = store.getValue(weight, in.getDevice(), true);
                NDArray b = store.getValue(bias, in.getDevice(), true);
                NDArray s = in.matMul(w.transpose()).add(b);
                return s.logSoftmax(1).gather(step.create(t, new Shape(indices.length, 1)), 1).reshape(-1).neg();
            }
        };
    }

    double[] probabilities(double[] theta, int i) {
        double[] s = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            s[c] = theta[classes * dim + c];
            for (int j = 0; j < dim; j++) {
                s[c] += theta[c * dim + j] * x[i][j];
            }
            max = Math.max(max, s[c]);
        }
        double z = 0;
        for (int c = 0; c < classes; c++) {
            s[c] = Math.exp(s[c] - max);
            z += s[c];
        }
        for (int c = 0; c < classes; c++) {
            s[c] /= z;
        }
        return s;
    }

    /** Gradient of (1/n) sum_{i in kept} l_i + wd/2 |theta|^2. */
    double[] riskGradient(double[] theta, boolean[] kept) {
        double[] g = new double[size()];
        for (int i = 0; i < n; i++) {
            if (!kept[i]) {
                continue;
            }
            double[] p = probabilities(theta, i);
            for (int c = 0; c < classes; c++) {
                double r = (p[c] - (c == y[i] ? 1 : 0)) / n;
                for (int j = 0; j < dim; j++) {
                    g[c * dim + j] += r * x[i][j];
                }
                g[classes * dim + c] += r;
            }
        }
        for (int a = 0; a < g.length; a++) {
            g[a] += wd * theta[a];
        }
        return g;
    }

    double[][] riskHessian(double[] theta, boolean[] kept) {
        int p = size();
        double[][] h = new double[p][p];
        for (int i = 0; i < n; i++) {
            if (!kept[i]) {
                continue;
            }
            double[] pr = probabilities(theta, i);
            for (int a = 0; a < p; a++) {
                int ca = a < classes * dim ? a / dim : a - classes * dim;
                double za = a < classes * dim ? x[i][a % dim] : 1.0;
                for (int b = 0; b < p; b++) {
                    int cb = b < classes * dim ? b / dim : b - classes * dim;
                    double zb = b < classes * dim ? x[i][b % dim] : 1.0;
                    h[a][b] += ((ca == cb ? pr[ca] : 0) - pr[ca] * pr[cb]) * za * zb / n;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            h[a][a] += wd;
        }
        return h;
    }

    /** Newton's method on the host to gradient norm 1e-12. */
    double[] minimise(boolean[] kept, double[] start) {
        double[] theta = start.clone();
        for (int it = 0; it < 100; it++) {
            double[] g = riskGradient(theta, kept);
            double norm = 0;
            for (double v : g) {
                norm += v * v;
            }
            if (Math.sqrt(norm) < 1e-12) {
                return theta;
            }
            double[] d = new LUDecomposition(new Array2DRowRealMatrix(riskHessian(theta, kept))).getSolver()
                .solve(new ArrayRealVector(g)).toArray();
            for (int a = 0; a < theta.length; a++) {
                theta[a] -= d[a];
            }
        }
        throw new AssertionError("Newton did not converge");
    }

    static boolean[] keptWithout(int n, int[] removed) {
        boolean[] k = new boolean[n];
        java.util.Arrays.fill(k, true);
        for (int i : removed) {
            k[i] = false;
        }
        return k;
    }

    @Override
    public void close() {
        manager.close();
    }
}
