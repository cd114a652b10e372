/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Popularity bias: GP, GU, MGU and DGU over item groups (Jiang et al., WWW 2024), ARP and APLT (Abdollahpouri et al., FLAIRS 2019), the Gini coefficient of item exposure and item coverage.
 */
package dev.fudlr.fairness.metric.popularity;
