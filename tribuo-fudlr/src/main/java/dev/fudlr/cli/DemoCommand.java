/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.baseline.MostPopularTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fudlr demo}: the README's main job. Trains a most-popular reference and the LoRA item transformer on
 * the embedded synthetic data (or {@code --data}), and prints their ranking metrics on the test users.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
         description = "Train the recommenders end to end on the embedded synthetic data (or --data) and print ranking metrics.")
final class DemoCommand implements Callable<Integer> {

    static final int[] KS = {5, 10, 20};

    @Mixin
    DataOptions data;

    @Option(names = "--pretrain-epochs", defaultValue = "8", description = "Epochs of full training of the base transformer (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs of LoRA-only fine-tuning (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:<i> (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        out.println("fudlr demo: data " + data.describe());
        MovieLensDataSource trainSource = data.source(SampleSplits.TRAIN);
        SampleSplits splits = trainSource.getSplits();
        MutableDataset<Label> train = new MutableDataset<>(trainSource);
        MutableDataset<Label> test = new MutableDataset<>(data.source(SampleSplits.TEST));
        out.printf("  %d users, %d items, %d training samples, %d test users%n",
                   splits.users().size(), splits.catalogue().size(), train.size(), test.size());

        Map<String, Trainer<Label>> trainers = new LinkedHashMap<>();
        trainers.put("most-popular", new MostPopularTrainer(false));
        LmRecommenderTrainer transformer = LmRecommenderTrainer.builder()
            .maxHistory(data.historyLength).pretrainEpochs(pretrainEpochs).epochs(epochs)
            .learningRate(learningRate).seed(seed).device(device).build();
        trainers.put("lora-transformer", transformer);

        RecommenderComparison comparison = new RecommenderComparison(train, test, splits.seenItems(SampleSplits.TEST), KS);
        List<RecommenderComparison.Row> rows = comparison.run(trainers);
        out.println();
        out.println("Ranking on the test users (each user's earlier items excluded):");
        out.print(RecommenderComparison.table(rows, KS));
        double perEpoch = rows.get(1).trainSeconds() / Math.max(1, pretrainEpochs + epochs);
        out.printf("%ntransformer: %s%n  %.2f s per epoch on average over %d epochs%n",
                   transformer, perEpoch, pretrainEpochs + epochs);
        rows.forEach(r -> {
            if (r.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Native memory is freed with the JVM anyway.
                }
            }
        });
        return 0;
    }
}
