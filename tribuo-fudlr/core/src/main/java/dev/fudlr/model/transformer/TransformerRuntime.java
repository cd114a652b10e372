/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;
import dev.fudlr.model.djl.Devices;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.RecommenderRuntime;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live (native) instance of a {@link CausalTransformerBlock}: its own base {@link NDManager} on one device, the
 * block with its weights, and which parameters are trainable. Not thread-safe; close it to free native memory.
 * <p>
 * Forward passes should run in a sub-manager of {@link #manager()} (one per step) with a parameter store from
 * {@link #newParameterStore(NDManager)}; every intermediate array then lives in that sub-manager.
 */
public final class TransformerRuntime implements RecommenderRuntime {

    private final TransformerConfig config;
    private final Device device;
    private final NDManager manager;
    private final CausalTransformerBlock block;
    private final SortedMap<String, Parameter> parameters;
    private List<String> trainableNames;

    /**
     * Materialises a network with the given weights. All LoRA parameters are trainable, all others frozen.
     * @param config the architecture.
     * @param weights a value for every parameter of the layout (names, shapes and dtype must match).
     * @param device the device.
     */
    public TransformerRuntime(TransformerConfig config, Map<String, HostTensor> weights, Device device) {
        this.config = config;
        this.device = device;
        Map<String, long[]> layout = TransformerWeights.layout(config);
        if (!layout.keySet().equals(weights.keySet())) {
            throw new IllegalArgumentException("Weights do not match the network layout: expected " + new TreeMap<>(layout).keySet()
                                               + ", got " + new TreeMap<>(weights).keySet());
        }
        for (Map.Entry<String, long[]> e : layout.entrySet()) {
            HostTensor t = weights.get(e.getKey());
            if (!Arrays.equals(e.getValue(), t.shape())) {
                throw new IllegalArgumentException("Weight " + e.getKey() + " has shape " + Arrays.toString(t.shape())
                                                   + ", the network needs " + Arrays.toString(e.getValue()));
            }
            if (t.dataType() != config.dataType()) {
                throw new IllegalArgumentException("Weight " + e.getKey() + " is " + t.dataType() + ", the network is "
                                                   + config.dataType());
            }
        }
        this.manager = Engine.getEngine(Devices.ENGINE).newBaseManager(device);
        try {
            this.block = new CausalTransformerBlock(config);
            SortedMap<String, Parameter> params = new TreeMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                HostTensor value = weights.get(p.getKey());
                p.getValue().setInitializer((m, shape, dataType) -> value.toNDArray(m));
                params.put(p.getKey(), p.getValue());
            }
            block.initialize(manager, config.dataType(), new Shape(1, config.maxHistory()));
            this.parameters = Collections.unmodifiableSortedMap(params);
            setTrainable(CausalTransformerBlock::isLoraParameter);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Chooses the trainable parameters (requiring gradients); all others are frozen.
     * @param trainable predicate on the full parameter name.
     */
    public void setTrainable(Predicate<String> trainable) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            boolean t = trainable.test(e.getKey());
            e.getValue().freeze(!t);
            if (t) {
                names.add(e.getKey());
            }
        }
        this.trainableNames = Collections.unmodifiableList(names);
    }

    /** @return names of the trainable parameters, sorted. */
    public List<String> trainableNames() {
        return trainableNames;
    }

    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>(trainableNames.size());
        for (String n : trainableNames) {
            out.add(parameters.get(n));
        }
        return out;
    }

    @Override
    public SortedMap<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * A parameter by full name.
     * @param name the name.
     * @return the parameter.
     */
    public Parameter parameter(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("Unknown parameter " + name);
        }
        return p;
    }

    /**
     * Copies all current weights to host memory.
     * @return weights by name (sorted).
     */
    public SortedMap<String, HostTensor> exportWeights() {
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            out.put(e.getKey(), HostTensor.fromNDArray(e.getKey(), e.getValue().getArray()));
        }
        return out;
    }

    @Override
    public void setWeight(HostTensor value) {
        setWeight(value.name(), value);
    }

    /**
     * Overwrites one parameter's values in place (the parameter keeps its identity, gradient flag and optimizer
     * state key).
     * @param name the parameter name.
     * @param value values of the same shape and dtype.
     */
    public void setWeight(String name, HostTensor value) {
        Parameter p = parameter(name);
        NDArray array = p.getArray();
        if (!Arrays.equals(array.getShape().getShape(), value.shape()) || array.getDataType() != value.dataType()) {
            throw new IllegalArgumentException("Value for " + name + " has shape " + Arrays.toString(value.shape()) + " "
                                               + value.dataType() + ", expected " + array.getShape() + " " + array.getDataType());
        }
        // A direct aligned buffer becomes the parameter's storage (see NativeArrays).
        array.set(value.dataType() == DataType.FLOAT64 ? NativeArrays.buffer(value.toDoubleArray())
                      : NativeArrays.buffer(value.toFloatArray()));
    }

    /**
     * Token ids as a native array.
     * @param stepManager the manager that owns the result.
     * @param tokens row-major (batch, L) token ids.
     * @return an int64 (batch, L) array.
     */
    public NDArray tokens(NDManager stepManager, long[] tokens) {
        if (tokens.length % config.maxHistory() != 0) {
            throw new IllegalArgumentException("Token count " + tokens.length + " is not a multiple of L=" + config.maxHistory());
        }
        return NativeArrays.create(stepManager, tokens, new Shape(tokens.length / config.maxHistory(), config.maxHistory()));
    }

    /**
     * Target item indices as a native array.
     * @param stepManager the manager that owns the result.
     * @param targets item indices.
     * @return an int64 (batch) array.
     */
    public NDArray targets(NDManager stepManager, long[] targets) {
        return NativeArrays.create(stepManager, targets, new Shape(targets.length));
    }

    /**
     * All-item scores.
     * @param store the parameter store.
     * @param tokens (batch, L) token ids.
     * @param training true for a training pass.
     * @return (batch, numItems) logits.
     */
    @Override
    public NDArray scores(ParameterStore store, NDArray tokens, boolean training) {
        return block.scores(store, tokens, training);
    }

    /**
     * Names of parameters whose accumulated gradient is not identically zero (a check that frozen parameters
     * receive no gradient).
     * @return the names, sorted.
     */
    public Set<String> parametersWithNonZeroGradient() {
        Set<String> out = new java.util.TreeSet<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            // Ask the engine directly: a frozen parameter reports no gradient flag but could still carry a .grad.
            PtNDArray g = JniUtils.getGradient((PtNDArray) e.getValue().getArray());
            if (g == null) {
                continue;
            }
            try {
                if (Arrays.stream(HostTensor.fromNDArray(e.getKey(), g).toDoubleArray()).anyMatch(v -> v != 0)) {
                    out.add(e.getKey());
                }
            } finally {
                g.close();
            }
        }
        return out;
    }

    /** @return the architecture. */
    public TransformerConfig config() {
        return config;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public CausalTransformerBlock block() {
        return block;
    }

    @Override
    public void close() {
        manager.close();
    }
}
