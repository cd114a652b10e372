/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.fudlr.model.djl.TangentParameterStore;
import dev.fudlr.reliability.FudlrNumericException;
import dev.fudlr.reliability.MemoryBudget;
import dev.fudlr.reliability.NativeMemory;
import dev.fudlr.reliability.NumericChecks;
import dev.fudlr.reliability.ResourceLimitException;
import dev.fudlr.progress.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Derivatives of losses and surrogates with respect to the trainable parameters, at the live parameter values or
 * at any point of the {@link ParameterSpace} (substituted through a {@link SubstitutingParameterStore}, so the model
 * is never mutated). Work is done in chunks of {@code chunkSize} samples, each in its own sub-manager; results are
 * 1-D (or 2-D for per-sample rows) NDArrays owned by {@link #vectors()} on the model's device.
 * <p>
 * Exact Hessian-vector products use double backward through {@link JniUtils#backward} with {@code createGraph}, on
 * a fresh zero leaf per product (the parameters' own {@code .grad} would carry a stale graph). Not thread-safe; opens
 * one DJL {@link GradientCollector} at a time.
 * <p>
 * Every result is checked for NaN and infinite values ({@link NumericChecks}): a fault throws a
 * {@link FudlrNumericException} naming the stage (losses, scores, gradient, per-sample gradients, Hessian-vector
 * product) and the fix, rather than passing NaN on to a solver, a mask or a model. Dense host buffers (score matrices)
 * and device matrices of per-sample gradients are checked against a {@link MemoryBudget} before they are allocated.
 * <p>
 * Per-sample directional derivatives (FUDLR's per-sample effects) go through LoRA tangents when every unlearnable
 * parameter is read by a tangent-aware block ({@link TangentParameterStore}), else through per-sample gradients; see
 * {@link DirectionalKernel}. Every {@value #TRIM_EVERY_CHUNKS} chunks of any pass the engine hands freed native memory
 * back to the system ({@link NativeMemory}), which keeps glibc's heaps from growing over a long pass.
 */
public final class GradientEngine implements AutoCloseable {
    private static final Logger logger = Logger.getLogger(GradientEngine.class.getName());

    private final ParameterSpace space;
    private final NDManager vectors;
    private final int chunkSize;
    /**
     * Default cap on exact Hessian-vector products per engine. Each exact product leaks native memory through
     * PyTorch's {@code create_graph} reference cycle: the retained graph of the chunk, measured at about 23 KB per
     * product with 8 samples and 330 KB with 40 samples on the tiny test transformer), so an unbounded LiSSA run on
     * the exact backend would grow without limit. 5,000 products allow CG solves of hundreds of iterations for
     * several right-hand sides while keeping the growth to about 1.6 GB at 330 KB per product; LiSSA should use the
     * finite-difference backend.
     */
    public static final long DEFAULT_EXACT_PRODUCT_BUDGET = 5_000;

    private long products;
    private long gradientPasses;
    private long exactProducts;
    private long exactProductBudget = DEFAULT_EXACT_PRODUCT_BUDGET;
    private MemoryBudget memoryBudget = MemoryBudget.defaults();

    /**
     * Creates an engine.
     * @param space the trainable parameters.
     * @param parent the model's manager; the engine's vectors live in a sub-manager of it.
     * @param chunkSize samples per forward/backward pass, at least 1.
     */
    public GradientEngine(ParameterSpace space, NDManager parent, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
        }
        this.space = space;
        this.vectors = parent.newSubManager();
        this.chunkSize = chunkSize;
    }

    /** Chunks between two returns of freed native memory to the system (see {@link NativeMemory}). */
    static final int TRIM_EVERY_CHUNKS = 8;
    private long chunksSinceTrim;

    /** Counts a finished chunk; every {@value #TRIM_EVERY_CHUNKS} chunks hands freed native memory back. */
    private void chunkDone() {
        if (++chunksSinceTrim >= TRIM_EVERY_CHUNKS) {
            chunksSinceTrim = 0;
            NativeMemory.release();
        }
    }

    /** @return the parameter space. */
    public ParameterSpace space() {
        return space;
    }

    /** @return the manager owning this engine's vectors (closed with the engine). */
    public NDManager vectors() {
        return vectors;
    }

    /** @return samples per pass. */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return Hessian-vector products computed so far (one per vector per sample chunk counts as 1/chunks). */
    public long productCount() {
        return products;
    }

    /** @return exact (double-backward) Hessian-vector products so far, one per vector per call. */
    public long exactProductCount() {
        return exactProducts;
    }

    /** @return the cap on {@link #exactProductCount()}. */
    public long exactProductBudget() {
        return exactProductBudget;
    }

    /** @return exact products still allowed. */
    public long remainingExactProducts() {
        return Math.max(0, exactProductBudget - exactProducts);
    }

    /**
     * Sets the cap on exact Hessian-vector products; a call that would exceed it throws instead of computing.
     * @param budget the cap, at least 1.
     */
    public void setExactProductBudget(long budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("exactProductBudget must be >= 1, got " + budget);
        }
        this.exactProductBudget = budget;
    }

    /** @return the budget of dense operations (per-sample gradient matrices, score matrices, Woodbury Gram matrices). */
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /**
     * Sets the budget of dense operations.
     * @param budget the budget.
     */
    public void setMemoryBudget(MemoryBudget budget) {
        this.memoryBudget = java.util.Objects.requireNonNull(budget, "budget");
    }

    /** @return bytes per value of the parameter space's data type. */
    long bytesPerValue() {
        return space.dataType() == DataType.FLOAT64 ? 8 : 4;
    }

    /** @return forward+backward passes so far. */
    public long passCount() {
        return gradientPasses;
    }

    /** @return the live trainable values as a new vector. */
    public NDArray theta() {
        return space.get(vectors);
    }

    /**
     * All indices {@code 0..n-1}.
     * @param n the count.
     * @return the indices.
     */
    public static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static GradientCollector collector() {
        return Engine.getEngine("PyTorch").newGradientCollector();
    }

    private static NDArray onesLike(NDArray a) {
        return a.getManager().ones(a.getShape(), a.getDataType(), a.getDevice());
    }

    // ------------------------------------------------------------------ forward only

    /**
     * Per-sample losses (forward only).
     * @param loss the losses.
     * @param indices samples.
     * @param at the point, or null for the live values.
     * @return one loss per index.
     */
    public double[] losses(SampleLoss loss, int[] indices, NDArray at) {
        double[] out = new double[indices.length];
        for (int start = 0; start < indices.length; start += chunkSize) {
            int[] chunk = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + chunkSize));
            try (NDManager step = vectors.newSubManager()) {
                NDArray l = loss.losses(store(step, at), step, chunk);
                double[] v = l.toType(DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(v, 0, out, start, v.length);
            }
            chunkDone();
        }
        return NumericChecks.requireFinite("per-sample losses", out, NumericChecks.FIX_MODEL);
    }

    /**
     * Mean loss (forward only).
     * @param loss the losses.
     * @param indices samples.
     * @param at the point, or null.
     * @return the mean.
     */
    public double meanLoss(SampleLoss loss, int[] indices, NDArray at) {
        return Arrays.stream(losses(loss, indices, at)).sum() / indices.length;
    }

    /**
     * Scores (forward only).
     * @param f the score function.
     * @param at the point, or null.
     * @return the scores, row-major {@code f.rows() x f.cols()}.
     */
    public double[] scores(ScoreFunction f, NDArray at) {
        long cells = (long) f.rows() * f.cols();
        memoryBudget.check(String.format(java.util.Locale.ROOT, "Score matrix (%,d users x %,d items, float64)", f.rows(), f.cols()),
                           MemoryBudget.denseBytes(1, f.rows(), f.cols(), 8), "Audit fewer users at a time");
        if (cells > Integer.MAX_VALUE - 8) {
            throw new ResourceLimitException("Score matrix of " + f.rows() + " x " + f.cols() + " cells exceeds a Java array; audit fewer users",
                                             MemoryBudget.denseBytes(1, f.rows(), f.cols(), 8), memoryBudget.bytes());
        }
        double[] flat = new double[(int) cells];
        for (int start = 0; start < f.rows(); start += chunkSize) {
            int end = Math.min(f.rows(), start + chunkSize);
            try (NDManager step = vectors.newSubManager()) {
                double[] v = f.scores(store(step, at), step, start, end).toType(DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(v, 0, flat, start * f.cols(), v.length);
            }
            chunkDone();
        }
        return NumericChecks.requireFinite("scores", flat, NumericChecks.FIX_MODEL);
    }

    private SubstitutingParameterStore store(NDManager step, NDArray at) {
        if (at == null) {
            return new SubstitutingParameterStore(step, java.util.Collections.emptyMap());
        }
        return new SubstitutingParameterStore(step, space.constants(step, at));
    }

    // ------------------------------------------------------------------ gradients

    /**
     * Gradient of {@code scale * sum_{i in indices} l_i} at a point.
     * @param loss the losses.
     * @param indices samples (may repeat).
     * @param scale the factor (e.g. 1/n).
     * @param at the point, or null for the live values.
     * @return the flat gradient.
     */
    public NDArray gradient(SampleLoss loss, int[] indices, double scale, NDArray at) {
        NDArray acc = space.zeros(vectors);
        for (int start = 0; start < indices.length; start += chunkSize) {
            int[] chunk = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + chunkSize));
            try (NDManager step = vectors.newSubManager(); GradientCollector gc = collector()) {
                List<NDArray> leaves = new ArrayList<>();
                NDArray l = loss.losses(new SubstitutingParameterStore(step, space.substitutions(step, at, 0, leaves)),
                                        step, chunk).sum();
                JniUtils.backward((PtNDArray) l, (PtNDArray) onesLike(l), false, false);
                acc.addi(space.gradientOf(leaves, 0));
                gradientPasses++;
            }
            chunkDone();
        }
        return NumericChecks.requireFinite("loss gradient", acc.muli(scale), NumericChecks.FIX_MODEL);
    }

    /**
     * The value and parameter gradient of an objective of the model's scores (e.g. a fairness surrogate): one forward
     * pass for the score matrix, the objective's score gradient on the host, then one vector-Jacobian product per
     * chunk.
     * @param f the scores.
     * @param objective the objective.
     * @param at the point, or null.
     * @return the value and gradient.
     */
    public ValueAndGradient surrogateGradient(ScoreFunction f, ScoreObjective objective, NDArray at) {
        ScoreObjective.Evaluation r = objective.evaluate(scores(f, at), f.rows(), f.cols());
        String stage = "surrogate " + objective.name();
        NumericChecks.requireFinite(stage + " value", r.value(), NumericChecks.FIX_TEMPERATURE);
        NumericChecks.requireFinite(stage + " score gradient", r.scoreGradient(), NumericChecks.FIX_TEMPERATURE);
        return new ValueAndGradient(r.value(), scoreVjp(f, r.scoreGradient(), at));
    }

    /**
     * Vector-Jacobian product of the score matrix: {@code d/dtheta sum_{u,j} w[u,j] s[u,j]}.
     * @param f the scores.
     * @param weights row-major rows x cols weights (e.g. a surrogate's score gradient).
     * @param at the point, or null.
     * @return the flat gradient.
     */
    public NDArray scoreVjp(ScoreFunction f, double[] weights, NDArray at) {
        if (weights.length != f.rows() * f.cols()) {
            throw new IllegalArgumentException("Score weights have " + weights.length + " entries, expected " + f.rows() + "x" + f.cols());
        }
        NDArray acc = space.zeros(vectors);
        for (int start = 0; start < f.rows(); start += chunkSize) {
            int end = Math.min(f.rows(), start + chunkSize);
            try (NDManager step = vectors.newSubManager(); GradientCollector gc = collector()) {
                List<NDArray> leaves = new ArrayList<>();
                NDArray s = f.scores(new SubstitutingParameterStore(step, space.substitutions(step, at, 0, leaves)), step, start, end);
                NDArray w = step.create(Arrays.copyOfRange(weights, start * f.cols(), end * f.cols()), new Shape(end - start, f.cols()))
                    .toType(s.getDataType(), false).toDevice(s.getDevice(), false);
                JniUtils.backward((PtNDArray) s, (PtNDArray) w, false, false);
                acc.addi(space.gradientOf(leaves, 0));
                gradientPasses++;
            }
            chunkDone();
        }
        return NumericChecks.requireFinite("score vector-Jacobian product", acc, NumericChecks.FIX_MODEL);
    }

    // ------------------------------------------------------------------ per-sample gradients

    /** Receives per-sample gradient rows chunk by chunk. */
    @FunctionalInterface
    public interface RowConsumer {
        /**
         * One chunk.
         * @param start position of the chunk's first row in the index list.
         * @param rows (chunk, size) gradients, owned by a manager that closes after the call.
         */
        void accept(int start, NDArray rows);
    }

    /**
     * Per-sample gradients {@code g_i = grad l_i}, one chunk at a time: with per-sample zero copies of the trainable
     * parameters (one backward pass per chunk) when the loss supports them, else one sample at a time.
     * @param loss the losses.
     * @param indices samples.
     * @param at the point, or null.
     * @param consumer receives each chunk.
     */
    public void perSampleGradients(SampleLoss loss, int[] indices, NDArray at, RowConsumer consumer) {
        // Reporting only: if a chunk throws, the task is simply never finished.
        Progress progress = Progress.start("per-sample gradients", indices.length, "samples");
        for (int start = 0; start < indices.length; start += chunkSize) {
            int[] chunk = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + chunkSize));
            try (NDManager step = vectors.newSubManager()) {
                NDArray rows;
                if (loss.supportsPerSampleParameters()) {
                    try (GradientCollector gc = collector()) {
                        List<NDArray> leaves = new ArrayList<>();
                        NDArray l = loss.losses(new SubstitutingParameterStore(step, space.substitutions(step, at, chunk.length, leaves)),
                                                step, chunk).sum();
                        JniUtils.backward((PtNDArray) l, (PtNDArray) onesLike(l), false, false);
                        rows = space.gradientOf(leaves, chunk.length);
                        gradientPasses++;
                    }
                } else {
                    NDList list = new NDList();
                    for (int i : chunk) {
                        list.add(gradientInto(step, loss, new int[]{i}, at));
                    }
                    rows = NDArrays.stack(list);
                }
                NumericChecks.requireFinite("per-sample gradients (samples " + start + ".." + (start + chunk.length - 1) + ")",
                                            rows, NumericChecks.FIX_MODEL);
                consumer.accept(start, rows);
            }
            progress.step(chunk.length);
            chunkDone();
        }
        progress.close();
    }

    /** Gradient of sum of losses over a small index set, owned by {@code owner}. */
    private NDArray gradientInto(NDManager owner, SampleLoss loss, int[] idx, NDArray at) {
        try (NDManager step = owner.newSubManager(); GradientCollector gc = collector()) {
            List<NDArray> leaves = new ArrayList<>();
            NDArray l = loss.losses(new SubstitutingParameterStore(step, space.substitutions(step, at, 0, leaves)), step, idx).sum();
            JniUtils.backward((PtNDArray) l, (PtNDArray) onesLike(l), false, false);
            NDArray g = space.gradientOf(leaves, 0);
            g.attach(owner);
            gradientPasses++;
            return g;
        }
    }

    /**
     * All per-sample gradients as one (indices.length, size) matrix owned by {@link #vectors()} (memory:
     * n x size values; use {@link #perSampleGradients} to stream instead).
     * @param loss the losses.
     * @param indices samples.
     * @param at the point, or null.
     * @return the matrix.
     */
    public NDArray perSampleGradientMatrix(SampleLoss loss, int[] indices, NDArray at) {
        memoryBudget.check(String.format(java.util.Locale.ROOT, "Per-sample gradient matrix (%,d samples x %,d parameters)",
                                         indices.length, space.size()),
                           MemoryBudget.denseBytes(1, indices.length, space.size(), bytesPerValue()),
                           "Stream the rows with perSampleGradients (chunked) instead");
        NDArray out = vectors.zeros(new Shape(indices.length, space.size()), space.dataType(), space.device());
        perSampleGradients(loss, indices, at, (start, rows) ->
            out.set(new ai.djl.ndarray.index.NDIndex(start + ":" + (start + rows.getShape().get(0))), rows));
        return out;
    }

    /** How per-sample directional derivatives are computed. */
    public enum DirectionalMode {
        /** Exact: per-sample gradient rows of each chunk times the direction matrix (never all rows at once). */
        EXACT,
        /** Central finite differences of per-sample losses along each direction: two forward passes, no backward. */
        FINITE_DIFFERENCE
    }

    /**
     * Per-sample directional derivatives {@code g_i . v_k} for all samples and directions.
     * @param loss the losses.
     * @param indices samples.
     * @param directions the vectors v_k.
     * @param mode exact or finite differences.
     * @param at the point, or null.
     * @return {@code [indices.length][directions.length]}.
     */
    public double[][] directionalDerivatives(SampleLoss loss, int[] indices, NDArray[] directions, DirectionalMode mode, NDArray at) {
        return directionalDerivatives(loss, indices, directions, mode, at, null);
    }

    /**
     * As {@link #directionalDerivatives(SampleLoss, int[], NDArray[], DirectionalMode, NDArray)}, and in exact mode also
     * the sum of the per-sample gradients, which the pass computes anyway (a later full-data gradient then costs nothing).
     * @param loss the losses.
     * @param indices samples.
     * @param directions the vectors v_k.
     * @param mode exact or finite differences.
     * @param at the point, or null.
     * @param gradientSum null, or (exact mode only) a host array of the parameter count that receives
     *                    {@code sum_{i in indices} g_i} (added to its contents).
     * @return {@code [indices.length][directions.length]}.
     */
    public double[][] directionalDerivatives(SampleLoss loss, int[] indices, NDArray[] directions, DirectionalMode mode, NDArray at,
                                             double[] gradientSum) {
        if (gradientSum != null && (mode != DirectionalMode.EXACT || gradientSum.length != space.size())) {
            throw new IllegalArgumentException("A gradient sum needs the exact mode and an array of length " + space.size()
                + " (mode " + mode + ", length " + gradientSum.length + ")");
        }
        double[][] out = new double[indices.length][directions.length];
        if (directions.length == 0) {
            return out;
        }
        if (mode == DirectionalMode.EXACT) {
            if (tangentDerivatives(loss, indices, directions, at, gradientSum, out)) {
                lastKernel = DirectionalKernel.TANGENT;
                return NumericChecks.requireFinite("per-sample directional derivatives (tangents)", out, NumericChecks.FIX_DAMPING);
            }
            lastKernel = loss.supportsPerSampleParameters() ? DirectionalKernel.PER_SAMPLE_PARAMETERS : DirectionalKernel.ONE_AT_A_TIME;
            try (NDManager tmp = vectors.newSubManager()) {
                NDArray vmat = stacked(directions, 1, tmp);
                perSampleGradients(loss, indices, at, (start, rows) -> {
                    if (gradientSum != null) {
                        addInto(gradientSum, rows.sum(new int[]{0}));
                    }
                    double[] d = rows.matMul(vmat).toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int r = 0; r < d.length / directions.length; r++) {
                        System.arraycopy(d, r * directions.length, out[start + r], 0, directions.length);
                    }
                });
            }
            // The rows were checked; a non-finite direction (an iHVP solution) shows up here.
            return NumericChecks.requireFinite("per-sample directional derivatives", out, NumericChecks.FIX_DAMPING);
        }
        lastKernel = DirectionalKernel.FINITE_DIFFERENCE;
        NDArray base = at == null ? theta() : at;
        try (NDManager tmp = vectors.newSubManager()) {
            double baseNorm = Vectors.norm(base);
            double eps = space.dataType() == DataType.FLOAT64 ? 1e-5 : 3e-3;
            for (int k = 0; k < directions.length; k++) {
                double vn = Vectors.norm(directions[k]);
                if (vn == 0) {
                    continue;
                }
                double h = eps * Math.max(1.0, baseNorm) / vn;
                NDArray plus = base.add(directions[k].mul(h));
                NDArray minus = base.sub(directions[k].mul(h));
                plus.attach(tmp);
                minus.attach(tmp);
                double[] lp = losses(loss, indices, plus);
                double[] lm = losses(loss, indices, minus);
                for (int i = 0; i < indices.length; i++) {
                    out[i][k] = (lp[i] - lm[i]) / (2 * h);
                }
            }
        } finally {
            if (at == null) {
                base.close();
            }
        }
        return NumericChecks.requireFinite("per-sample directional derivatives (finite differences)", out, NumericChecks.FIX_MODEL);
    }

    /** The directions stacked along {@code axis} (1: a (p, K) matrix, 0: (K, p) rows), owned by {@code owner}. */
    private static NDArray stacked(NDArray[] directions, int axis, NDManager owner) {
        NDArray m = NDArrays.stack(new NDList(directions), axis);
        m.attach(owner);
        return m;
    }

    /** Adds a device vector to a host sum (in float64). */
    private static void addInto(double[] sum, NDArray vector) {
        try (NDArray g = vector.toType(DataType.FLOAT64, false)) {
            double[] v = g.toDoubleArray();
            for (int j = 0; j < v.length; j++) {
                sum[j] += v[j];
            }
        }
    }

    /** How the last {@link #directionalDerivatives} call computed its values. */
    public enum DirectionalKernel {
        /** Probe-weighted tangents through tangent-aware blocks: one forward + backward per chunk, no per-sample gradients. */
        TANGENT,
        /** Per-sample gradient rows from per-sample parameter stacks, times the direction matrix. */
        PER_SAMPLE_PARAMETERS,
        /** One backward pass per sample (any block). */
        ONE_AT_A_TIME,
        /** Central finite differences of the losses (approximate). */
        FINITE_DIFFERENCE
    }

    private DirectionalKernel lastKernel;

    /** @return the kernel of the last {@link #directionalDerivatives} call, or null before the first. */
    public DirectionalKernel lastDirectionalKernel() {
        return lastKernel;
    }

    /**
     * Exact directional derivatives through a {@link TangentParameterStore}: per chunk, one forward pass with a zero
     * (chunk, K) probe leaf and one backward pass; the probe's gradient is the chunk's rows of {@code g_i . v_k}.
     * Returns false, having written nothing, when the loss reads a trainable parameter outside tangent-aware blocks
     * (found on the first chunk, before any backward pass).
     */
    private boolean tangentDerivatives(SampleLoss loss, int[] indices, NDArray[] directions, NDArray at, double[] gradientSum,
                                       double[][] out) {
        int k = directions.length;
        Progress progress = null;
        try (NDManager tmp = vectors.newSubManager()) {
            NDArray vmat = stacked(directions, 0, tmp);
            List<NDArray> parts = space.splitRows(vmat);
            java.util.Map<ai.djl.nn.Parameter, NDArray> tangents = new java.util.IdentityHashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                tangents.put(space.parameters().get(i), parts.get(i));
            }
            for (int start = 0; start < indices.length; start += chunkSize) {
                int[] chunk = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + chunkSize));
                try (NDManager step = vectors.newSubManager(); GradientCollector gc = collector()) {
                    List<NDArray> leaves = new ArrayList<>();
                    // Leaves on the parameters only when the caller wants the gradient sum; else their values are detached.
                    java.util.Map<ai.djl.nn.Parameter, NDArray> values = gradientSum != null
                        ? space.substitutions(step, at, 0, leaves) : space.detached(step, at);
                    NDArray probe = step.zeros(new Shape(chunk.length, k), space.dataType(), space.device());
                    probe.setRequiresGradient(true);
                    TangentParameterStore store = new TangentParameterStore(step, values, tangents, probe);
                    NDArray l = loss.losses(store, step, chunk).sum();
                    if (!store.fullyCovered()) {
                        if (start == 0) {
                            logger.info("Per-sample directional derivatives: the loss reads trainable parameters outside tangent-aware blocks "
                                        + store.uncovered() + "; using per-sample gradients");
                            return false;
                        }
                        throw new IllegalStateException("The loss read trainable parameters outside tangent-aware blocks on samples from "
                                                        + start + " but not before: " + store.uncovered());
                    }
                    if (progress == null) {
                        progress = Progress.start("per-sample directional derivatives", indices.length, "samples");
                    }
                    JniUtils.backward((PtNDArray) l, (PtNDArray) onesLike(l), false, false);
                    double[] d = probe.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int r = 0; r < chunk.length; r++) {
                        System.arraycopy(d, r * k, out[start + r], 0, k);
                    }
                    if (gradientSum != null) {
                        addInto(gradientSum, space.gradientOf(leaves, 0));
                    }
                    gradientPasses++;
                }
                progress.step(chunk.length);
                chunkDone();
            }
        }
        if (progress != null) {
            progress.close();
        }
        return true;
    }

    // ------------------------------------------------------------------ Hessian-vector products

    /**
     * Exact Hessian-vector products of {@code scale * sum_{i in indices} l_i} for several vectors, sharing each
     * chunk's forward pass and first backward pass (double backward, fresh leaf per chunk).
     * @param loss the losses.
     * @param indices samples.
     * @param scale the factor.
     * @param vs the vectors.
     * @param at the point, or null.
     * @return H v for each v (new vectors).
     */
    public NDArray[] hessianVectorProducts(SampleLoss loss, int[] indices, double scale, NDArray[] vs, NDArray at) {
        if (exactProducts + vs.length > exactProductBudget) {
            throw new IllegalStateException("Exact Hessian-vector product budget exhausted: " + exactProducts + " used, "
                + vs.length + " requested, budget " + exactProductBudget + ". Each exact product leaks native memory "
                + "(PyTorch create_graph reference cycle); use the '" + Curvatures.FINITE_DIFFERENCE
                + "' backend for long LiSSA runs or raise the budget with setExactProductBudget");
        }
        exactProducts += vs.length;
        NDArray[] acc = new NDArray[vs.length];
        for (int k = 0; k < vs.length; k++) {
            acc[k] = space.zeros(vectors);
        }
        for (int start = 0; start < indices.length; start += chunkSize) {
            int[] chunk = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + chunkSize));
            try (NDManager step = vectors.newSubManager(); GradientCollector gc = collector()) {
                List<NDArray> leaves = new ArrayList<>();
                NDArray l = loss.losses(new SubstitutingParameterStore(step, space.substitutions(step, at, 0, leaves)),
                                        step, chunk).sum();
                JniUtils.backward((PtNDArray) l, (PtNDArray) onesLike(l), true, true);
                NDArray g = space.gradientOf(leaves, 0);
                // Each further backward accumulates into the leaves' .grad: H v = (grad after) - (grad before).
                NDArray before = g.stopGradient().duplicate();
                for (int k = 0; k < vs.length; k++) {
                    NDArray s = g.mul(vs[k]).sum();
                    JniUtils.backward((PtNDArray) s, (PtNDArray) onesLike(s), k < vs.length - 1, false);
                    NDArray after = space.gradientOf(leaves, 0).stopGradient().duplicate();
                    acc[k].addi(after.sub(before));
                    before = after;
                    products++;
                }
                gradientPasses++;
            }
        }
        for (int k = 0; k < acc.length; k++) {
            NumericChecks.requireFinite("exact Hessian-vector product " + k, acc[k].muli(scale), NumericChecks.FIX_MODEL);
        }
        return acc;
    }

    /**
     * Hessian-vector products by central differences of exact gradients,
     * {@code (grad(theta + e v) - grad(theta - e v)) / 2e} with {@code e = relStep * max(1, |theta|) / |v|}.
     * No double backward, so no native memory growth.
     * @param loss the losses.
     * @param indices samples.
     * @param scale the factor.
     * @param vs the vectors.
     * @param relStep relative step (e.g. 1e-3 for float32, 1e-5 for float64).
     * @param at the point, or null.
     * @return approximate H v for each v.
     */
    public NDArray[] finiteDifferenceHvps(SampleLoss loss, int[] indices, double scale, NDArray[] vs, double relStep, NDArray at) {
        NDArray base = at == null ? theta() : at;
        NDArray[] out = new NDArray[vs.length];
        try (NDManager tmp = vectors.newSubManager()) {
            double thetaNorm = Vectors.norm(base);
            for (int k = 0; k < vs.length; k++) {
                double vn = Vectors.norm(vs[k]);
                if (vn == 0) {
                    out[k] = space.zeros(vectors);
                    continue;
                }
                double e = relStep * Math.max(1.0, thetaNorm) / vn;
                NDArray plus = base.add(vs[k].mul(e));
                NDArray minus = base.sub(vs[k].mul(e));
                plus.attach(tmp);
                minus.attach(tmp);
                NDArray gp = gradient(loss, indices, scale, plus);
                NDArray gm = gradient(loss, indices, scale, minus);
                out[k] = gp.subi(gm).muli(1.0 / (2 * e));
                gm.close();
                products++;
                NumericChecks.requireFinite("finite-difference Hessian-vector product " + k, out[k], NumericChecks.FIX_MODEL);
            }
        } finally {
            if (at == null) {
                base.close();
            }
        }
        return out;
    }

    @Override
    public void close() {
        vectors.close();
    }

    /** A scalar value with its flat gradient. */
    public static final class ValueAndGradient {
        private final double value;
        private final NDArray gradient;

        ValueAndGradient(double value, NDArray gradient) {
            this.value = value;
            this.gradient = gradient;
        }

        /** @return the value. */
        public double value() {
            return value;
        }

        /** @return the gradient (owned by the engine's vectors manager). */
        public NDArray gradient() {
            return gradient;
        }
    }
}
