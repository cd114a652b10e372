/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The project's own networks as plain implementations of the recommender SPI ({@link dev.fudlr.model.spi}): what
 * a user writes, written for the item-id transformer ({@link dev.fudlr.model.networks.TransformerNetwork}).
 */
package dev.fudlr.model.networks;
