/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;


import dev.fudlr.model.djl.LoraLinear;

import dev.fudlr.model.djl.NativeArrays;

import dev.fudlr.model.djl.Devices;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA dropout through {@link LoraDropoutParameterStore}: a {@link LoraLinear} with a zero base and identity adapters
 * (A = B = I, scale 1) outputs exactly its adapter input, so the mask is visible entry by entry.
 */
class LoraDropoutParameterStoreTest {

    static final int D = 8;

    NDManager manager;
    LoraLinear layer;
    NDArray x;

    @BeforeEach
    void build() {
        manager = Engine.getEngine(Devices.ENGINE).newBaseManager();
        layer = new LoraLinear(D, D, D, 1.0);
        for (Pair<String, ai.djl.nn.Parameter> p : layer.getParameters()) {
            boolean identity = p.getKey().startsWith("lora");
            p.getValue().setInitializer((m, shape, dataType) -> identity ? m.eye(D, D, 0, dataType) : m.zeros(shape, dataType));
        }
        layer.initialize(manager, DataType.FLOAT64, new Shape(4, 50, D));
        Random rng = new Random(3);
        double[] v = new double[4 * 50 * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + rng.nextDouble();
        }
        x = NativeArrays.create(manager, v, new Shape(4, 50, D));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    double[] forward(ParameterStore store, boolean training) {
        try (NDManager step = manager.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(step);
            return layer.forward(store, new NDList(in), training).singletonOrThrow().toDoubleArray();
        }
    }

    @Test
    void dropsAdapterInputsOnlyInTrainingPassesWithTheDropoutStore() {
        double rate = 0.3;
        double[] plain = forward(new ParameterStore(manager, false), false);
        assertArrayEquals(x.toDoubleArray(), plain, 1e-12);
        // The training flag alone never drops (influence computations run training-mode passes with other stores).
        assertArrayEquals(plain, forward(new ParameterStore(manager, false), true), 0.0);
        // The dropout store outside a training pass does not drop either.
        assertArrayEquals(plain, forward(new LoraDropoutParameterStore(manager, rate, 1L), false), 0.0);
        // Rate 0 is the identity.
        assertArrayEquals(plain, forward(new LoraDropoutParameterStore(manager, 0.0, 1L), true), 0.0);

        double[] dropped = forward(new LoraDropoutParameterStore(manager, rate, 1L), true);
        int zeros = 0;
        for (int i = 0; i < dropped.length; i++) {
            if (dropped[i] == 0) {
                zeros++;
            } else {
                // Inverted dropout: kept inputs are scaled by 1 / (1 - rate).
                assertEquals(plain[i] / (1 - rate), dropped[i], 1e-12);
            }
        }
        // 1,600 Bernoulli(0.3) draws: mean 480, standard deviation 18.3; 5 sigma is about 92.
        assertTrue(Math.abs(zeros - rate * dropped.length) < 92, zeros + " of " + dropped.length + " dropped");
        // Same seed, same masks; another seed, other masks.
        assertArrayEquals(dropped, forward(new LoraDropoutParameterStore(manager, rate, 1L), true), 0.0);
        assertFalse(java.util.Arrays.equals(dropped, forward(new LoraDropoutParameterStore(manager, rate, 2L), true)));
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new LoraDropoutParameterStore(manager, 1.0, 1L));
        assertThrows(IllegalArgumentException.class, () -> new LoraDropoutParameterStore(manager, -0.1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new LoraDropoutParameterStore(manager, Double.NaN, 1L));
    }
}
