/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.data.ItemInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.util.Map;

/**
 * A named recommender backbone: a trainer with the backbone's default settings. The built-ins are the
 * item-id transformer ({@code transformer}, {@link dev.fudlr.model.LmRecommenderTrainer}) and MiniLM ({@code minilm},
 * {@code dev.fudlr.model.minilm.MiniLmRecommenderTrainer}).
 */
public interface BackboneFactory {

    /** @return the name (lower case letters, digits and dashes). */
    String name();

    /** @return a one-line description. */
    String description();

    /**
     * Creates a trainer with default settings.
     * @param items the item records (titles for text backbones; may be empty for backbones that do not read them).
     * @param seed the training seed.
     * @return the trainer.
     */
    Trainer<Label> create(Map<Integer, ItemInfo> items, long seed);
}
