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
import dev.fudlr.PostTrainingResult;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.baselines.ScorerAudit;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.baseline.MostPopularTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Acceptance checks on real data, sharing one trained model: on MovieLens-100K the LoRA item transformer (library
 * defaults, seed 1) beats the most-popular recommender on NDCG@10 of the held-out last item of each user, and FUDLR
 * with its default settings lowers MGU@10 on the held-out test users within its accuracy guard. Skipped, visibly,
 * without the data ({@code -Dfudlr.ml100k.dir}, set by the build to ../shared/data/ml-100k).
 */
class MovieLens100kRecommenderTest {

    private static MutableDataset<Label> train;
    private static MutableDataset<Label> validation;
    private static MutableDataset<Label> test;
    private static SampleSplits splits;
    private static List<RecommenderComparison.Row> rows;

    private static final String DIR = System.getProperty("fudlr.ml100k.dir", "");

    private static boolean available() {
        return !DIR.isEmpty() && Files.exists(Path.of(DIR).resolve("u.data"));
    }

    /** Each test starts here, so that without the data every test is reported as skipped (not silently absent). */
    private static void assumeData() {
        assumeTrue(available(), "MovieLens-100K not found at '" + DIR + "' (set -Dfudlr.ml100k.dir); skipping the real-data test");
    }

    @BeforeAll
    static void trainOnce() {
        if (!available()) {
            return;
        }
        Path dir = Path.of(DIR);
        SampleBuilder builder = new SampleBuilder();
        MovieLensDataSource trainSource = new MovieLensDataSource(MovieLensFormat.ML_100K, dir, SampleSplits.TRAIN, builder);
        splits = trainSource.getSplits();
        train = new MutableDataset<>(trainSource);
        validation = new MutableDataset<>(new MovieLensDataSource(MovieLensFormat.ML_100K, dir, SampleSplits.VALIDATION, builder));
        test = new MutableDataset<>(new MovieLensDataSource(MovieLensFormat.ML_100K, dir, SampleSplits.TEST, builder));
        Map<String, Trainer<Label>> trainers = new LinkedHashMap<>();
        trainers.put("most-popular", new MostPopularTrainer(false));
        // The library's defaults: the configuration of the README's ML-100K results.
        trainers.put("lora-transformer", LmRecommenderTrainer.builder().seed(1).build());
        rows = new RecommenderComparison(train, test, splits.seenItems(SampleSplits.TEST), 10).run(trainers);
        System.out.print(RecommenderComparison.table(rows, 10));
    }

    @AfterAll
    static void close() {
        if (rows != null) {
            ((DjlRecommenderModel) rows.get(1).model()).close();
        }
    }

    @Test
    void transformerBeatsMostPopularOnNdcg10() {
        assumeData();
        assertEquals(943, splits.users().size());
        double pop = rows.get(0).evaluation().ndcg(10);
        double transformer = rows.get(1).evaluation().ndcg(10);
        assertTrue(transformer > pop, "transformer NDCG@10 " + transformer + " should beat most-popular " + pop);
        // The model's provenance names the data files it was trained on.
        Model<Label> model = rows.get(1).model();
        assertTrue(model.getProvenance().getDatasetProvenance().toString().contains("u.data"));
    }

    @Test
    void fudlrLowersTestMguWithinItsAccuracyGuard() {
        assumeData();
        DjlRecommenderModel base = (DjlRecommenderModel) rows.get(1).model();
        FudlrTransformer fudlr = FudlrTransformer.builder().objectives("mgu@10").seed(1).build();
        PostTrainingResult<Label> result = fudlr.transform(base, train, validation);
        try (DjlRecommenderModel debiased = (DjlRecommenderModel) result.model()) {
            FudlrReport report = (FudlrReport) result.report();
            int removed = report.unlearnedIds().size();
            assertTrue(removed > 0 && removed <= FudlrTransformer.DEFAULT_MAX_REMOVAL_FRACTION * train.size(), "|S| = " + removed);
            // The guard's promise on the audit users: validation NDCG@10 dropped by at most the tolerance (3%).
            double ndcgBefore = report.metricsBefore().get("ndcg@10");
            double ndcgAfter = report.metricsAfter().get("ndcg@10");
            assertTrue(ndcgAfter >= ndcgBefore * (1 - 0.03) - 1e-12, "audit NDCG@10 " + ndcgBefore + " -> " + ndcgAfter);
            // What the guard does not see: the held-out test users.
            List<String> metrics = List.of("mgu@10", "ndcg@10");
            Map<String, Double> before = ScorerAudit.evaluate(base, train.getData(), test.getData(), metrics, List.of());
            Map<String, Double> after = ScorerAudit.evaluate(debiased, train.getData(), test.getData(), metrics, List.of());
            System.out.printf("FUDLR on ML-100K: |S| = %d, test MGU@10 %.4f -> %.4f, NDCG@10 %.4f -> %.4f%n", removed,
                              before.get("mgu@10"), after.get("mgu@10"), before.get("ndcg@10"), after.get("ndcg@10"));
            assertTrue(after.get("mgu@10") < 0.9 * before.get("mgu@10"), "test MGU@10 " + before + " -> " + after);
        }
    }
}
