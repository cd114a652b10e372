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
 * Layer normalisation over the last axis with learned scale and shift (parameters {@code gamma}, {@code beta}).
 * Uses the engine's fused layer-norm operator, which has first and second derivatives in PyTorch.
 */
public final class LayerNormBlock extends NamedBlock {

    private final int dim;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * Creates a LayerNorm.
     * @param dim normalised width.
     * @param eps epsilon added to the variance.
     */
    public LayerNormBlock(int dim, double eps) {
        this.dim = dim;
        this.eps = (float) eps;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                                      .optShape(new Shape(dim)).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                                     .optShape(new Shape(dim)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = ScopedParameters.value(store, gamma, x, training);
        NDArray b = ScopedParameters.value(store, beta, x, training);
        return x.getNDArrayInternal().layerNorm(x, new Shape(dim), g, b, eps);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }
}
