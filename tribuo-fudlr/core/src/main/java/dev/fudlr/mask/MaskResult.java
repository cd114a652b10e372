/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

/**
 * The outcome of {@link MaskOptimizer#optimize}: the final logits and mask, and the objective trace. Immutable.
 */
public final class MaskResult {

    private final double[] logits;
    private final double[] mask;
    private final double[] trace;

    MaskResult(double[] logits, double[] mask, double[] trace) {
        this.logits = logits;
        this.mask = mask;
        this.trace = trace;
    }

    /** @return the final w (a copy). */
    public double[] logits() {
        return logits.clone();
    }

    /** @return the final m = sigmoid(w) (a copy). */
    public double[] mask() {
        return mask.clone();
    }

    /** @return J before the first step and after every step (length steps + 1, a copy). */
    public double[] trace() {
        return trace.clone();
    }

    /** @return J at the final mask. */
    public double finalObjective() {
        return trace[trace.length - 1];
    }

    /**
     * The samples with m_i &gt; threshold, capped at {@code maxRemovalFraction * n}, in mask order.
     * @param threshold e.g. 0.5.
     * @param maxRemovalFraction in [0, 1].
     * @return the selection.
     */
    public Selection select(double threshold, double maxRemovalFraction) {
        return Selection.byThreshold(mask, threshold, maxRemovalFraction);
    }

    /**
     * A histogram of the mask values on [0, 1].
     * @param bins the number of equal-width bins, &gt;= 1.
     * @return counts per bin (the last bin includes 1).
     */
    public int[] histogram(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        int[] h = new int[bins];
        for (double v : mask) {
            h[Math.min(bins - 1, (int) Math.floor(v * bins))]++;
        }
        return h;
    }
}
