/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The recommender SPI: bring your own DJL network. Implement {@link dev.fudlr.model.spi.RecommenderNetwork} (an OLCUT
 * configurable that builds a block, says how histories become its input and which parameters unlearning may
 * change); {@link dev.fudlr.model.spi.NetworkRecommenderTrainer} trains it into a
 * {@link dev.fudlr.model.spi.NetworkRecommenderModel}, a Tribuo model with provenance and protobuf serialization
 * that FUDLR and every {@code fudlr} command accept. See {@code docs/models.md}, "Bring your own model".
 */
package dev.fudlr.model.spi;
