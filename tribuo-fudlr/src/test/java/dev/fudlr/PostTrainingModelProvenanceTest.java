/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.debias.FudlrTransformer;
import org.junit.jupiter.api.Test;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A debiased model's provenance re-instantiates what made it: the post-training step (FUDLR with its default,
 * provenance-read {@code weightDecay}) and the original model's trainer, through OLCUT's configuration extraction.
 */
class PostTrainingModelProvenanceTest {

    private static Object rebuild(ConfiguredObjectProvenance p) {
        List<ConfigurationData> data = ProvenanceUtil.extractConfiguration(p);
        try (ConfigurationManager cm = new ConfigurationManager()) {
            cm.addConfiguration(data);
            return cm.lookup(data.get(0).getName());
        }
    }

    @Test
    void theTransformerAndTheTrainerOfADebiasedModelReinstantiate() throws Exception {
        SyntheticGenerator.Config config = SyntheticGenerator.Config.defaults().withSizes(60, 40, 10, 20);
        SampleBuilder builder = new SampleBuilder(3, 0, 3);
        MutableDataset<Label> train = new MutableDataset<>(new MovieLensDataSource(config, SampleSplits.TRAIN, builder));
        MutableDataset<Label> validation = new MutableDataset<>(new MovieLensDataSource(config, SampleSplits.VALIDATION, builder));
        Model<Label> model;
        try (DjlRecommenderModel base = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                .maxHistory(3).loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(32).learningRate(1e-2).seed(7)
                .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train)) {
            // Defaults, with weightDecay read from the model's trainer provenance (-1), and force so a model comes back.
            model = FudlrTransformer.builder().hessianSubsample(100).cg(1e-2, 10).mask(20, 0.1).force(true).build()
                .transform(base, train, validation).model();
        }
        PostTrainingModelProvenance pt = assertInstanceOf(PostTrainingModelProvenance.class, model.getProvenance());
        FudlrTransformer fudlr = assertInstanceOf(FudlrTransformer.class, rebuild(pt.getTransformerProvenance()));
        // Same configuration: its provenance equals the recorded one.
        assertEquals(pt.getTransformerProvenance(), fudlr.getProvenance());
        Object trainer = rebuild(pt.getOriginalModelProvenance().getTrainerProvenance());
        assertEquals(pt.getOriginalModelProvenance().getTrainerProvenance().getClassName(), trainer.getClass().getName());
        if (model instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Test
    void aPostTrainingTrainerReinstantiatesFromItsProvenance() {
        SyntheticGenerator.Config config = SyntheticGenerator.Config.defaults().withSizes(60, 40, 10, 20);
        SampleBuilder builder = new SampleBuilder(3, 0, 3);
        PostTrainingTrainer<Label> trainer = new PostTrainingTrainer<>(
            LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(3).loraRank(2).loraAlpha(4)
                .pretrainEpochs(1).epochs(1).seed(7).device("cpu").build(),
            List.of(FudlrTransformer.builder().objectives("mgu@10", "ndcg-gap@10:gender").attributes("gender").build()),
            new MovieLensDataSource(config, SampleSplits.VALIDATION, builder));
        Object rebuilt = rebuild((ConfiguredObjectProvenance) trainer.getProvenance());
        PostTrainingTrainer<?> again = assertInstanceOf(PostTrainingTrainer.class, rebuilt);
        // Same configuration (instance values such as the data source's creation time differ by design).
        assertEquals(ProvenanceUtil.extractConfiguration((ConfiguredObjectProvenance) trainer.getProvenance()),
                     ProvenanceUtil.extractConfiguration((ConfiguredObjectProvenance) again.getProvenance()));
    }
}
