/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;

import dev.fudlr.model.djl.HostTensor;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Seeded initial weights and the parameter layout (names and shapes) of a {@link CausalTransformerBlock}.
 * <p>
 * Initial values are drawn with {@link java.util.Random} in Java, one generator per parameter seeded from the
 * training seed and the parameter name, so they are identical on every engine and device and do not depend on the
 * order in which parameters are created:
 * <ul>
 *     <li>embeddings and base projection weights: N(0, 0.02^2) (GPT-2 style);</li>
 *     <li>biases, LayerNorm shifts and LoRA {@code B}: 0; LayerNorm scales: 1;</li>
 *     <li>LoRA {@code A}: U(-1/sqrt(in), 1/sqrt(in)) (the Kaiming-uniform bound used by common LoRA
 *     implementations).</li>
 * </ul>
 */
public final class TransformerWeights {

    /** Standard deviation of embeddings and base weights at initialisation. */
    public static final double INIT_STD = 0.02;

    private TransformerWeights() {}

    /**
     * Parameter names (full block paths) and shapes of the network, in block order.
     * @param config the architecture.
     * @return an insertion-ordered map name to shape.
     */
    public static Map<String, long[]> layout(TransformerConfig config) {
        CausalTransformerBlock block = new CausalTransformerBlock(config);
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getShape().getShape());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Seeded initial weights.
     * @param config the architecture.
     * @param seed the seed.
     * @return all weights keyed by parameter name (sorted).
     */
    public static SortedMap<String, HostTensor> initialize(TransformerConfig config, long seed) {
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (Map.Entry<String, long[]> e : layout(config).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            int size = 1;
            for (long s : shape) {
                size = Math.multiplyExact(size, (int) s);
            }
            double[] values = new double[size];
            Random rng = new Random(seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
            if (name.endsWith("lora_b") || name.endsWith("bias") || name.endsWith("beta")) {
                // zeros
            } else if (name.endsWith("gamma")) {
                java.util.Arrays.fill(values, 1.0);
            } else if (name.endsWith("lora_a")) {
                double bound = 1.0 / Math.sqrt(shape[1]);
                for (int i = 0; i < size; i++) {
                    values[i] = (2 * rng.nextDouble() - 1) * bound;
                }
            } else {
                for (int i = 0; i < size; i++) {
                    values[i] = rng.nextGaussian() * INIT_STD;
                }
            }
            out.put(name, HostTensor.of(name, shape, values, config.dataType()));
        }
        return out;
    }
}
