/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticData;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.djl.HostTensor;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared small setup of the baseline tests: synthetic data with planted biases (as in the FUDLR end-to-end test) and
 * a tiny float64 LoRA recommender trained on it.
 */
final class BaselineFixture {

    final SyntheticData synthetic;
    final SampleSplits splits;
    final MutableDataset<Label> train;
    final MutableDataset<Label> validation;

    BaselineFixture() {
        synthetic = SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(80, 50, 10, 22));
        splits = MovieLensDataSource.splits(synthetic, new SampleBuilder(5, 0, 3));
        train = dataset(splits.train(), "synthetic train");
        validation = dataset(splits.validation(), "synthetic validation");
    }

    /** The trainer of the original model (a new instance each call, invocation count 0). */
    static LmRecommenderTrainer.Builder trainer() {
        return LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5)
            .loraRank(2).loraAlpha(4).pretrainEpochs(3).epochs(2).batchSize(32).learningRate(1e-2).seed(7)
            .device("cpu").dtype(Precision.FLOAT64);
    }

    DjlRecommenderModel trainOriginal() {
        return trainer().build().trainTransformer(train);
    }

    static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance(name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    /** Asserts that two models have bit-identical weights. */
    static void assertSameWeights(DjlRecommenderModel expected, DjlRecommenderModel actual) {
        Map<String, HostTensor> e = expected.weights();
        Map<String, HostTensor> a = actual.weights();
        assertEquals(e.keySet(), a.keySet());
        for (String name : e.keySet()) {
            assertEquals(e.get(name), a.get(name), name);
        }
    }
}
