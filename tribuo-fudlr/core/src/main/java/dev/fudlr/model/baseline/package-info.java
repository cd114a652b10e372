/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Non-personalised baseline recommenders as Tribuo trainers and models over {@link org.tribuo.classification.Label}
 * (one label per item): {@link dev.fudlr.model.baseline.MostPopularTrainer} and
 * {@link dev.fudlr.model.baseline.MostPopularModel}.
 */
package dev.fudlr.model.baseline;
