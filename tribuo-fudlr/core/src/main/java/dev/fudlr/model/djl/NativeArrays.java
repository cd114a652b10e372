/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Creates native arrays from Java data in 64-byte aligned memory.
 * <p>
 * On the CPU, DJL's PyTorch engine wraps the Java direct buffer it copies data into ({@code from_blob}), so an
 * array's address is wherever the JVM put that buffer. PyTorch's own allocations are 64-byte aligned, and some CPU
 * kernels take different (vectorised) code paths for differently aligned inputs, which changes the rounding of
 * reductions from run to run. Handing DJL an aligned direct buffer keeps results bit-reproducible.
 */
public final class NativeArrays {

    /** Alignment in bytes (PyTorch's CPU allocator alignment). */
    public static final int ALIGNMENT = 64;

    private NativeArrays() {}

    /**
     * An aligned, native-order direct buffer.
     * @param bytes its capacity.
     * @return the buffer.
     */
    public static ByteBuffer alignedBuffer(int bytes) {
        // alignedSlice also rounds the end down to the alignment, hence the two extra blocks.
        return ByteBuffer.allocateDirect(bytes + 2 * ALIGNMENT).alignedSlice(ALIGNMENT).limit(bytes).slice()
            .order(ByteOrder.nativeOrder());
    }

    /**
     * Floats in an aligned buffer.
     * @param values the values.
     * @return the buffer, positioned at 0.
     */
    public static ByteBuffer buffer(float[] values) {
        ByteBuffer b = alignedBuffer(values.length * Float.BYTES);
        b.asFloatBuffer().put(values);
        return b;
    }

    /**
     * Doubles in an aligned buffer.
     * @param values the values.
     * @return the buffer, positioned at 0.
     */
    public static ByteBuffer buffer(double[] values) {
        ByteBuffer b = alignedBuffer(values.length * Double.BYTES);
        b.asDoubleBuffer().put(values);
        return b;
    }

    /**
     * Longs in an aligned buffer.
     * @param values the values.
     * @return the buffer, positioned at 0.
     */
    public static ByteBuffer buffer(long[] values) {
        ByteBuffer b = alignedBuffer(values.length * Long.BYTES);
        b.asLongBuffer().put(values);
        return b;
    }

    /**
     * A float32 array.
     * @param manager the owner.
     * @param values row-major values.
     * @param shape the shape.
     * @return the array.
     */
    public static NDArray create(NDManager manager, float[] values, Shape shape) {
        return manager.create(buffer(values), shape, DataType.FLOAT32);
    }

    /**
     * A float64 array.
     * @param manager the owner.
     * @param values row-major values.
     * @param shape the shape.
     * @return the array.
     */
    public static NDArray create(NDManager manager, double[] values, Shape shape) {
        return manager.create(buffer(values), shape, DataType.FLOAT64);
    }

    /**
     * A 0-dimensional array of {@code like}'s dtype in {@code like}'s manager (kept alive until that manager closes,
     * so it is safe to use in differentiable expressions).
     * @param like an array of the expression.
     * @param value the value.
     * @return the scalar array.
     */
    public static NDArray scalar(NDArray like, double value) {
        NDManager manager = like.getManager();
        if (like.getDataType() == DataType.FLOAT64) {
            return create(manager, new double[]{value}, new Shape());
        } else if (like.getDataType() == DataType.FLOAT32) {
            return create(manager, new float[]{(float) value}, new Shape());
        }
        throw new IllegalArgumentException("Unsupported dtype " + like.getDataType());
    }

    /**
     * An int64 array.
     * @param manager the owner.
     * @param values row-major values.
     * @param shape the shape.
     * @return the array.
     */
    public static NDArray create(NDManager manager, long[] values, Shape shape) {
        return manager.create(buffer(values), shape, DataType.INT64);
    }
}
