/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.types.DataType;
import dev.fudlr.data.ItemInfo;
import dev.fudlr.model.djl.HostTensor;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** Shared test inputs: real movie titles, and reduced MiniLM-LoRA models built from the real pretrained weights. */
public final class MiniLmTestSupport {

    /** Well-known public film titles, used when ML-100K is not available. */
    static final List<String> FALLBACK_TITLES = List.of(
        "Toy Story (1995)", "GoldenEye (1995)", "Four Rooms (1995)", "Get Shorty (1995)", "Copycat (1995)",
        "Twelve Monkeys (1995)", "Babe (1995)", "Dead Man Walking (1995)", "Richard III (1995)", "Seven (Se7en) (1995)",
        "The Usual Suspects (1995)", "Mighty Aphrodite (1995)", "Postino, Il (1994)", "Mr. Holland's Opus (1995)",
        "French Twist (Gazon maudit) (1995)", "From Dusk Till Dawn (1996)", "White Balloon, The (1995)",
        "Antonia's Line (1995)", "Angels and Insects (1995)", "Muppet Treasure Island (1996)", "Braveheart (1995)",
        "Taxi Driver (1976)", "Rumble in the Bronx (1995)", "Birdcage, The (1996)", "Brothers McMullen, The (1995)",
        "Bad Boys (1995)", "Apollo 13 (1995)", "Batman Forever (1995)", "Belle de jour (1967)", "Crimson Tide (1995)",
        "Star Wars (1977)", "Pulp Fiction (1994)", "Fargo (1996)");

    private MiniLmTestSupport() {}

    /**
     * Up to {@code n} titles from ML-100K's u.item when {@code fudlr.ml100k.dir} is set, else the fallback list.
     * @param n how many.
     * @return titles.
     */
    public static List<String> titles(int n) {
        String dir = System.getProperty("fudlr.ml100k.dir");
        if (dir != null && Files.isRegularFile(Path.of(dir, "u.item"))) {
            try {
                List<String> out = new ArrayList<>();
                for (String line : Files.readAllLines(Path.of(dir, "u.item"), StandardCharsets.ISO_8859_1)) {
                    String[] f = line.split("\\|");
                    if (f.length > 1 && !f[1].isBlank()) {
                        out.add(f[1]);
                    }
                    if (out.size() == n) {
                        break;
                    }
                }
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return FALLBACK_TITLES.subList(0, Math.min(n, FALLBACK_TITLES.size()));
    }

    /**
     * Item records for ids {@code 1..numItems} with real titles (see {@link #titles}).
     * @param numItems how many.
     * @return records by id.
     */
    public static Map<Integer, ItemInfo> itemInfo(int numItems) {
        List<String> titles = titles(numItems);
        if (titles.size() < numItems) {
            throw new IllegalArgumentException("Only " + titles.size() + " titles available, " + numItems + " requested");
        }
        Map<Integer, ItemInfo> info = new HashMap<>();
        for (int i = 0; i < numItems; i++) {
            info.put(i + 1, new ItemInfo(i + 1, titles.get(i), null, List.of("Drama")));
        }
        return info;
    }

    /**
     * A reduced (2-layer) MiniLM-LoRA model over the catalogue of {@code samples} (item ids {@code 1..numItems}, real
     * titles), with <em>random</em> trainable values: every LoRA A and B, the item bias and (optionally) the head are
     * away from their initialisation, so no derivative vanishes (at B = 0 the gradient of A is exactly zero).
     * @param samples the samples whose catalogue the model ranks.
     * @param numItems the item id range.
     * @param dataType float32 or float64.
     * @param useHead whether the model has the projection head.
     * @param seed the seed of the trainable values.
     * @return the model, on the CPU; close it.
     */
    public static MiniLmRecommenderModel reducedModel(List<Example<Label>> samples, int numItems, DataType dataType,
                                                      boolean useHead, long seed) {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("reduced minilm", f), f);
        ds.addAll(samples);
        // Zero epochs: the trainer only supplies the catalogue, domains and provenance.
        try (MiniLmRecommenderModel shell = new MiniLmRecommenderTrainer(itemInfo(numItems), 2, 0, 0, 8, 1e-2, seed).train(ds)) {
            MiniLmSpec s = shell.spec();
            MiniLmSpec spec = new MiniLmSpec(s.numLayers(), s.loraRank(), s.loraAlpha(), s.scoreScale(), useHead, true,
                                             s.maxHistory(), s.maxTokens(), s.includeGenres(), s.promptPrefix(), dataType);
            BertConfig config = MiniLmArtifact.baseWeights().truncate(spec.numLayers()).config();
            Random rng = new Random(seed);
            SortedMap<String, HostTensor> trainable = new TreeMap<>();
            for (Map.Entry<String, long[]> e : MiniLmRuntime.trainableLayout(spec, config, shell.items().size()).entrySet()) {
                long[] shape = e.getValue();
                double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
                String name = e.getKey();
                // Scales that keep the scores O(1): A ~ 1/sqrt(in), B and head perturbation small, biases O(1).
                double std = name.endsWith("_lora_a") ? 1.0 / Math.sqrt(shape[1]) : name.endsWith("_lora_b") ? 0.05
                    : name.equals(MiniLmBlock.HEAD) ? 0.02 : 0.5;
                for (int i = 0; i < v.length; i++) {
                    v[i] = rng.nextGaussian() * std;
                }
                if (name.equals(MiniLmBlock.HEAD)) {
                    for (int i = 0; i < shape[0]; i++) {
                        v[i * (int) shape[1] + i] += 1.0;
                    }
                }
                trainable.put(name, HostTensor.of(name, shape, v, dataType));
            }
            return new MiniLmRecommenderModel("reduced-minilm", shell.getProvenance(), shell.getFeatureIDMap(),
                                              shell.getOutputIDInfo(), spec, shell.catalogue(), MiniLmArtifact.COORDINATES,
                                              shell.baseSha256(), trainable, "cpu");
        }
    }
}
