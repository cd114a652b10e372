/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

/**
 * The distance {@code rho} of a metric value from its ideal, the quantity the mask objective minimises for each
 * fairness objective. It mirrors {@code dev.fudlr.fairness.metric.Direction#distance} without depending on it (this
 * package is plain Java over double arrays).
 */
public enum Distance {
    /** Non-negative unfairness (0 = fair): {@code rho(x) = x}. */
    IDENTITY,
    /**
     * A signed gap (0 = fair, the sign says which side is favoured): {@code rho(x) = |x|}, so a predicted change that
     * overshoots into the opposite bias is penalised. Subgradient 0 at x = 0.
     */
    ABSOLUTE,
    /** A value in [0, 1] where larger is better (e.g. an impact ratio): {@code rho(x) = 1 - x}. */
    COMPLEMENT;

    /**
     * The distance.
     * @param x a (predicted) metric value.
     * @return rho(x).
     */
    public double value(double x) {
        switch (this) {
            case IDENTITY:
                return x;
            case ABSOLUTE:
                return Math.abs(x);
            case COMPLEMENT:
                return 1.0 - x;
            default:
                throw new IllegalStateException("Unknown distance " + this);
        }
    }

    /**
     * A (sub)derivative of {@link #value}; for {@link #ABSOLUTE} it is {@code signum(x)}, 0 at the kink.
     * @param x a metric value.
     * @return d rho / d x.
     */
    public double derivative(double x) {
        switch (this) {
            case IDENTITY:
                return 1.0;
            case ABSOLUTE:
                return Math.signum(x);
            case COMPLEMENT:
                return -1.0;
            default:
                throw new IllegalStateException("Unknown distance " + this);
        }
    }
}
