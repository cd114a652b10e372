/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A parameter store that returns given arrays for some parameters (e.g. {@code theta.stopGradient() + delta} with a
 * fresh zero leaf {@code delta}) and the live value for all others. Reading gradients from fresh leaves instead of
 * the parameters' own {@code .grad} is what makes repeated double-backward Hessian-vector products correct (see
 * platform.md, "Second-order autograd in DJL").
 */
public final class SubstitutingParameterStore extends ParameterStore {

    private final Map<Parameter, NDArray> values;

    /**
     * Creates a store.
     * @param manager the per-pass manager.
     * @param values substitute values by parameter (identity keys).
     */
    public SubstitutingParameterStore(NDManager manager, Map<Parameter, NDArray> values) {
        super(manager, false);
        this.values = new IdentityHashMap<>(values);
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray v = values.get(parameter);
        return v != null ? v : super.getValue(parameter, device, training);
    }
}
