/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

/**
 * Whether users of the {@value dev.fudlr.fairness.data.UserAttribute#UNKNOWN} group take part in a group
 * comparison. Either way they are counted in the metric's breakdown ({@code count[unknown]}), so they are
 * never dropped silently.
 */
public enum UnknownPolicy {
    /** Leave unknown users out of the comparison (the default: "unknown" is not a demographic group). */
    EXCLUDE,
    /** Treat the unknown group as one more group. */
    GROUP
}
