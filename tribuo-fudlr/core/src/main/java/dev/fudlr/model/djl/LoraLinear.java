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
 * <p>
 * Tangents: under a {@link TangentParameterStore} carrying directions for {@code lora_a} / {@code lora_b}, the
 * output also carries the probe-weighted first-order change along them, from which one backward pass yields every
 * sample's directional derivatives without per-sample weights.
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
        return new NDList(base.add(adapterDelta(store, training, x, loraA, a, loraB, bb, scale)));
    }

    /**
     * The scaled adapter output {@code scale (x A^T) B^T}, with LoRA dropout on the adapter's input only when the
     * step's store asks for it (never from the training flag alone), plus, under a {@link TangentParameterStore}, the
     * probe-weighted first-order change along the store's tangents of A and B. Shared with the item-score adapter of
     * {@code dev.fudlr.model.transformer.CausalTransformerBlock}.
     * @param store the step's parameter store.
     * @param training whether this is a training pass.
     * @param x the input (batch, ..., in).
     * @param aParam the parameter A was read from (its tangents are looked up by it).
     * @param a A (r, in) or a per-sample stack (batch, r, in).
     * @param bParam the parameter B was read from.
     * @param b B (out, r) or a per-sample stack (batch, out, r).
     * @param scale alpha / r.
     * @return (batch, ..., out).
     */
    public static NDArray adapterDelta(ParameterStore store, boolean training, NDArray x, Parameter aParam, NDArray a,
                                       Parameter bParam, NDArray b, double scale) {
        LoraDropoutParameterStore dropout = training ? ScopedParameters.find(store, LoraDropoutParameterStore.class) : null;
        NDArray input = dropout != null ? dropout.drop(x) : x;
        NDArray delta = project(project(input, a), b);
        NDArray ta = TangentParameterStore.tangent(store, aParam);
        NDArray tb = TangentParameterStore.tangent(store, bParam);
        if (ta != null || tb != null) {
            delta = delta.add(tangentTerm(TangentParameterStore.probe(store), input, a, b, ta, tb));
        }
        // Not delta.mul(scale): see NativeArrays on DJL's Number operations.
        return delta.mul(NativeArrays.scalar(delta, scale));
    }

    /**
     * {@code sum_k eps[i,k] ((x V_Ak^T) B^T + (x A^T) V_Bk^T)}: the change of {@code (x A^T) B^T} to first order when
     * sample i's adapter moves by {@code eps[i,k] (V_Ak, V_Bk)}. Costs K extra (rows x r x (in + out)) products, no
     * per-sample weights.
     */
    private static NDArray tangentTerm(NDArray probe, NDArray x, NDArray a, NDArray b, NDArray ta, NDArray tb) {
        if (a.getShape().dimension() != 2 || b.getShape().dimension() != 2) {
            throw new IllegalArgumentException("Tangents and per-sample adapter stacks cannot be combined");
        }
        long batch = x.getShape().get(0);
        long in = a.getShape().get(1);
        long rank = a.getShape().get(0);
        long out = b.getShape().get(0);
        long k = probe.getShape().get(1);
        if (probe.getShape().get(0) != batch) {
            throw new IllegalArgumentException("Probe has " + probe.getShape().get(0) + " rows, the input batch " + batch);
        }
        NDArray rows = x.reshape(-1, in);
        NDArray t = null;
        if (ta != null) {
            // (R, in) x (K r, in)^T -> (R, K, r), then B: (R, K, out).
            NDArray xv = rows.getNDArrayInternal().linear(rows, ta.reshape(k * rank, in), null).singletonOrThrow().reshape(-1, k, rank);
            t = xv.getNDArrayInternal().linear(xv, b, null).singletonOrThrow();
        }
        if (tb != null) {
            // (R, r) x (K out, r)^T -> (R, K, out).
            NDArray xa = rows.getNDArrayInternal().linear(rows, a, null).singletonOrThrow();
            NDArray second = xa.getNDArrayInternal().linear(xa, tb.reshape(k * out, rank), null).singletonOrThrow().reshape(-1, k, out);
            t = t == null ? second : t.add(second);
        }
        // (batch, L', K, out) weighted by eps (batch, 1, K, 1), summed over K; L' = 1 for a 2-D input.
        NDArray perSample = t.reshape(batch, -1, k, out);
        NDArray weighted = perSample.mul(probe.reshape(batch, 1, k, 1)).sum(new int[]{2});
        return weighted.reshape(x.getShape().slice(0, x.getShape().dimension() - 1).add(out));
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
