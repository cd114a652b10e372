/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Data and model settings shared by the examples: the embedded synthetic MovieLens stand-in (planted popularity
 * and gender biases) and two sizes of the LoRA transformer recommender.
 */
public final class ExampleData {

    private ExampleData() {
    }

    /**
     * Generates synthetic ratings and cuts them into leave-one-out samples (history length 5).
     * @param users number of synthetic users (300 is the generator's default; 80 keeps a run to seconds).
     * @param items number of synthetic items.
     * @return the train/validation/test samples.
     */
    public static SampleSplits synthetic(int users, int items) {
        SyntheticGenerator.Config config = SyntheticGenerator.Config.defaults().withSizes(users, items, 10, 22);
        return MovieLensDataSource.splits(MovieLensDataSource.synthetic(config), new SampleBuilder(5, 0, 3));
    }

    /**
     * Wraps samples in a Tribuo dataset. The provenance time is fixed so that runs are reproducible.
     * @param examples the samples.
     * @param name the data source name recorded in provenance.
     * @return a mutable dataset.
     */
    public static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory factory = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, factory, new SimpleDataSourceProvenance(name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), factory)));
    }

    /**
     * Training target counts keyed by item id string, as the fairness evaluator wants them (popularity metrics
     * such as MGU split the catalogue into head and tail by these counts).
     * @param splits the samples.
     * @return item id to count.
     */
    public static Map<String, Integer> itemCounts(SampleSplits splits) {
        Map<String, Integer> counts = new TreeMap<>();
        splits.trainItemCounts().forEach((item, count) -> counts.put(Integer.toString(item), count));
        return counts;
    }

    /**
     * A tiny recommender, seconds to train on the CPU: one transformer layer of width 8, LoRA rank 2, float64
     * (the influence computations are most accurate in double precision).
     * @return a trainer.
     */
    public static LmRecommenderTrainer tinyTrainer() {
        return LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5)
            .loraRank(2).loraAlpha(4).pretrainEpochs(3).epochs(2).batchSize(32).learningRate(1e-2).seed(7)
            .device("cpu").dtype(Precision.FLOAT64).build();
    }
}
