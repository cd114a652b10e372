/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter store for per-sample directional derivatives without per-sample gradients. Besides substitute values it
 * carries, for some parameters, K tangent directions (a stack of shape (K, ...shape)) and one probe leaf
 * {@code eps} of shape (batch, K). A block that knows how (see {@link LoraLinear#adapterDelta}) adds to its output
 * the first-order change of that output when its parameters move by {@code sum_k eps[i,k] V_k} for sample i.
 * Because the probe is 0, the forward values are unchanged, and after one backward pass
 * {@code d(sum_i l_i)/d eps[i,k] = grad l_i . V_k}: all samples' directional derivatives along all K directions from
 * one forward and one backward pass, with memory of order batch x K instead of batch x parameters.
 * <p>
 * The result is only exact if every read of a parameter that has tangents went through a tangent-aware block. The
 * store counts plain reads and covered reads of each such parameter; {@link #fullyCovered()} says whether the pass
 * was exact, so a caller can fall back to per-sample gradients for a block that does not know about tangents.
 */
public final class TangentParameterStore extends ParameterStore {

    private final Map<Parameter, NDArray> values;
    private final Map<Parameter, NDArray> tangents;
    private final NDArray probe;
    private final Map<Parameter, int[]> reads = new IdentityHashMap<>();

    /**
     * Creates a store.
     * @param manager the per-pass manager.
     * @param values substitute values by parameter (identity keys); others read the live value.
     * @param tangents per parameter, the K directions as a (K, ...shape) stack (absent = zero tangent).
     * @param probe the (batch, K) leaf of zeros that requires a gradient.
     */
    public TangentParameterStore(NDManager manager, Map<Parameter, NDArray> values, Map<Parameter, NDArray> tangents, NDArray probe) {
        super(manager, false);
        if (probe.getShape().dimension() != 2) {
            throw new IllegalArgumentException("The probe must be (batch, K), got " + probe.getShape());
        }
        this.values = new IdentityHashMap<>(values);
        this.tangents = new IdentityHashMap<>(tangents);
        for (Map.Entry<Parameter, NDArray> e : this.tangents.entrySet()) {
            if (e.getValue().getShape().get(0) != probe.getShape().get(1)) {
                throw new IllegalArgumentException("Tangent stack of " + e.getKey().getName() + " has " + e.getValue().getShape().get(0)
                                                   + " directions, the probe " + probe.getShape().get(1));
            }
            reads.put(e.getKey(), new int[2]);
        }
        this.probe = probe;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        int[] r = reads.get(parameter);
        if (r != null) {
            r[0]++;
        }
        NDArray v = values.get(parameter);
        return v != null ? v : super.getValue(parameter, device, training);
    }

    /**
     * The tangent stack of a parameter, recording that the caller accounts for this read's first-order change.
     * @param store any store (looked through {@link ForwardingParameterStore} wrappers).
     * @param parameter the parameter.
     * @return the (K, ...shape) stack, or null when the store carries none for it (or is not a tangent store).
     */
    public static NDArray tangent(ParameterStore store, Parameter parameter) {
        TangentParameterStore t = ScopedParameters.find(store, TangentParameterStore.class);
        if (t == null) {
            return null;
        }
        int[] r = t.reads.get(parameter);
        if (r == null) {
            return null;
        }
        r[1]++;
        return t.tangents.get(parameter);
    }

    /**
     * The probe leaf of a tangent store.
     * @param store a store for which {@link #tangent} returned a stack.
     * @return the (batch, K) probe.
     */
    public static NDArray probe(ParameterStore store) {
        return ScopedParameters.find(store, TangentParameterStore.class).probe;
    }

    /** @return the probe leaf (batch, K). */
    public NDArray probe() {
        return probe;
    }

    /** @return true if every read of a parameter with tangents was accounted for by a tangent-aware block. */
    public boolean fullyCovered() {
        return uncovered().isEmpty();
    }

    /** @return the parameters with tangents that were read without a tangent-aware block accounting for the read. */
    public List<String> uncovered() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Parameter, int[]> e : reads.entrySet()) {
            int[] r = e.getValue();
            // A parameter never read does not change the losses: its zero contribution is exact.
            if (r[0] != r[1]) {
                out.add(e.getKey().getName() + " (reads " + r[0] + ", tangent-aware " + r[1] + ")");
            }
        }
        return out;
    }
}
