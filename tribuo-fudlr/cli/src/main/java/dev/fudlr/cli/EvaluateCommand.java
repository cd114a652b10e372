/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.SampleSplits;
import dev.fudlr.fairness.ranking.RankingEvaluation;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fudlr evaluate}: ranking metrics of a saved model on a split of the data.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
         description = "Print HR/NDCG/Recall/MRR@K of a saved model on the validation or test users.")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    DataOptions data;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "Model file (Tribuo protobuf).")
    Path modelFile;

    @Option(names = "--split", defaultValue = "test", description = "validation or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Override
    public Integer call() throws Exception {
        if (!SampleSplits.VALIDATION.equals(split) && !SampleSplits.TEST.equals(split)) {
            throw new IllegalArgumentException("--split must be validation or test, not '" + split + "'");
        }
        data.check();
        deviceOption.check();
        Model<Label> model = ModelFiles.loadRecommender(modelFile, "--model");
        deviceOption.applyTo(model);
        MutableDataset<Label> eval = new MutableDataset<>(data.source(split));
        RankingEvaluator evaluator = new RankingEvaluator(data.splits().seenItems(split), DemoCommand.KS);
        RankingEvaluation evaluation = evaluator.evaluate(model, eval);
        System.out.println(model.getName() + " on " + eval.size() + " " + split + " users of " + data.describe());
        System.out.println(evaluation);
        if (model instanceof AutoCloseable c) {
            c.close();
        }
        return 0;
    }
}
