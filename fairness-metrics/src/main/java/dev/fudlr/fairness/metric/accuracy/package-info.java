/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Accuracy metrics (HR, NDCG, Recall, MRR at K) as {@link dev.fudlr.fairness.metric.FairnessMetric}s, computed by the same code as the ranking evaluator.
 */
package dev.fudlr.fairness.metric.accuracy;
