/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Locale;

/**
 * Detects NaN and infinite values and throws a {@link FudlrNumericException} naming the stage, what was found and the
 * fix. The checks are cheap: arrays on the host are scanned once; an {@link NDArray} costs one elementwise
 * subtraction, one reduction and one scalar read-back ({@code sum(a - a)} is 0 exactly when every value is finite,
 * NaN otherwise), and is read back whole only to describe a fault.
 * <p>
 * Common fixes, as constants so that messages are consistent: {@link #FIX_DAMPING}, {@link #FIX_LISSA_SCALE},
 * {@link #FIX_MODEL}, {@link #FIX_TEMPERATURE}.
 */
public final class NumericChecks {

    /** Fix for a non-finite curvature product or solver iterate. */
    public static final String FIX_DAMPING = "Raise the damping (the curvature is indefinite or ill-conditioned at this "
            + "point), or use the 'finite-difference' or 'fisher' curvature backend";
    /** Fix for a diverging LiSSA recursion. */
    public static final String FIX_LISSA_SCALE = "LiSSA diverges when its scale is below the largest eigenvalue of "
            + "C + damping I: raise lissaScale (or the damping), or use the 'cg' solver";
    /** Fix for non-finite losses, scores or gradients of the model itself. */
    public static final String FIX_MODEL = "The model produces non-finite values at these parameters (diverged training, "
            + "NaN weights or inputs): retrain with a lower learning rate or check the data; use float64 for extreme scores";
    /** Fix for a non-finite surrogate. */
    public static final String FIX_TEMPERATURE = "Raise the surrogate temperature (scores divided by a tiny temperature "
            + "overflow), or check the model's scores";

    private NumericChecks() {}

    /**
     * Checks one value.
     * @param stage the stage, for the message.
     * @param value the value.
     * @param fix the suggested fix.
     * @return the value.
     * @throws FudlrNumericException if it is NaN or infinite.
     */
    public static double requireFinite(String stage, double value, String fix) {
        if (!Double.isFinite(value)) {
            throw new FudlrNumericException(stage, "value is " + value, fix);
        }
        return value;
    }

    /**
     * Checks an array.
     * @param stage the stage.
     * @param values the values.
     * @param fix the suggested fix.
     * @return the array.
     * @throws FudlrNumericException naming the counts and the first index if any value is NaN or infinite.
     */
    public static double[] requireFinite(String stage, double[] values, String fix) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new FudlrNumericException(stage, describe(values), fix);
            }
        }
        return values;
    }

    /**
     * Checks an array.
     * @param stage the stage.
     * @param values the values.
     * @param fix the suggested fix.
     * @return the array.
     * @throws FudlrNumericException if any value is NaN or infinite.
     */
    public static float[] requireFinite(String stage, float[] values, String fix) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                double[] d = new double[values.length];
                for (int j = 0; j < d.length; j++) {
                    d[j] = values[j];
                }
                requireFinite(stage, d, fix);
            }
        }
        return values;
    }

    /**
     * Checks a matrix row by row.
     * @param stage the stage.
     * @param rows the rows.
     * @param fix the suggested fix.
     * @return the matrix.
     * @throws FudlrNumericException naming the row if any value is NaN or infinite.
     */
    public static double[][] requireFinite(String stage, double[][] rows, String fix) {
        for (int r = 0; r < rows.length; r++) {
            for (double v : rows[r]) {
                if (!Double.isFinite(v)) {
                    requireFinite(stage + " (row " + r + ")", rows[r], fix);
                }
            }
        }
        return rows;
    }

    /**
     * Whether every value of an NDArray is finite (one reduction and a scalar read-back; the array is untouched).
     * @param a the array (floating point).
     * @return true if no value is NaN or infinite.
     */
    public static boolean isFinite(NDArray a) {
        if (!a.getDataType().isFloating()) {
            return true;
        }
        try (NDManager tmp = a.getManager().newSubManager()) {
            NDArray zero = a.sub(a);
            zero.attach(tmp);
            NDArray s = zero.sum();
            s.attach(tmp);
            NDArray d = s.toType(DataType.FLOAT64, false);
            d.attach(tmp);
            return d.getDouble() == 0.0;
        }
    }

    /**
     * Checks an NDArray.
     * @param stage the stage.
     * @param a the array (floating point; left untouched).
     * @param fix the suggested fix.
     * @return the array.
     * @throws FudlrNumericException naming the counts and first index if any value is NaN or infinite.
     */
    public static NDArray requireFinite(String stage, NDArray a, String fix) {
        if (!isFinite(a)) {
            String problem;
            try (NDManager tmp = a.getManager().newSubManager()) {
                NDArray d = a.toType(DataType.FLOAT64, true);
                d.attach(tmp);
                problem = describe(d.toDoubleArray());
            }
            // Null only if sum(a - a) was not 0 although every value read back is finite.
            throw new FudlrNumericException(stage, "shape " + a.getShape() + ", "
                + (problem == null ? "non-finite reduction of finite-looking values" : problem), fix);
        }
        return a;
    }

    /** Counts and first index of non-finite values, or null if all are finite. */
    private static String describe(double[] values) {
        int first = -1;
        int nan = 0;
        int inf = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                nan++;
            } else if (Double.isInfinite(values[i])) {
                inf++;
            } else {
                continue;
            }
            if (first < 0) {
                first = i;
            }
        }
        return first < 0 ? null : describe(nan, inf, values.length, first, values[first]);
    }

    private static String describe(int nan, int inf, int total, int first, double firstValue) {
        return String.format(Locale.ROOT, "%d NaN and %d infinite of %,d values (first at index %d: %s)", nan, inf, total,
                first, firstValue);
    }
}
