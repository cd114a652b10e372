/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable named tensor held in Java memory, float32 or float64, row-major. This is how weights are kept at
 * rest (in models, in serialized form); native arrays are created from it on demand.
 */
public final class HostTensor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final long[] shape;
    private final float[] floats;
    private final double[] doubles;

    private HostTensor(String name, long[] shape, float[] floats, double[] doubles) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        long size = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape) + " of " + name);
            }
            size *= s;
        }
        int length = floats != null ? floats.length : doubles.length;
        if (size != length) {
            throw new IllegalArgumentException("Tensor " + name + ": shape " + Arrays.toString(shape) + " needs " + size
                                               + " values, got " + length);
        }
        this.floats = floats == null ? null : floats.clone();
        this.doubles = doubles == null ? null : doubles.clone();
    }

    /**
     * A float32 tensor.
     * @param name the name.
     * @param shape the shape.
     * @param values row-major values (copied).
     * @return the tensor.
     */
    public static HostTensor ofFloats(String name, long[] shape, float[] values) {
        return new HostTensor(name, shape, Objects.requireNonNull(values, "values"), null);
    }

    /**
     * A float64 tensor.
     * @param name the name.
     * @param shape the shape.
     * @param values row-major values (copied).
     * @return the tensor.
     */
    public static HostTensor ofDoubles(String name, long[] shape, double[] values) {
        return new HostTensor(name, shape, null, Objects.requireNonNull(values, "values"));
    }

    /**
     * A tensor of the given type from double values (rounded for float32).
     * @param name the name.
     * @param shape the shape.
     * @param values row-major values.
     * @param dataType FLOAT32 or FLOAT64.
     * @return the tensor.
     */
    public static HostTensor of(String name, long[] shape, double[] values, DataType dataType) {
        if (dataType == DataType.FLOAT64) {
            return ofDoubles(name, shape, values);
        } else if (dataType == DataType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return ofFloats(name, shape, f);
        }
        throw new IllegalArgumentException("Unsupported dtype " + dataType + " for tensor " + name);
    }

    /**
     * Copies a native array to host memory.
     * @param name the name to give the tensor.
     * @param array a float32 or float64 array.
     * @return the tensor.
     */
    public static HostTensor fromNDArray(String name, NDArray array) {
        long[] shape = array.getShape().getShape();
        if (array.getDataType() == DataType.FLOAT64) {
            return new HostTensor(name, shape, null, array.toDoubleArray());
        } else if (array.getDataType() == DataType.FLOAT32) {
            return new HostTensor(name, shape, array.toFloatArray(), null);
        }
        throw new IllegalArgumentException("Unsupported dtype " + array.getDataType() + " for tensor " + name);
    }

    /**
     * Creates a native array with these values (in aligned memory, see {@link NativeArrays}).
     * @param manager the manager that will own the array.
     * @return a new array.
     */
    public NDArray toNDArray(NDManager manager) {
        Shape s = new Shape(shape);
        return floats != null ? NativeArrays.create(manager, floats, s) : NativeArrays.create(manager, doubles, s);
    }

    /** @return the name. */
    public String name() {
        return name;
    }

    /** @return a copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of values. */
    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** @return FLOAT32 or FLOAT64. */
    public DataType dataType() {
        return floats != null ? DataType.FLOAT32 : DataType.FLOAT64;
    }

    /** @return a float copy of the values (rounded for float64 tensors). */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) doubles[i];
        }
        return out;
    }

    /** @return a double copy of the values (exact). */
    public double[] toDoubleArray() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /**
     * Copies the values into {@code dst} starting at {@code offset} (rounded for float64 tensors).
     * @param dst destination.
     * @param offset start index.
     */
    public void copyInto(float[] dst, int offset) {
        if (floats != null) {
            System.arraycopy(floats, 0, dst, offset, floats.length);
        } else {
            for (int i = 0; i < doubles.length; i++) {
                dst[offset + i] = (float) doubles[i];
            }
        }
    }

    /**
     * Copies the values into {@code dst} starting at {@code offset} (exact).
     * @param dst destination.
     * @param offset start index.
     */
    public void copyInto(double[] dst, int offset) {
        if (doubles != null) {
            System.arraycopy(doubles, 0, dst, offset, doubles.length);
        } else {
            for (int i = 0; i < floats.length; i++) {
                dst[offset + i] = floats[i];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HostTensor)) {
            return false;
        }
        HostTensor that = (HostTensor) o;
        return name.equals(that.name) && Arrays.equals(shape, that.shape) && Arrays.equals(floats, that.floats)
            && Arrays.equals(doubles, that.doubles);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(name);
        result = 31 * result + Arrays.hashCode(shape);
        result = 31 * result + Arrays.hashCode(floats);
        result = 31 * result + Arrays.hashCode(doubles);
        return result;
    }

    @Override
    public String toString() {
        return "HostTensor(" + name + ", " + Arrays.toString(shape) + ", " + dataType() + ")";
    }

    /**
     * Concatenates tensors row-major into one flat float vector (the flat order of
     * {@link dev.fudlr.model.UnlearnableRecommender#trainableParameters()}).
     * @param tensors the tensors, in flat-vector order.
     * @return the flat vector.
     */
    public static float[] flattenToFloats(java.util.Collection<HostTensor> tensors) {
        float[] out = new float[totalSize(tensors)];
        int offset = 0;
        for (HostTensor t : tensors) {
            t.copyInto(out, offset);
            offset += t.size();
        }
        return out;
    }

    /**
     * Concatenates tensors row-major into one flat double vector.
     * @param tensors the tensors, in flat-vector order.
     * @return the flat vector.
     */
    public static double[] flattenToDoubles(java.util.Collection<HostTensor> tensors) {
        double[] out = new double[totalSize(tensors)];
        int offset = 0;
        for (HostTensor t : tensors) {
            t.copyInto(out, offset);
            offset += t.size();
        }
        return out;
    }

    /**
     * The shapes of tensors, in order.
     * @param tensors the tensors.
     * @return their shapes.
     */
    public static java.util.List<long[]> shapes(java.util.Collection<HostTensor> tensors) {
        java.util.List<long[]> out = new java.util.ArrayList<>(tensors.size());
        for (HostTensor t : tensors) {
            out.add(t.shape());
        }
        return out;
    }

    private static int totalSize(java.util.Collection<HostTensor> tensors) {
        long n = 0;
        for (HostTensor t : tensors) {
            n += t.size();
        }
        return Math.toIntExact(n);
    }
}
