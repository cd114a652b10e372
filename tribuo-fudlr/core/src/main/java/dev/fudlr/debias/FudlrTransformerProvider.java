/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.PostTrainingTransformer;
import dev.fudlr.PostTrainingTransformerProvider;

import java.util.Map;
import java.util.function.Supplier;

/** Registers {@link FudlrTransformer} as {@value FudlrTransformer#NAME} (found by {@link java.util.ServiceLoader}). */
public final class FudlrTransformerProvider implements PostTrainingTransformerProvider {

    /** For ServiceLoader. */
    public FudlrTransformerProvider() {}

    @Override
    public Map<String, Supplier<? extends PostTrainingTransformer<?>>> transformers() {
        return Map.of(FudlrTransformer.NAME, FudlrTransformer::new);
    }
}
