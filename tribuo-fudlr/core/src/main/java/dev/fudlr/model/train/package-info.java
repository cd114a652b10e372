/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The one fine-tuning loop every recommender trainer shares ({@link dev.fudlr.model.train.FineTuningLoop}) and the
 * helpers trainers have in common (run seeds, example weights, catalogue label domains).
 */
package dev.fudlr.model.train;
