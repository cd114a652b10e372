/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The curvature backends of the training risk {@code R(theta) = (1/m) sum_{i in S} l_i + (wd/2)|theta|^2} on a
 * (sub)sample S of m training samples, selectable by name:
 * <ul>
 *     <li>{@value #EXACT}: exact Hessian-vector products by double backward;</li>
 *     <li>{@value #FINITE_DIFFERENCE}: central differences of exact gradients (no native memory growth);</li>
 *     <li>{@value #FISHER}: empirical Fisher / Gauss-Newton {@code (1/m) G^T G + wd I} from per-sample gradients
 *     (rows of G), with an exact Woodbury solve;</li>
 *     <li>{@value #IDENTITY}: the identity (gradient-only ablation).</li>
 * </ul>
 */
public final class Curvatures {

    /** Exact Hessian backend name. */
    public static final String EXACT = "exact";
    /** Finite-difference backend name. */
    public static final String FINITE_DIFFERENCE = "finite-difference";
    /** Empirical Fisher backend name. */
    public static final String FISHER = "fisher";
    /** Identity backend name. */
    public static final String IDENTITY = "identity";

    private Curvatures() {}

    /**
     * A backend by name.
     * @param name one of {@value #EXACT}, {@value #FINITE_DIFFERENCE}, {@value #FISHER}, {@value #IDENTITY}.
     * @param engine the engine.
     * @param loss training losses.
     * @param sample the Hessian subsample S (indices into {@code loss}).
     * @param weightDecay wd &gt;= 0.
     * @return the operator.
     */
    public static CurvatureOperator create(String name, GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case EXACT:
                return new ExactHessian(engine, loss, sample, weightDecay, null);
            case FINITE_DIFFERENCE:
                return new FiniteDifferenceHessian(engine, loss, sample, weightDecay, null,
                                                   engine.space().dataType() == DataType.FLOAT64 ? 1e-5 : 1e-3);
            case FISHER:
                return new EmpiricalFisher(engine, loss, sample, weightDecay, null);
            case IDENTITY:
                return new Identity(engine);
            default:
                throw new IllegalArgumentException("Unknown curvature backend '" + name + "', expected one of "
                                                   + Arrays.asList(EXACT, FINITE_DIFFERENCE, FISHER, IDENTITY));
        }
    }

    /**
     * A random subsample of {@code 0..n-1} (all of them if {@code size >= n}), sorted.
     * @param n population size.
     * @param size subsample size.
     * @param seed the seed.
     * @return the indices.
     */
    public static int[] subsample(int n, int size, long seed) {
        return subsample(GradientEngine.range(n), size, seed);
    }

    /**
     * A random subsample of a pool of indices (all of them if {@code size >= pool.length}), sorted: the first
     * {@code size} draws of a seeded Fisher-Yates shuffle.
     * @param pool the indices (not modified).
     * @param size subsample size.
     * @param seed the seed.
     * @return the indices, sorted.
     */
    public static int[] subsample(int[] pool, int size, long seed) {
        if (size >= pool.length) {
            int[] all = pool.clone();
            Arrays.sort(all);
            return all;
        }
        int[] perm = pool.clone();
        Random rng = new Random(seed);
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(perm.length - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, size);
        Arrays.sort(out);
        return out;
    }

    /**
     * Resident set size of this process (Linux), for native-memory growth checks.
     * @return bytes, or -1 if unavailable.
     */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Operators whose curvature comes from a loss over a sample; they can be restricted to a mini-batch (LiSSA). */
    public abstract static class LossCurvature implements CurvatureOperator {
        final GradientEngine engine;
        final SampleLoss loss;
        final int[] sample;
        final double weightDecay;
        final NDArray at;
        long products;

        LossCurvature(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay, NDArray at) {
            if (sample.length == 0) {
                throw new IllegalArgumentException("Empty Hessian sample");
            }
            if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
            }
            for (int i : sample) {
                if (i < 0 || i >= loss.size()) {
                    throw new IllegalArgumentException("Hessian sample index " + i + " outside [0, " + loss.size() + ")");
                }
            }
            this.engine = engine;
            this.loss = loss;
            this.sample = sample.clone();
            this.weightDecay = weightDecay;
            this.at = at;
        }

        /** @return the sample size m. */
        public int sampleSize() {
            return sample.length;
        }

        @Override
        public int dimension() {
            return engine.space().size();
        }

        @Override
        public long products() {
            return products;
        }

        /**
         * The same backend on a random mini-batch of the sample.
         * @param rng randomness.
         * @param batch mini-batch size.
         * @return the restricted operator.
         */
        public abstract LossCurvature restrict(Random rng, int batch);

        int[] draw(Random rng, int batch) {
            int[] out = new int[Math.min(batch, sample.length)];
            for (int i = 0; i < out.length; i++) {
                out[i] = sample[rng.nextInt(sample.length)];
            }
            return out;
        }

        NDArray[] addDecay(NDArray[] hv, NDArray[] vs) {
            if (weightDecay != 0) {
                for (int k = 0; k < vs.length; k++) {
                    Vectors.axpy(hv[k], weightDecay, vs[k]);
                }
            }
            products += vs.length;
            return hv;
        }
    }

    /** Exact Hessian-vector products by double backward. */
    public static final class ExactHessian extends LossCurvature {
        private long rssGrowth;

        /**
         * Creates the operator.
         * @param engine the engine.
         * @param loss the losses.
         * @param sample the Hessian sample.
         * @param weightDecay wd.
         * @param at the point (null = live values).
         */
        public ExactHessian(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay, NDArray at) {
            super(engine, loss, sample, weightDecay, at);
        }

        @Override
        public String name() {
            return EXACT;
        }

        @Override
        public NDArray[] apply(NDArray... vs) {
            long before = residentBytes();
            NDArray[] hv = engine.hessianVectorProducts(loss, sample, 1.0 / sample.length, vs, at);
            long after = residentBytes();
            if (before > 0 && after > 0) {
                rssGrowth += after - before;
            }
            return addDecay(hv, vs);
        }

        /** @return total change of resident memory across {@link #apply} calls (a leak indicator; GC noise included). */
        public long residentGrowthBytes() {
            return rssGrowth;
        }

        @Override
        public LossCurvature restrict(Random rng, int batch) {
            return new ExactHessian(engine, loss, draw(rng, batch), weightDecay, at);
        }
    }

    /** Central finite differences of exact gradients. */
    public static final class FiniteDifferenceHessian extends LossCurvature {
        private final double relStep;

        /**
         * Creates the operator.
         * @param engine the engine.
         * @param loss the losses.
         * @param sample the Hessian sample.
         * @param weightDecay wd.
         * @param at the point (null = live values).
         * @param relStep relative step; the step is {@code relStep * max(1, |theta|) / |v|}.
         */
        public FiniteDifferenceHessian(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay, NDArray at, double relStep) {
            super(engine, loss, sample, weightDecay, at);
            if (!(relStep > 0)) {
                throw new IllegalArgumentException("relStep must be > 0, got " + relStep);
            }
            this.relStep = relStep;
        }

        @Override
        public String name() {
            return FINITE_DIFFERENCE;
        }

        @Override
        public NDArray[] apply(NDArray... vs) {
            return addDecay(engine.finiteDifferenceHvps(loss, sample, 1.0 / sample.length, vs, relStep, at), vs);
        }

        @Override
        public LossCurvature restrict(Random rng, int batch) {
            return new FiniteDifferenceHessian(engine, loss, draw(rng, batch), weightDecay, at, relStep);
        }
    }

    /**
     * Damped empirical Fisher {@code F = (1/m) G^T G + wd I}, G the (m, p) per-sample gradients (stored in row
     * chunks on the device), solved exactly by the Woodbury identity
     * {@code (cI + (1/m) G^T G)^-1 b = (b - G^T (m c I + G G^T)^-1 G b) / c}, {@code c = wd + lambda}, with the
     * (m, m) Gram matrix assembled block by block.
     */
    public static final class EmpiricalFisher extends LossCurvature {
        private final List<NDArray> chunks = new ArrayList<>();
        private final NDManager storage;
        private NDArray gramInverse;
        private double gramShift = Double.NaN;

        /**
         * Creates the operator (computes and stores the per-sample gradients now).
         * @param engine the engine.
         * @param loss the losses.
         * @param sample the sample.
         * @param weightDecay wd.
         * @param at the point (null = live values).
         */
        public EmpiricalFisher(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay, NDArray at) {
            super(engine, loss, sample, weightDecay, at);
            // The m x p gradients are stored whole: refuse before computing them when they cannot fit.
            engine.memoryBudget().check(String.format(Locale.ROOT, "Empirical Fisher storage (m x p per-sample gradients, m = %,d "
                                                      + "samples, p = %,d parameters)", this.sample.length, engine.space().size()),
                                        dev.fudlr.reliability.MemoryBudget.denseBytes(1, this.sample.length, engine.space().size(),
                                                                                      engine.bytesPerValue()),
                                        "Use the matrix-free '" + EXACT + "' or '" + FINITE_DIFFERENCE
                                        + "' curvature backend with the 'cg' solver, or a smaller Hessian subsample");
            this.storage = engine.vectors().newSubManager();
            engine.perSampleGradients(loss, this.sample, at, (start, rows) -> {
                NDArray copy = rows.duplicate();
                copy.attach(storage);
                chunks.add(copy);
            });
        }

        @Override
        public String name() {
            return FISHER;
        }

        @Override
        public NDArray[] apply(NDArray... vs) {
            NDArray[] out = new NDArray[vs.length];
            for (int k = 0; k < vs.length; k++) {
                NDArray acc = engine.space().zeros(vs[k].getManager());
                try (NDManager tmp = engine.vectors().newSubManager()) {
                    for (NDArray g : chunks) {
                        NDArray gv = g.matMul(vs[k].reshape(-1, 1));
                        gv.attach(tmp);
                        NDArray t = g.transpose().matMul(gv).reshape(-1);
                        t.attach(tmp);
                        acc.addi(t);
                    }
                }
                out[k] = acc.muli(1.0 / sample.length);
            }
            return addDecay(out, vs);
        }

        /**
         * The exact solution of {@code (F + lambda I) x = b} by the Woodbury identity.
         * @param damping lambda; {@code wd + lambda} must be positive.
         * @param bs right-hand sides.
         * @return the solutions.
         */
        public NDArray[] woodburySolve(double damping, NDArray... bs) {
            double c = weightDecay + damping;
            if (!(c > 0)) {
                throw new IllegalArgumentException("Woodbury needs weightDecay + damping > 0, got " + c);
            }
            int m = sample.length;
            if (gramInverse == null || gramShift != m * c) {
                // Gram matrix, identity, shifted copy and inverse: four m x m matrices at the peak.
                engine.memoryBudget().check(String.format(Locale.ROOT, "Woodbury solve (four m x m matrices, m = %,d Hessian samples)", m),
                                            dev.fudlr.reliability.MemoryBudget.denseBytes(4, m, m, engine.bytesPerValue()),
                                            "Use the 'cg' solver (iterative, no m x m matrix) with this backend, or a smaller "
                                            + "Hessian subsample");
                if (gramInverse != null) {
                    gramInverse.close();
                }
                try (NDManager tmp = engine.vectors().newSubManager()) {
                    NDArray gram = tmp.zeros(new Shape(m, m), engine.space().dataType(), engine.space().device());
                    int ra = 0;
                    for (NDArray a : chunks) {
                        int na = (int) a.getShape().get(0);
                        int rb = 0;
                        for (NDArray b : chunks) {
                            int nb = (int) b.getShape().get(0);
                            NDArray block = a.matMul(b.transpose());
                            block.attach(tmp);
                            gram.set(new ai.djl.ndarray.index.NDIndex(ra + ":" + (ra + na) + "," + rb + ":" + (rb + nb)), block);
                            rb += nb;
                        }
                        ra += na;
                    }
                    NDArray eye = tmp.eye(m, m, 0, engine.space().dataType()).toDevice(engine.space().device(), false);
                    NDArray shifted = gram.add(eye.muli(m * c));
                    gramInverse = dev.fudlr.reliability.NumericChecks.requireFinite("Woodbury inverse of the m x m Gram matrix",
                        shifted.inverse(), dev.fudlr.reliability.NumericChecks.FIX_DAMPING);
                    gramInverse.attach(storage);
                }
                gramShift = m * c;
            }
            NDArray[] out = new NDArray[bs.length];
            for (int k = 0; k < bs.length; k++) {
                try (NDManager tmp = engine.vectors().newSubManager()) {
                    List<NDArray> gbParts = new ArrayList<>();
                    for (NDArray g : chunks) {
                        NDArray gb = g.matMul(bs[k].reshape(-1, 1));
                        gb.attach(tmp);
                        gbParts.add(gb);
                    }
                    NDArray gb = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(gbParts));
                    gb.attach(tmp);
                    NDArray y = gramInverse.matMul(gb);
                    y.attach(tmp);
                    NDArray x = bs[k].duplicate();
                    int r = 0;
                    for (NDArray g : chunks) {
                        int n = (int) g.getShape().get(0);
                        NDArray ys = y.get(new ai.djl.ndarray.index.NDIndex(r + ":" + (r + n)));
                        NDArray t = g.transpose().matMul(ys).reshape(-1);
                        t.attach(tmp);
                        x.subi(t);
                        r += n;
                    }
                    x.attach(bs[k].getManager());
                    out[k] = x.muli(1.0 / c);
                }
            }
            return out;
        }

        @Override
        public LossCurvature restrict(Random rng, int batch) {
            return new EmpiricalFisher(engine, loss, draw(rng, batch), weightDecay, at);
        }

        /** Frees the stored gradients. */
        public void release() {
            storage.close();
        }
    }

    /** The identity (gradient-only ablation): C v = v. */
    public static final class Identity implements CurvatureOperator {
        private final int dimension;
        private long products;

        Identity(GradientEngine engine) {
            this.dimension = engine.space().size();
        }

        @Override
        public String name() {
            return IDENTITY;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public NDArray[] apply(NDArray... vs) {
            NDArray[] out = new NDArray[vs.length];
            for (int k = 0; k < vs.length; k++) {
                out[k] = vs[k].duplicate();
            }
            products += vs.length;
            return out;
        }

        @Override
        public long products() {
            return products;
        }
    }
}
