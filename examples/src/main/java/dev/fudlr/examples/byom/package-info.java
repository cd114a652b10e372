/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Bring your own model: a GRU4Rec-style recommender built from DJL's core layers, with its own LoRA adapter, written
 * against the recommender SPI ({@link dev.fudlr.model.spi.RecommenderNetwork}) and debiased by FUDLR like the
 * project's own backbones. See docs/models.md, "Bring your own model".
 */
package dev.fudlr.examples.byom;
