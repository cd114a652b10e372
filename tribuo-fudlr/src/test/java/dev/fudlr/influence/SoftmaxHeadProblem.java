/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A generic (non-recommender) DJL block for tests: frozen random features {@code h = tanh(x W0^T)} and a trainable
 * softmax-linear head {@code s = h W^T + b}, cross-entropy loss. Convex in the head, with an analytic Hessian. The
 * head accepts per-sample stacks of W (batch, C, h) and b (batch, C).
 */
final class SoftmaxHeadProblem implements AutoCloseable {

    final int n;
    final int inputDim;
    final int hidden;
    final int classes;
    final DataType dataType;
    final double[][] x;
    final int[] y;
    final NDManager manager;
    final HeadBlock block;
    final ParameterSpace space;

    SoftmaxHeadProblem(int n, int inputDim, int hidden, int classes, DataType dataType, long seed) {
        this.n = n;
        this.inputDim = inputDim;
        this.hidden = hidden;
        this.classes = classes;
        this.dataType = dataType;
        Random rng = new Random(seed);
        double[] w0 = new double[hidden * inputDim];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = rng.nextGaussian() / Math.sqrt(inputDim);
        }
        double[] teacher = new double[classes * inputDim];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = rng.nextGaussian();
        }
        this.x = new double[n][inputDim];
        this.y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < inputDim; j++) {
                x[i][j] = rng.nextGaussian();
            }
            // Noisy teacher labels so the optimum is finite even without weight decay.
            double[] logits = new double[classes];
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < inputDim; j++) {
                    logits[c] += teacher[c * inputDim + j] * x[i][j];
                }
                logits[c] += 1.5 * rng.nextGaussian();
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            y[i] = best;
        }
        this.manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
        this.block = new HeadBlock(inputDim, hidden, classes);
        double[] w = new double[classes * hidden];
        double[] b = new double[classes];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.1 * rng.nextGaussian();
        }
        block.base.setInitializer((m, s, t) -> m.create(w0, s).toType(dataType, false));
        block.weight.setInitializer((m, s, t) -> m.create(w, s).toType(dataType, false));
        block.bias.setInitializer((m, s, t) -> m.create(b, s).toType(dataType, false));
        block.initialize(manager, dataType, new Shape(1, inputDim));
        block.base.freeze(true);
        this.space = new ParameterSpace(List.of(block.weight, block.bias));
    }

    NDArray inputs(NDManager step, int[] idx) {
        double[] flat = new double[idx.length * inputDim];
        for (int r = 0; r < idx.length; r++) {
            System.arraycopy(x[idx[r]], 0, flat, r * inputDim, inputDim);
        }
        return step.create(flat, new Shape(idx.length, inputDim)).toType(dataType, false);
    }

    /** The loss over samples {@code offset + indices} (offset lets one problem hold training and validation parts). */
    SampleLoss loss(int offset, int count) {
        return new SampleLoss() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public NDArray losses(ParameterStore store, NDManager step, int[] indices) {
                int[] idx = Arrays.stream(indices).map(i -> i + offset).toArray();
                NDArray s = block.scores(store, inputs(step, idx));
                long[] t = Arrays.stream(idx).mapToLong(i -> y[i]).toArray();
                NDArray tgt = step.create(t, new Shape(idx.length, 1));
                return s.logSoftmax(1).gather(tgt, 1).reshape(-1).neg();
            }

            @Override
            public boolean supportsPerSampleParameters() {
                return true;
            }
        };
    }

    ScoreFunction scores(int offset, int count) {
        return new ScoreFunction() {
            @Override
            public int rows() {
                return count;
            }

            @Override
            public int cols() {
                return classes;
            }

            @Override
            public NDArray scores(ParameterStore store, NDManager step, int from, int to) {
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = offset + from + i;
                }
                return block.scores(store, inputs(step, idx));
            }
        };
    }

    private double[][] featureCache;

    /** Hidden features of sample i (host, double; cached because the base is frozen). */
    double[] features(int i) {
        if (featureCache == null) {
            featureCache = new double[n][];
        }
        if (featureCache[i] == null) {
            featureCache[i] = computeFeatures(i);
        }
        return featureCache[i];
    }

    private double[] computeFeatures(int i) {
        double[] w0 = block.base.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        double[] h = new double[hidden];
        for (int k = 0; k < hidden; k++) {
            double s = 0;
            for (int j = 0; j < inputDim; j++) {
                s += w0[k * inputDim + j] * x[i][j];
            }
            h[k] = Math.tanh(s);
        }
        return h;
    }

    /** Analytic Hessian of (1/|idx|) sum l_i + (wd/2)|theta|^2 at theta (flat order: W row-major, then b). */
    double[][] analyticHessian(double[] theta, int[] idx, double wd) {
        int p = classes * hidden + classes;
        double[][] hess = new double[p][p];
        for (int i : idx) {
            double[] h = features(i);
            double[] z = Arrays.copyOf(h, hidden + 1);
            z[hidden] = 1.0;
            double[] s = new double[classes];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                s[c] = theta[classes * hidden + c];
                for (int k = 0; k < hidden; k++) {
                    s[c] += theta[c * hidden + k] * h[k];
                }
                max = Math.max(max, s[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                s[c] = Math.exp(s[c] - max);
                sum += s[c];
            }
            for (int c = 0; c < classes; c++) {
                s[c] /= sum;
            }
            for (int a = 0; a < p; a++) {
                int ca = a < classes * hidden ? a / hidden : a - classes * hidden;
                int fa = a < classes * hidden ? a % hidden : hidden;
                for (int b = 0; b < p; b++) {
                    int cb = b < classes * hidden ? b / hidden : b - classes * hidden;
                    int fb = b < classes * hidden ? b % hidden : hidden;
                    double curv = (ca == cb ? s[ca] : 0) - s[ca] * s[cb];
                    hess[a][b] += curv * z[fa] * z[fb] / idx.length;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            hess[a][a] += wd;
        }
        return hess;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Frozen features and a trainable softmax head. */
    static final class HeadBlock extends AbstractBlock {
        final Parameter base;
        final Parameter weight;
        final Parameter bias;
        final int classes;

        HeadBlock(int inputDim, int hidden, int classes) {
            this.classes = classes;
            base = addParameter(Parameter.builder().setName("base").setType(Parameter.Type.WEIGHT)
                                    .optShape(new Shape(hidden, inputDim)).build());
            weight = addParameter(Parameter.builder().setName("head_weight").setType(Parameter.Type.WEIGHT)
                                      .optShape(new Shape(classes, hidden)).build());
            bias = addParameter(Parameter.builder().setName("head_bias").setType(Parameter.Type.BIAS)
                                    .optShape(new Shape(classes)).build());
        }

        NDArray scores(ParameterStore store, NDArray x) {
            NDArray w0 = store.getValue(base, x.getDevice(), true);
            NDArray w = store.getValue(weight, x.getDevice(), true);
            NDArray b = store.getValue(bias, x.getDevice(), true);
            NDArray h = x.matMul(w0.transpose()).tanh();
            if (w.getShape().dimension() == 3) {
                // Per-sample heads: (B, 1, h) x (B, h, C).
                return h.expandDims(1).matMul(w.transpose(0, 2, 1)).reshape(-1, classes).add(b);
            }
            return h.matMul(w.transpose()).add(b);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(scores(store, inputs.singletonOrThrow()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[]{new Shape(inputShapes[0].get(0), classes)};
        }
    }
}
