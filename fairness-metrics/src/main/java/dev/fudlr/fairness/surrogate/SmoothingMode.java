/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

/**
 * How a surrogate replaces the 0/1 top-K membership of an item by a smooth value in [0, 1].
 */
public enum SmoothingMode {
    /**
     * Temperature-smoothed top-K: {@code m_ui = sigmoid((s_ui - t_u) / tau)} with the threshold {@code t_u}
     * halfway between the user's K-th and (K+1)-th scores. As {@code tau -> 0} it tends to the exact top-K
     * membership for any K (ties included, see {@link SoftTopK}). The default.
     */
    THRESHOLD,
    /**
     * Softmax probabilities: {@code p_u = softmax(s_u / tau)} over the rankable items and
     * {@code m_ui = 1 - (1 - p_ui)^K}, the chance that item i appears in K independent draws from
     * {@code p_u}. Smooth everywhere and never saturates, but as {@code tau -> 0} it tends to top-1
     * membership, so it matches the exact metric in the limit only for K = 1 (and no tie at the top).
     */
    SOFTMAX
}
