/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.networks;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.spi.NetworkRecommenderModel;
import dev.fudlr.model.spi.NetworkRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No privileged path: the project's transformer written as an SPI network and trained by the SPI's generic trainer is
 * the model {@link LmRecommenderTrainer} trains: same weights, bit for bit, and the same scores, digest aside (the
 * digests name their model classes' settings differently).
 */
class TransformerNetworkTest {

    @Test
    void theSpiTrainerTrainsTheSameTransformerAsItsOwnTrainer() {
        SampleSplits splits = MovieLensDataSource.splits(
            SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(80, 50, 10, 22)), new SampleBuilder(5, 0, 3));
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new ListDataSource<>(splits.train(), f, new SimpleDataSourceProvenance("train", f)));
        try (DjlRecommenderModel own = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                 .maxHistory(5).loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(2).batchSize(32).learningRate(1e-2).seed(7)
                 .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train);
             NetworkRecommenderModel spi = new NetworkRecommenderTrainer(new TransformerNetwork(8, 1, 2, 16, 2, 4, false), 5, 2, 2, 32,
                                                                         1e-2, 7, "cpu", Precision.FLOAT64).train(train)) {
            SortedMap<String, HostTensor> a = own.weights();
            SortedMap<String, HostTensor> b = spi.weights();
            assertEquals(a.keySet(), b.keySet());
            for (String name : a.keySet()) {
                assertArrayEquals(a.get(name).toDoubleArray(), b.get(name).toDoubleArray(), 0.0, name);
            }
            assertEquals(own.trainableParameterNames(), spi.trainableParameterNames());
            assertTrue(spi.supportsPerSampleParameters());
            List<Example<Label>> batch = splits.validation().subList(0, 8);
            assertArrayEquals(own.scores(batch), spi.scores(batch));
        }
    }
}
