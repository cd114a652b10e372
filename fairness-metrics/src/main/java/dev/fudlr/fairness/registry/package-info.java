/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Metric names to metric instances: {@link dev.fudlr.fairness.registry.MetricRegistry} parses names such as
 * {@code "mgu@10"} or {@code "ndcg-gap@10:gender;agg=mad"} and composites such as
 * {@code "0.7*mgu@10/0.082+0.3*ndcg-gap@10:gender/0.02"}, so that configurations and the command line can
 * name any metric.
 */
package dev.fudlr.fairness.registry;
