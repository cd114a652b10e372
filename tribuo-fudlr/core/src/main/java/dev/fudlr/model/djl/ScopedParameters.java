/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * Fetches parameter values for a forward pass so that derived arrays live in the activations' NDManager.
 * <p>
 * In DJL an operation's result is attached to the NDManager of its left operand. A parameter array lives in the
 * model's long-lived manager, so an expression such as {@code weight.transpose()} evaluated once per step would
 * leak one native handle per step into that manager. Returning a view of the parameter that is attached to the
 * activation's (per-step) manager avoids this while keeping the autograd link to the parameter (a view is
 * differentiable).
 */
public final class ScopedParameters {

    private ScopedParameters() {}

    /**
     * The value of {@code parameter} for a forward pass whose activations are {@code like}.
     * @param store the parameter store of the pass (may be a subclass that substitutes values).
     * @param parameter the parameter.
     * @param like an activation of the pass: its device and manager are used.
     * @param training whether this is a training pass.
     * @return the value, attached to {@code like}'s manager.
     */
    public static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        NDArray v = store.getValue(parameter, like.getDevice(), training);
        if (v.getManager() == like.getManager()) {
            return v;
        }
        NDArray alias = v.reshape(v.getShape());
        alias.attach(like.getManager());
        return alias;
    }

    /**
     * The store itself or the first store behind {@link ForwardingParameterStore} wrappers that has the given type.
     * @param store the pass's store.
     * @param type the capability's store type (e.g. {@link TangentParameterStore}).
     * @param <T> the type.
     * @return the store of that type, or null.
     */
    public static <T extends ParameterStore> T find(ParameterStore store, Class<T> type) {
        ParameterStore s = store;
        for (int depth = 0; s != null && depth < 16; depth++) {
            if (type.isInstance(s)) {
                return type.cast(s);
            }
            s = s instanceof ForwardingParameterStore f ? f.inner() : null;
        }
        return null;
    }
}
