/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fudlr.model.djl.Devices;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.RecommenderRuntime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The live network of a {@link RecommenderNetwork}: the block it builds, initialized on one device with given values
 * (the rest from the block's own initializers), the unlearnable parameters trainable and the base frozen. Checks the
 * SPI contract where it can (no TorchScript, an initializer or value for every parameter, at least one unlearnable
 * parameter, score shape). Not thread-safe; close it to free native memory.
 */
final class NetworkRuntime implements RecommenderRuntime {

    private final RecommenderNetwork network;
    private final int numItems;
    private final Device device;
    private final NDManager manager;
    private final Block block;
    private final SortedMap<String, Parameter> parameters;
    private final Predicate<String> unlearnable;
    private List<String> trainableNames;

    /**
     * Builds and initializes the network.
     * @param network the user's network.
     * @param numItems the catalogue size.
     * @param maxHistory the history length.
     * @param dataType float32 or float64.
     * @param values values for some or all parameters (by full name); the others use their initializers.
     * @param device the device.
     * @param initSeed the engine seed for the block's own initializers, or null when every value is given.
     */
    NetworkRuntime(RecommenderNetwork network, int numItems, int maxHistory, DataType dataType, Map<String, HostTensor> values,
                   Device device, Long initSeed) {
        this.network = network;
        this.numItems = numItems;
        this.device = device;
        this.unlearnable = network::isUnlearnable;
        Block b = network.newBlock(numItems, maxHistory, dataType);
        String what = network.getClass().getName() + ".newBlock";
        if (b == null) {
            throw new IllegalArgumentException(what + " returned null");
        }
        if (b instanceof SymbolBlock) {
            throw new IllegalArgumentException(what + " returned a TorchScript/symbolic block (" + b.getClass().getName()
                                               + "): its forward pass does not read parameters through the ParameterStore");
        }
        if (b.isInitialized()) {
            throw new IllegalArgumentException(what + " returned an initialized block; return a new, uninitialized one");
        }
        this.block = b;
        Map<String, HostTensor> remaining = new HashMap<>(values);
        SortedMap<String, Parameter> params = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            if (params.put(name, p.getValue()) != null) {
                throw new IllegalArgumentException(what + ": two parameters are named " + name);
            }
            HostTensor value = remaining.remove(name);
            if (value != null) {
                if (value.dataType() != dataType) {
                    throw new IllegalArgumentException("Value of parameter " + name + " is " + value.dataType() + ", the model is " + dataType);
                }
                p.getValue().setInitializer((m, shape, dt) -> checkedValue(name, value, shape, m));
            } else if (p.getValue().getInitializer() == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Parameters " + missing + " of " + what + " have no initializer and no value: call "
                                               + "setInitializer on them or return their values from initialValues");
        }
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException("Values given for unknown parameters " + new TreeMap<>(remaining).keySet()
                                               + "; the block of " + what + " has " + params.keySet());
        }
        if (params.keySet().stream().noneMatch(unlearnable)) {
            throw new IllegalArgumentException(network.getClass().getName() + ".isUnlearnable selects none of the parameters "
                                               + params.keySet() + ": at least one must be unlearnable");
        }
        Engine engine = Engine.getEngine(Devices.ENGINE);
        if (initSeed != null) {
            // The block's own initializers draw from the engine's generator.
            engine.setRandomSeed((int) (initSeed ^ (initSeed >>> 32)));
        }
        this.manager = engine.newBaseManager(device);
        try {
            block.initialize(manager, dataType, network.inputShapes(maxHistory));
            this.parameters = Collections.unmodifiableSortedMap(params);
            setTrainable(unlearnable);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static NDArray checkedValue(String name, HostTensor value, Shape shape, NDManager m) {
        if (!Arrays.equals(shape.getShape(), value.shape())) {
            throw new IllegalArgumentException("Value of parameter " + name + " has shape " + Arrays.toString(value.shape())
                                               + ", the block wants " + shape);
        }
        return value.toNDArray(m);
    }

    /**
     * Chooses the parameters that require gradients; all others are frozen.
     * @param trainable predicate on the full name.
     */
    void setTrainable(Predicate<String> trainable) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            boolean t = trainable.test(e.getKey());
            e.getValue().freeze(!t);
            if (t) {
                names.add(e.getKey());
            }
        }
        this.trainableNames = List.copyOf(names);
    }

    /** @return names of the parameters {@link RecommenderNetwork#isUnlearnable} selects. */
    List<String> unlearnableNames() {
        return parameters.keySet().stream().filter(unlearnable).toList();
    }

    /** @return every parameter's values, by name. */
    SortedMap<String, HostTensor> exportWeights() {
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            out.put(e.getKey(), HostTensor.fromNDArray(e.getKey(), e.getValue().getArray()));
        }
        return out;
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
    public Block block() {
        return block;
    }

    @Override
    public SortedMap<String, Parameter> parameters() {
        return parameters;
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
    public void setWeight(HostTensor value) {
        Parameter p = parameters.get(value.name());
        if (p == null) {
            throw new IllegalArgumentException("No parameter named " + value.name() + "; the block has " + parameters.keySet());
        }
        NDArray array = p.getArray();
        if (!Arrays.equals(array.getShape().getShape(), value.shape()) || array.getDataType() != value.dataType()) {
            throw new IllegalArgumentException("Value for " + value.name() + " has shape " + Arrays.toString(value.shape()) + " "
                                               + value.dataType() + ", expected " + array.getShape() + " " + array.getDataType());
        }
        array.set(value.dataType() == DataType.FLOAT64 ? NativeArrays.buffer(value.toDoubleArray())
                      : NativeArrays.buffer(value.toFloatArray()));
    }

    @Override
    public NDArray scores(ParameterStore store, NDArray input, boolean training) {
        NDArray s = block.forward(new StepScopedStore(store, input.getManager()), new NDList(input), training).singletonOrThrow();
        Shape shape = s.getShape();
        long batch = input.getShape().get(0);
        if (shape.dimension() != 2 || shape.get(0) != batch || shape.get(1) != numItems) {
            throw new IllegalStateException(network.getClass().getName() + "'s block returned scores of shape " + shape
                                            + ", expected (" + batch + ", " + numItems + ")");
        }
        return s;
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Returns the inner store's values as views attached to the step's manager. In DJL an operation's result joins
     * its left operand's manager, so a user's block that computes {@code weight.transpose()} would otherwise leak one
     * array per step into the model's long-lived manager; a view keeps the autograd link.
     */
    private static final class StepScopedStore extends ParameterStore implements dev.fudlr.model.djl.ForwardingParameterStore {
        private final ParameterStore inner;
        private final NDManager step;

        StepScopedStore(ParameterStore inner, NDManager step) {
            super(step, false);
            this.inner = inner;
            this.step = step;
        }

        @Override
        public ParameterStore inner() {
            return inner;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            NDArray v = inner.getValue(parameter, device, training);
            if (v.getManager() == step) {
                return v;
            }
            NDArray alias = v.reshape(v.getShape());
            alias.attach(step);
            return alias;
        }
    }
}
