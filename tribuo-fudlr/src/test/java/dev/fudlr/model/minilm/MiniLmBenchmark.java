/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import dev.fudlr.cli.RecommenderComparison;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.model.baseline.MostPopularTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ML-100K: most-popular vs the MiniLM-LoRA recommender (few-shot), on the test split.
 * Usage: {@code MiniLmBenchmark <ml-100k dir> [fewShotSamples] [numLayers] [epochs]}.
 */
public final class MiniLmBenchmark {

    private MiniLmBenchmark() {}

    /**
     * Runs the comparison.
     * @param args directory, few-shot samples, layers, epochs.
     * @throws Exception on failure.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int fewShot = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        SampleBuilder builder = new SampleBuilder();
        MovieLensDataSource trainSource = new MovieLensDataSource(MovieLensFormat.ML_100K, dir, "train", builder);
        MovieLensDataSource testSource = new MovieLensDataSource(MovieLensFormat.ML_100K, dir, "test", builder);
        SampleSplits splits = trainSource.getSplits();
        MutableDataset<Label> train = new MutableDataset<>(trainSource);
        MutableDataset<Label> test = new MutableDataset<>(testSource);
        Map<String, Trainer<Label>> trainers = new LinkedHashMap<>();
        trainers.put("most-popular", new MostPopularTrainer(false));
        trainers.put("minilm-lora (" + layers + " layers, " + fewShot + " samples x " + epochs + " epochs)",
                     new MiniLmRecommenderTrainer(splits.ratings().items(), layers, fewShot, epochs, 16, 1e-3, 1L));
        RecommenderComparison cmp = new RecommenderComparison(train, test, splits.seenItems("test"), 10);
        List<RecommenderComparison.Row> rows = cmp.run(trainers);
        System.out.println(RecommenderComparison.table(rows, 10));
        for (RecommenderComparison.Row r : rows) {
            if (r.model() instanceof MiniLmRecommenderModel m) {
                m.close();
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                System.out.println("peak RSS " + line);
            }
        }
        System.out.println("train samples " + train.size() + ", test samples " + test.size());
    }
}
