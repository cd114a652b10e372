/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Item-side exposure fairness: position-discounted exposure shares of item groups against their share of items or of relevance.
 */
package dev.fudlr.fairness.metric.item;
