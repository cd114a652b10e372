/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.PostTrainingTransformer;
import dev.fudlr.PostTrainingTransformerProvider;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Registers the baselines {@value RetrainWithout#NAME}, {@value GroupReweightRetrain#NAME} and
 * {@value PopularityReRanker#NAME} (found by {@link java.util.ServiceLoader}).
 */
public final class BaselineTransformerProvider implements PostTrainingTransformerProvider {

    /** For ServiceLoader. */
    public BaselineTransformerProvider() {}

    @Override
    public Map<String, Supplier<? extends PostTrainingTransformer<?>>> transformers() {
        return Map.of(RetrainWithout.NAME, RetrainWithout::new, GroupReweightRetrain.NAME, GroupReweightRetrain::new,
                      PopularityReRanker.NAME, PopularityReRanker::new);
    }
}
