/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Attribute (user-side) bias: utility gaps, exposure parity and impact ratios between groups of a sensitive user attribute or an intersection of attributes.
 */
package dev.fudlr.fairness.metric.user;
