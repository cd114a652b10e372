/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.training.ParameterStore;

/**
 * A parameter store that forwards reads to another one (for example to re-home values into a step's manager). Blocks
 * look through it with {@link ScopedParameters#find} for what the inner store offers (LoRA dropout, tangents), so a
 * wrapper never silently switches those off.
 */
public interface ForwardingParameterStore {

    /** @return the store reads are forwarded to. */
    ParameterStore inner();
}
