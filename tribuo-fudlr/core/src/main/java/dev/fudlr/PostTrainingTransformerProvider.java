/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Contributes named post-training transformers to {@link PostTrainingTransformers}, found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.fudlr.PostTrainingTransformerProvider}). The
 * project's own transformers (FUDLR, the baselines) come in this way too, so this package depends on none of them.
 */
public interface PostTrainingTransformerProvider {

    /**
     * The transformers this provider contributes.
     * @return factories by name (lower case letters, digits and dashes), each creating a transformer with default
     * settings.
     */
    Map<String, Supplier<? extends PostTrainingTransformer<?>>> transformers();
}
