/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

/**
 * How to read a metric's value, and its distance from the ideal (the {@code rho} of the mask objective).
 */
public enum Direction {
    /** Non-negative; 0 = fair, larger = worse. Distance = value. */
    UNFAIRNESS,
    /** 0 = fair, the sign says which side is favoured. Distance = |value|, so overshooting into the opposite bias counts. */
    SIGNED,
    /** Non-negative, smaller is better, but 0 is not a "fair" point (for example ARP). Distance = value. */
    LOWER_IS_BETTER,
    /** In [0, 1], larger is better (accuracy, long-tail share, coverage, impact ratio). Distance = 1 - value. */
    HIGHER_IS_BETTER,
    /** A descriptive quantity with no preferred direction (a group's share of slots). It has no distance. */
    DESCRIPTIVE;

    /**
     * The distance from the ideal, the quantity an objective minimises.
     * @param value a metric value.
     * @return the distance (see each constant).
     * @throws UnsupportedOperationException for {@link #DESCRIPTIVE}.
     */
    public double distance(double value) {
        switch (this) {
            case UNFAIRNESS:
            case LOWER_IS_BETTER:
                return value;
            case SIGNED:
                return Math.abs(value);
            case HIGHER_IS_BETTER:
                return 1.0 - value;
            default:
                throw new UnsupportedOperationException("A descriptive metric has no distance from an ideal; use a gap or unfairness metric");
        }
    }

    /**
     * The derivative of {@link #distance} (for chaining surrogate gradients); at 0 a signed metric's derivative is 0.
     * @param value a metric value.
     * @return d distance / d value.
     */
    public double distanceDerivative(double value) {
        switch (this) {
            case UNFAIRNESS:
            case LOWER_IS_BETTER:
                return 1.0;
            case SIGNED:
                return Math.signum(value);
            case HIGHER_IS_BETTER:
                return -1.0;
            default:
                throw new UnsupportedOperationException("A descriptive metric has no distance from an ideal; use a gap or unfairness metric");
        }
    }
}
