/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.reliability.EnumChoices;

/**
 * How the retraining baselines ({@link RetrainWithout}, {@link GroupReweightRetrain}) retrain: their {@code mode}
 * setting. Configuration files name the constant; provenance and reports keep the lowercase {@link #label()}.
 */
public enum RetrainingMode {
    /** Train a fresh model with the original trainer configuration and run seed. */
    COLD,
    /** Continue LoRA training from the model's parameters (needs an LmRecommenderTrainer and a DjlRecommenderModel). */
    WARM;

    /** @return the lowercase name recorded in provenance and reports ({@code cold}, {@code warm}). */
    public String label() {
        return EnumChoices.label(this);
    }
}
