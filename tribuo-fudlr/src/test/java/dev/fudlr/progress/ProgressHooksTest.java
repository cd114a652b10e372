/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.progress;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library reports its long stages: training epochs, per-sample gradients and FUDLR's stages. */
class ProgressHooksTest {

    @AfterEach
    void restore() {
        Progress.install(ProgressSink.NONE);
    }

    private static ProgressEvent finished(List<ProgressEvent> events, String task) {
        return events.stream().filter(e -> e.task().equals(task) && e.finished()).findFirst()
            .orElseThrow(() -> new AssertionError("no finished '" + task + "' task in " + events));
    }

    @Test
    void trainingGradientsAndFudlrStagesReportProgress() {
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        Progress.install(events::add);
        SyntheticGenerator.Config config = SyntheticGenerator.Config.defaults().withSizes(60, 40, 10, 20);
        SampleBuilder builder = new SampleBuilder(3, 0, 3);
        MutableDataset<Label> train = new MutableDataset<>(new MovieLensDataSource(config, SampleSplits.TRAIN, builder));
        MutableDataset<Label> validation = new MutableDataset<>(new MovieLensDataSource(config, SampleSplits.VALIDATION, builder));
        DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
            .maxHistory(3).loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(1).batchSize(32).learningRate(1e-2).seed(7)
            .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train);
        try {
            ProgressEvent pretrain = finished(events, "pretrain");
            assertEquals(2L * train.size(), pretrain.done());
            assertEquals(pretrain.total(), pretrain.done());
            assertEquals("epoch 2/2", pretrain.detail());
            assertEquals((long) train.size(), finished(events, "lora").done());

            events.clear();
            // A fixed surrogate temperature, and force: the run reaches its report whatever the guard decides.
            Model<Label> debiased = FudlrTransformer.builder().objectives("mgu@10").accuracyTolerance(0.5).hessianSubsample(100)
                .cg(1e-2, 10).mask(20, 0.1).surrogateTemperature(0.5).curvature("exact").force(true).build()
                .transform(model, train, validation).model();
            ((DjlRecommenderModel) debiased).close();
            // The total is the number of stages that run (FudlrStage, without the optional baseline selections).
            ProgressEvent fudlr = finished(events, "FUDLR");
            assertEquals(fudlr.total(), fudlr.done(), fudlr.toString());
            assertEquals(dev.fudlr.debias.FudlrStage.values().length - 1, fudlr.total(), fudlr.toString());
            // The effects pass reports every training sample (the tiny transformer's adapters are tangent-aware).
            assertEquals((long) train.size(), finished(events, "per-sample directional derivatives").done());
            // Updates are throttled, so which stages show up depends on timing; at least one completed stage does.
            assertTrue(events.stream().anyMatch(e -> e.task().equals("FUDLR") && e.done() >= 1 && e.detail().endsWith(" done")),
                       events.toString());
        } finally {
            model.close();
        }
    }
}
