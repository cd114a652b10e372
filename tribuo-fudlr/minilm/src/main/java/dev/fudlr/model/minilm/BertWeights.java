/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import dev.fudlr.model.djl.HostTensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The frozen base weights of a {@link BertEncoder}, keyed by the encoder's DJL parameter names (see
 * {@link #layout(BertConfig)}); linear weights are stored (out, in) like a PyTorch {@code Linear}.
 */
public final class BertWeights {

    private final BertConfig config;
    private final SortedMap<String, HostTensor> tensors;

    /**
     * Checks that {@code tensors} has exactly the layout of {@code config}.
     * @param config the shape.
     * @param tensors the weights by name.
     */
    public BertWeights(BertConfig config, Map<String, HostTensor> tensors) {
        this.config = config;
        SortedMap<String, long[]> layout = layout(config);
        if (!layout.keySet().equals(new TreeMap<>(tensors).keySet())) {
            TreeMap<String, long[]> missing = new TreeMap<>(layout);
            missing.keySet().removeAll(tensors.keySet());
            TreeMap<String, HostTensor> extra = new TreeMap<>(tensors);
            extra.keySet().removeAll(layout.keySet());
            throw new IllegalArgumentException("BERT weights do not match the layout: missing " + missing.keySet()
                                               + ", unexpected " + extra.keySet());
        }
        for (Map.Entry<String, long[]> e : layout.entrySet()) {
            long[] actual = tensors.get(e.getKey()).shape();
            if (!Arrays.equals(actual, e.getValue())) {
                throw new IllegalArgumentException("BERT weight " + e.getKey() + " has shape " + Arrays.toString(actual)
                                                   + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        this.tensors = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
    }

    /**
     * Names and shapes of every base (non-LoRA) parameter of a {@link BertEncoder}.
     * @param c the shape.
     * @return name to shape, sorted.
     */
    public static SortedMap<String, long[]> layout(BertConfig c) {
        SortedMap<String, long[]> out = new TreeMap<>();
        long d = c.hidden();
        out.put("embeddings_word", new long[]{c.vocabSize(), d});
        out.put("embeddings_position", new long[]{c.maxPositions(), d});
        out.put("embeddings_token_type", new long[]{c.typeVocabSize(), d});
        out.put("embeddings_norm_gamma", new long[]{d});
        out.put("embeddings_norm_beta", new long[]{d});
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "layer" + l + "_";
            for (String lin : new String[]{"query", "key", "value", "attention_output"}) {
                out.put(p + lin + "_weight", new long[]{d, d});
                out.put(p + lin + "_bias", new long[]{d});
            }
            out.put(p + "intermediate_weight", new long[]{c.intermediate(), d});
            out.put(p + "intermediate_bias", new long[]{c.intermediate()});
            out.put(p + "output_weight", new long[]{d, c.intermediate()});
            out.put(p + "output_bias", new long[]{d});
            for (String norm : new String[]{"attention_norm", "output_norm"}) {
                out.put(p + norm + "_gamma", new long[]{d});
                out.put(p + norm + "_beta", new long[]{d});
            }
        }
        return out;
    }

    /** @return the shape. */
    public BertConfig config() {
        return config;
    }

    /** @return the weights by name, sorted, unmodifiable. */
    public SortedMap<String, HostTensor> tensors() {
        return tensors;
    }

    /**
     * The first {@code layers} layers (shares the tensors).
     * @param layers layers kept.
     * @return reduced weights.
     */
    public BertWeights truncate(int layers) {
        BertConfig reduced = config.withLayers(layers);
        SortedMap<String, HostTensor> kept = new TreeMap<>();
        for (String name : layout(reduced).keySet()) {
            kept.put(name, tensors.get(name));
        }
        return new BertWeights(reduced, kept);
    }
}
