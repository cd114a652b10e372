/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flat vector space of a model's trainable parameters: the parameters in a fixed order, each flattened
 * row-major and concatenated. Vectors are 1-D NDArrays of the parameters' dtype (float32 or float64) on their
 * device; this class converts between flat vectors, per-parameter views and host arrays, and builds the parameter
 * substitutions the engine feeds forward passes.
 */
public final class ParameterSpace {

    private final List<Parameter> parameters;
    private final List<Shape> shapes;
    private final long[] offsets;
    private final int size;
    private final DataType dataType;
    private final Device device;

    /**
     * Creates the space.
     * @param parameters the trainable parameters, initialised, all of one floating dtype and device.
     */
    public ParameterSpace(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("No trainable parameters");
        }
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        List<Shape> s = new ArrayList<>();
        this.offsets = new long[parameters.size() + 1];
        DataType dt = null;
        Device dev = null;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (!p.isInitialized()) {
                throw new IllegalArgumentException("Trainable parameter " + p.getName() + " is not initialised");
            }
            NDArray a = p.getArray();
            if (dt == null) {
                dt = a.getDataType();
                dev = a.getDevice();
            } else if (a.getDataType() != dt || !a.getDevice().equals(dev)) {
                throw new IllegalArgumentException("Trainable parameter " + p.getName() + " is " + a.getDataType() + " on "
                                                   + a.getDevice() + ", the others are " + dt + " on " + dev);
            }
            s.add(a.getShape());
            offsets[i + 1] = offsets[i] + a.getShape().size();
        }
        if (dt != DataType.FLOAT32 && dt != DataType.FLOAT64) {
            throw new IllegalArgumentException("Trainable parameters must be FLOAT32 or FLOAT64, found " + dt);
        }
        if (offsets[parameters.size()] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Too many trainable values: " + offsets[parameters.size()]);
        }
        this.shapes = Collections.unmodifiableList(s);
        this.size = (int) offsets[parameters.size()];
        this.dataType = dt;
        this.device = dev;
    }

    /** @return the number of trainable values. */
    public int size() {
        return size;
    }

    /** @return the dtype of vectors in this space. */
    public DataType dataType() {
        return dataType;
    }

    /** @return the device of the parameters. */
    public Device device() {
        return device;
    }

    /** @return the parameters in flat order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the parameter shapes in flat order. */
    public List<Shape> shapes() {
        return shapes;
    }

    /**
     * The current values as a flat vector (a copy, detached from autograd).
     * @param manager owner of the result.
     * @return the vector.
     */
    public NDArray get(NDManager manager) {
        NDList parts = new NDList();
        try (NDManager tmp = manager.newSubManager()) {
            for (Parameter p : parameters) {
                NDArray d = p.getArray().stopGradient();
                d.attach(tmp);
                parts.add(d.reshape(-1));
            }
            NDArray out = NDArrays.concat(parts);
            out.attach(manager);
            return out;
        }
    }

    /**
     * Overwrites the live parameter values in place (the parameters keep their identity and gradient flag). Models
     * that mirror weights elsewhere (e.g. {@link dev.fudlr.model.DjlRecommenderModel}'s host copies) must be updated
     * through their own API instead.
     * @param flat the new values.
     */
    public void set(NDArray flat) {
        check(flat, "set");
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager tmp = flat.getManager().newSubManager()) {
            List<NDArray> parts = split(flat);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray part = parts.get(i);
                part.attach(tmp);
                parameters.get(i).getArray().set(new NDIndex("..."), part);
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    /**
     * Views of a flat vector shaped like the parameters (in the vector's manager).
     * @param flat the vector.
     * @return one view per parameter.
     */
    public List<NDArray> split(NDArray flat) {
        check(flat, "split");
        List<NDArray> out = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            out.add(flat.get(new NDIndex(offsets[i] + ":" + offsets[i + 1])).reshape(shapes.get(i)));
        }
        return out;
    }

    /**
     * Views of the rows of a (K, size) matrix shaped like the parameters: one (K, ...shape) stack per parameter.
     * @param rows the matrix.
     * @return one stack per parameter, in the matrix's manager.
     */
    public List<NDArray> splitRows(NDArray rows) {
        Shape s = rows.getShape();
        if (s.dimension() != 2 || s.get(1) != size) {
            throw new IllegalArgumentException("splitRows: expected a (K, " + size + ") matrix, got shape " + s);
        }
        List<NDArray> out = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            out.add(rows.get(new NDIndex(":, " + offsets[i] + ":" + offsets[i + 1])).reshape(new Shape(s.get(0)).addAll(shapes.get(i))));
        }
        return out;
    }

    /**
     * A host copy of a flat vector.
     * @param flat the vector.
     * @return its values as doubles.
     */
    public double[] toHost(NDArray flat) {
        check(flat, "toHost");
        return flat.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /**
     * A device vector from host values (rounded to this space's dtype).
     * @param manager the owner.
     * @param values the values.
     * @return the vector.
     */
    public NDArray fromHost(NDManager manager, double[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("Vector has " + values.length + " values, the parameter space has " + size);
        }
        NDArray a = manager.create(values).toDevice(device, false);
        return a.getDataType() == dataType ? a : a.toType(dataType, false);
    }

    /**
     * Zero vector.
     * @param manager the owner.
     * @return zeros of length {@link #size()}.
     */
    public NDArray zeros(NDManager manager) {
        return manager.zeros(new Shape(size), dataType, device);
    }

    /**
     * Substitutions {@code base + leaf} for every parameter, with fresh zero leaves that require gradients.
     * @param step the per-pass manager (owns leaves and values).
     * @param base flat base point (detached), or null for the live values.
     * @param batch 0 for leaves shaped like the parameters; b &gt; 0 for per-sample leaves of shape (b, ...shape).
     * @param leaves receives the leaves in parameter order.
     * @return the substitutions.
     */
    Map<Parameter, NDArray> substitutions(NDManager step, NDArray base, int batch, List<NDArray> leaves) {
        Map<Parameter, NDArray> values = new IdentityHashMap<>();
        List<NDArray> baseParts = base == null ? null : split(base);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray b;
            if (baseParts == null) {
                b = p.getArray().stopGradient();
                b.attach(step);
            } else {
                b = baseParts.get(i);
            }
            Shape leafShape = batch > 0 ? new Shape(batch).addAll(shapes.get(i)) : shapes.get(i);
            NDArray leaf = step.zeros(leafShape, dataType, device);
            leaf.setRequiresGradient(true);
            leaves.add(leaf);
            values.put(p, b.add(leaf));
        }
        return values;
    }

    /**
     * Detached values for every parameter (the live ones, or {@code base}), so that a backward pass computes no
     * gradient for them.
     * @param step the per-pass manager.
     * @param base flat point, or null for the live values.
     * @return the substitutions.
     */
    Map<Parameter, NDArray> detached(NDManager step, NDArray base) {
        if (base != null) {
            return constants(step, base);
        }
        Map<Parameter, NDArray> values = new IdentityHashMap<>();
        for (Parameter p : parameters) {
            NDArray b = p.getArray().stopGradient();
            b.attach(step);
            values.put(p, b);
        }
        return values;
    }

    /**
     * Values {@code base} for every parameter, with no leaves (forward-only passes).
     * @param step the per-pass manager.
     * @param base the flat point.
     * @return the substitutions.
     */
    Map<Parameter, NDArray> constants(NDManager step, NDArray base) {
        Map<Parameter, NDArray> values = new IdentityHashMap<>();
        List<NDArray> parts = split(base);
        for (int i = 0; i < parameters.size(); i++) {
            values.put(parameters.get(i), parts.get(i));
        }
        return values;
    }

    /**
     * Concatenates the gradients of leaves into a flat vector (or (batch, size) rows for per-sample leaves).
     * @param leaves leaves from {@link #substitutions}.
     * @param batch as given to {@link #substitutions}.
     * @return the gradient, in the leaves' manager.
     */
    NDArray gradientOf(List<NDArray> leaves, int batch) {
        NDList parts = new NDList();
        for (NDArray leaf : leaves) {
            NDArray g = leaf.getGradient();
            parts.add(batch > 0 ? g.reshape(batch, -1) : g.reshape(-1));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, batch > 0 ? 1 : 0);
    }

    private void check(NDArray flat, String where) {
        Shape s = flat.getShape();
        if (s.dimension() != 1 || s.get(0) != size) {
            throw new IllegalArgumentException(where + ": expected a flat vector of length " + size + ", got shape " + s);
        }
    }

    @Override
    public String toString() {
        return "ParameterSpace(" + parameters.size() + " parameters, " + size + " values, " + dataType + ", " + device + ")";
    }
}
