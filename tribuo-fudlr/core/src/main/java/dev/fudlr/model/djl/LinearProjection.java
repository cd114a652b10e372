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
 * A dense projection {@code y = x W^T + b} over the last axis, with {@code W} of shape (out, in).
 * Parameters: {@code weight}, {@code bias}.
 */
public final class LinearProjection extends NamedBlock {

    private final int inputDim;
    private final int outputDim;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates a projection.
     * @param inputDim input width.
     * @param outputDim output width.
     */
    public LinearProjection(int inputDim, int outputDim) {
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                                       .optShape(new Shape(outputDim, inputDim)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                                     .optShape(new Shape(outputDim)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ScopedParameters.value(store, weight, x, training);
        NDArray b = ScopedParameters.value(store, bias, x, training);
        return x.getNDArrayInternal().linear(x, w, b);
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
}
