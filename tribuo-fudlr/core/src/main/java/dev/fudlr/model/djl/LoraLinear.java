/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dense projection with a LoRA adapter:
 * {@code y = x W^T + b + (alpha / r) (x A^T) B^T}, with frozen-able base {@code W} (out, in), {@code b} (out) and
 * adapter {@code A} (r, in), {@code B} (out, r). With {@code B = 0} (its initial value) the adapter is the
 * identity change.
 * <p>
 * Parameters: {@code weight}, {@code bias}, {@code lora_a}, {@code lora_b}.
 * <p>
 * LoRA dropout: in a training pass with a {@link LoraDropoutParameterStore} the adapter's input is
 * {@code dropout(x)}; with any other store (scoring, losses, influence computations) it is {@code x}.
 * <p>
 * Per-sample adapters: if the {@link ParameterStore} returns a stack of shape (batch, r, in) for {@code lora_a}
 * and/or (batch, out, r) for {@code lora_b}, sample {@code i} of the batch uses slice {@code i}. Feeding a
 * per-sample zero perturbation this way yields all per-sample gradients in one backward pass.
 */
public final class LoraLinear extends NamedBlock {

    private final int inputDim;
    private final int outputDim;
    private final double scale;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter loraA;
    private final Parameter loraB;

    /**
     * Creates a LoRA projection.
     * @param inputDim input width.
     * @param outputDim output width.
     * @param rank LoRA rank r.
     * @param scale adapter scale (alpha / r).
     */
    public LoraLinear(int inputDim, int outputDim, int rank, double scale) {
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.scale = scale;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                                       .optShape(new Shape(outputDim, inputDim)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                                     .optShape(new Shape(outputDim)).build());
        this.loraA = addParameter(Parameter.builder().setName("lora_a").setType(Parameter.Type.WEIGHT)
                                      .optShape(new Shape(rank, inputDim)).build());
        this.loraB = addParameter(Parameter.builder().setName("lora_b").setType(Parameter.Type.WEIGHT)
                                      .optShape(new Shape(outputDim, rank)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ScopedParameters.value(store, weight, x, training);
        NDArray b = ScopedParameters.value(store, bias, x, training);
        NDArray a = ScopedParameters.value(store, loraA, x, training);
        NDArray bb = ScopedParameters.value(store, loraB, x, training);
        NDArray base = x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
        return new NDList(base.add(adapterDelta(store, training, x, a, bb, scale)));
    }

    /**
     * The scaled adapter output {@code scale (x A^T) B^T}, with LoRA dropout on the adapter's input only when the
     * step's store asks for it (never from the training flag alone). Shared with the item-score adapter of
     * {@code dev.fudlr.model.transformer.CausalTransformerBlock}.
     * @param store the step's parameter store.
     * @param training whether this is a training pass.
     * @param x the input (batch, ..., in).
     * @param a A (r, in) or a per-sample stack (batch, r, in).
     * @param b B (out, r) or a per-sample stack (batch, out, r).
     * @param scale alpha / r.
     * @return (batch, ..., out).
     */
    public static NDArray adapterDelta(ParameterStore store, boolean training, NDArray x, NDArray a, NDArray b, double scale) {
        NDArray input = training && store instanceof LoraDropoutParameterStore d ? d.drop(x) : x;
        NDArray delta = project(project(input, a), b);
        // Not delta.mul(scale): see NativeArrays on DJL's Number operations.
        return delta.mul(NativeArrays.scalar(delta, scale));
    }

    /** x (batch, ..., in) times m^T, where m is (out, in) or a per-sample stack (batch, out, in). */
    private static NDArray project(NDArray x, NDArray m) {
        if (m.getShape().dimension() == 2) {
            return x.getNDArrayInternal().linear(x, m, null).singletonOrThrow();
        }
        // Per-sample weights: (batch, L, in) x (batch, in, out).
        return x.matMul(m.transpose(0, 2, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[]{in.slice(0, in.dimension() - 1).add(outputDim)};
    }

    /** @return input width. */
    public int inputDim() {
        return inputDim;
    }

    /** @return output width. */
    public int outputDim() {
        return outputDim;
    }

    /** @return the adapter scale alpha / r. */
    public double scale() {
        return scale;
    }
}
