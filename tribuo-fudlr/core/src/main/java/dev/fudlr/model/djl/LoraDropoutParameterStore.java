/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;

import java.util.SplittableRandom;

/**
 * The parameter store of one optimizer step that also asks every {@link LoraLinear} to apply LoRA dropout: the
 * adapter's input {@code x} (not the frozen base path) is multiplied by a Bernoulli(1 - rate) mask and scaled by
 * {@code 1 / (1 - rate)} (inverted dropout, as PEFT's {@code lora_dropout}), so
 * {@code y = x W^T + b + (alpha / r) B A (mask * x / (1 - rate))}.
 * <p>
 * Dropout is opt-in by the store, not by DJL's {@code training} flag: only a trainer's own steps use this store, so
 * scoring, host-level losses and gradients, and every influence computation (which run with plain or substituting
 * stores, some of them in training mode) never drop anything. It applies only when the pass is also a training pass.
 * <p>
 * Masks come from a {@link SplittableRandom} seeded per step and drawn in forward order on the host, so a seeded run
 * is reproducible on any device and does not touch the engine's global random state. One store serves one forward
 * pass; not thread-safe.
 */
public final class LoraDropoutParameterStore extends ParameterStore {

    private final double rate;
    private final SplittableRandom rng;

    /**
     * Creates a store.
     * @param stepManager the per-step manager (owns the masks).
     * @param rate the drop probability, in [0, 1).
     * @param seed the seed of this step's masks.
     */
    public LoraDropoutParameterStore(NDManager stepManager, double rate, long seed) {
        super(stepManager, false);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("LoRA dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.rng = new SplittableRandom(seed);
    }

    /** @return the drop probability. */
    public double rate() {
        return rate;
    }

    /**
     * Applies dropout to an adapter input.
     * @param x the input of a LoRA adapter.
     * @return {@code x * mask / (1 - rate)}, in {@code x}'s manager; {@code x} itself when the rate is 0.
     */
    public NDArray drop(NDArray x) {
        if (rate == 0) {
            return x;
        }
        long size = x.getShape().size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Input of " + size + " values is too large for a host dropout mask");
        }
        double keep = 1.0 / (1.0 - rate);
        NDArray mask;
        if (x.getDataType() == DataType.FLOAT64) {
            double[] m = new double[(int) size];
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextDouble() < rate ? 0.0 : keep;
            }
            mask = NativeArrays.create(x.getManager(), m, x.getShape());
        } else {
            float[] m = new float[(int) size];
            float k = (float) keep;
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextDouble() < rate ? 0f : k;
            }
            mask = NativeArrays.create(x.getManager(), m, x.getShape());
        }
        return x.mul(mask.toDevice(x.getDevice(), false));
    }
}
