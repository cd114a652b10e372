/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Weighted, normalised sums of metrics for co-existing biases (the unified FUDLR objective).
 */
package dev.fudlr.fairness.metric.composite;
