/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples.byom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.fudlr.model.djl.NativeArrays;

/**
 * A low-rank adapter {@code delta(x) = scale * (x A^T) B^T} on a (batch, in) input, written with plain DJL
 * operations: A (rank, in) starts small and random, B (out, rank) at zero, so the adapter starts as no change.
 * <p>
 * It accepts per-sample values of A and B (stacks of shape (batch, rank, in) and (batch, out, rank), slice i used by
 * sample i), which is what lets the network declare
 * {@link dev.fudlr.model.spi.RecommenderNetwork#supportsPerSampleParameters()}: FUDLR then gets the per-sample
 * gradients of a whole chunk from one backward pass.
 */
final class LoraAdapter extends AbstractBlock {

    private final int outputDim;
    private final double scale;
    private final Parameter a;
    private final Parameter b;

    /**
     * @param inputDim the input width.
     * @param outputDim the output width.
     * @param rank the rank r.
     * @param scale the output scale (alpha / r).
     */
    LoraAdapter(int inputDim, int outputDim, int rank, double scale) {
        this.outputDim = outputDim;
        this.scale = scale;
        this.a = addParameter(Parameter.builder().setName("lora_a").setType(Parameter.Type.WEIGHT)
                                  .optInitializer(new NormalInitializer(0.02f)).optShape(new Shape(rank, inputDim)).build());
        this.b = addParameter(Parameter.builder().setName("lora_b").setType(Parameter.Type.WEIGHT)
                                  .optInitializer(Initializer.ZEROS).optShape(new Shape(outputDim, rank)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray av = store.getValue(a, x.getDevice(), training);
        NDArray bv = store.getValue(b, x.getDevice(), training);
        // (batch, rank): shared A, or one A per sample.
        NDArray xa = av.getShape().dimension() == 2 ? x.matMul(av.transpose()) : av.matMul(x.expandDims(2)).squeeze(2);
        NDArray delta = bv.getShape().dimension() == 2 ? xa.matMul(bv.transpose()) : bv.matMul(xa.expandDims(2)).squeeze(2);
        // Never x.mul(double) in differentiable code (DJL frees the scalar before the backward pass).
        return new NDList(delta.mul(NativeArrays.scalar(delta, scale)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), outputDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // No children.
    }
}
