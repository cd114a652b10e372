/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.it;

import dev.fudlr.cli.RecommenderComparison;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.baseline.MostPopularTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The foundation's acceptance check on real data: on MovieLens-100K the LoRA item transformer beats the
 * most-popular recommender on NDCG@10 of the held-out last item of each user.
 */
class MovieLens100kRecommenderTest {

    static Path ml100k() {
        String dir = System.getProperty("fudlr.ml100k.dir", "");
        Path p = Path.of(dir);
        assumeTrue(!dir.isEmpty() && Files.exists(p.resolve("u.data")),
                   "MovieLens-100K not found at '" + dir + "' (set -Dfudlr.ml100k.dir); skipping the real-data test");
        return p;
    }

    @Test
    void transformerBeatsMostPopularOnNdcg10() {
        Path dir = ml100k();
        SampleBuilder builder = new SampleBuilder();
        MovieLensDataSource trainSource = new MovieLensDataSource(MovieLensFormat.ML_100K, dir, SampleSplits.TRAIN, builder);
        SampleSplits splits = trainSource.getSplits();
        assertEquals(943, splits.users().size());
        MutableDataset<Label> train = new MutableDataset<>(trainSource);
        MutableDataset<Label> test = new MutableDataset<>(new MovieLensDataSource(MovieLensFormat.ML_100K, dir, SampleSplits.TEST, builder));

        Map<String, Trainer<Label>> trainers = new LinkedHashMap<>();
        trainers.put("most-popular", new MostPopularTrainer(false));
        trainers.put("lora-transformer", LmRecommenderTrainer.builder().pretrainEpochs(PRETRAIN_EPOCHS).epochs(LORA_EPOCHS).learningRate(3e-3).seed(1).build());
        List<RecommenderComparison.Row> rows =
            new RecommenderComparison(train, test, splits.seenItems(SampleSplits.TEST), 10).run(trainers);
        System.out.print(RecommenderComparison.table(rows, 10));

        double pop = rows.get(0).evaluation().ndcg(10);
        double transformer = rows.get(1).evaluation().ndcg(10);
        assertTrue(transformer > pop, "transformer NDCG@10 " + transformer + " should beat most-popular " + pop);
        // The model's provenance names the data files it was trained on.
        Model<Label> model = rows.get(1).model();
        assertTrue(model.getProvenance().getDatasetProvenance().toString().contains("u.data"));
        ((DjlRecommenderModel) model).close();
    }

    // Fewer epochs than the demo: enough to separate from most-popular, cheap enough for the suite.
    private static final int PRETRAIN_EPOCHS = 3;
    private static final int LORA_EPOCHS = 1;
}
