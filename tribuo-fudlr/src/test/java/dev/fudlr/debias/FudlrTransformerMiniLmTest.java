/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticData;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.minilm.MiniLmRecommenderModel;
import dev.fudlr.model.minilm.MiniLmRecommenderTrainer;
import dev.fudlr.model.djl.HostTensor;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FUDLR on the MiniLM-LoRA backbone (a reduced 2-layer model from the real pretrained weights, trained on a small
 * synthetic catalogue with real-looking titles): the pipeline runs end to end through the shared
 * {@link dev.fudlr.model.AbstractDjlRecommenderModel} API and returns a new MiniLM model whose LoRA adapters moved,
 * leaving the original untouched. The tiny-transformer behaviour is covered by {@link FudlrTransformerTest}.
 */
class FudlrTransformerMiniLmTest {
    private static final Logger logger = Logger.getLogger(FudlrTransformerMiniLmTest.class.getName());

    @Test
    void debiasesAMiniLmModelEndToEnd() {
        SyntheticData synthetic = SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(20, 24, 5, 8));
        SampleSplits splits = MovieLensDataSource.splits(synthetic, new SampleBuilder(4, 0, 3));
        MutableDataset<Label> train = FudlrTransformerTest.dataset(splits.train(), "synthetic train");
        MutableDataset<Label> validation = FudlrTransformerTest.dataset(splits.validation(), "synthetic validation");
        MiniLmRecommenderTrainer trainer = new MiniLmRecommenderTrainer(synthetic.ratings().items(), 2, 0, 2, 8, 1e-2, 5L);
        try (MiniLmRecommenderModel original = trainer.train(train)) {
            double[] thetaBefore = original.trainableParametersAsDouble();
            SortedMap<String, HostTensor> weightsBefore = original.trainableWeights();
            float[][] scoresBefore = original.scores(splits.validation().subList(0, 3));
            // No removal cost and no loss penalty, a lenient guard: some samples are always unlearned. Damping 1 (the
            // few-sample Hessian of a briefly trained model is indefinite at 0.1).
            FudlrTransformer fudlr = FudlrTransformer.builder().objectives("mgu@10").gamma(0).beta(0).maxRemovalFraction(0.3)
                .accuracyTolerance(10).damping(1.0).hessianSubsample(32).cg(1e-2, 10).mask(100, 0.1).seed(3).build();
            long start = System.nanoTime();
            PostTrainingResult<Label> result = fudlr.transform(original, train, validation);
            FudlrReport report = (FudlrReport) result.report();
            logger.info(String.format("FUDLR on a 2-layer MiniLM (%d parameters, %d training samples) took %.1f s%n%s",
                                      original.numTrainableParameters(), train.size(), (System.nanoTime() - start) / 1e9,
                                      report.summary()));
            MiniLmRecommenderModel debiased = assertInstanceOf(MiniLmRecommenderModel.class, result.model());
            try {
                assertNotSame(original, debiased);
                assertTrue(report.unlearnedIds().size() > 0, report.summary());
                assertEquals(original.trainableParameterNames(), debiased.trainableParameterNames());
                assertEquals(original.spec(), debiased.spec());
                assertInstanceOf(PostTrainingModelProvenance.class, debiased.getProvenance());
                // The Newton step moved the LoRA adapters (not only the item bias).
                for (Map.Entry<String, HostTensor> e : debiased.trainableWeights().entrySet()) {
                    if (e.getKey().endsWith("_lora_b")) {
                        assertTrue(!Arrays.equals(e.getValue().toDoubleArray(), weightsBefore.get(e.getKey()).toDoubleArray()),
                                   e.getKey() + " did not change");
                    }
                }
                // The debiased model is usable: its scores differ from the original's.
                float[][] scoresAfter = debiased.scores(splits.validation().subList(0, 3));
                assertTrue(!Arrays.equals(scoresBefore[0], scoresAfter[0]));
            } finally {
                debiased.close();
            }
            // The original is untouched: parameters and scores.
            assertArrayEquals(thetaBefore, original.trainableParametersAsDouble(), 0.0);
            float[][] now = original.scores(splits.validation().subList(0, 3));
            for (int i = 0; i < now.length; i++) {
                assertArrayEquals(scoresBefore[i], now[i], 0f);
            }
        }
    }
}
