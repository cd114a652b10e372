/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.evaluation.ChainedEvaluation;
import dev.fudlr.fairness.evaluation.EvaluatorChain;
import dev.fudlr.fairness.evaluation.FairnessEvaluation;
import dev.fudlr.fairness.evaluation.RecommendationFairnessEvaluator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

import java.util.List;
import java.util.logging.Logger;

/**
 * Walk-through 1: train the LoRA transformer recommender on synthetic data and audit it for accuracy and
 * fairness in one pass.
 * <p>
 * The recommender is an ordinary Tribuo {@code Model<Label>}: each prediction scores every catalogue item. So
 * Tribuo's own {@link LabelEvaluator} works on it (its accuracy is the top-1 hit rate), and the project's
 * {@link RecommendationFairnessEvaluator} cuts the same predictions into top-K lists and computes ranking and
 * fairness metrics. {@link EvaluatorChain} runs both over a single set of predictions.
 * <p>
 * Run with {@code java dev.fudlr.examples.TrainAndAudit} (arguments: number of users, default 300).
 */
public final class TrainAndAudit {
    private static final Logger logger = Logger.getLogger(TrainAndAudit.class.getName());

    /** The metrics audited: accuracy, popularity bias (MGU) and the gender gap in NDCG, at K = 10. */
    public static final List<String> METRICS = List.of("ndcg@10", "hr@10", "hr@1", "mgu@10", "ndcg-gap@10:gender");

    private TrainAndAudit() {
    }

    /**
     * Trains a recommender on the training split and audits it on the test split.
     * @param splits the samples.
     * @param trainer the recommender trainer.
     * @return the chained evaluation, parts "label" (a {@link LabelEvaluation}) and "fairness" (a {@link FairnessEvaluation}).
     */
    public static ChainedEvaluation<Label> trainAndAudit(SampleSplits splits, LmRecommenderTrainer trainer) {
        MutableDataset<Label> train = ExampleData.dataset(splits.train(), "synthetic train");
        MutableDataset<Label> test = ExampleData.dataset(splits.test(), "synthetic test");
        // The DJL model holds native tensors: close it when done.
        try (DjlRecommenderModel model = trainer.trainTransformer(train)) {
            return audit(model, splits, test);
        }
    }

    /**
     * Audits a trained recommender: Tribuo's label metrics and the fairness metrics over one prediction pass.
     * @param model the recommender.
     * @param splits the samples (their training item counts define popular items).
     * @param test the audited examples.
     * @return the chained evaluation.
     */
    public static ChainedEvaluation<Label> audit(org.tribuo.Model<Label> model, SampleSplits splits, MutableDataset<Label> test) {
        RecommendationFairnessEvaluator fairness = RecommendationFairnessEvaluator.builder()
            .metrics(METRICS.toArray(new String[0]))
            // Sensitive attributes come from each example's metadata (see SampleEncoding).
            .attributes(SampleEncoding.GENDER)
            // MGU needs to know which items are popular: training target counts.
            .itemCounts(ExampleData.itemCounts(splits))
            // Keep already-seen items in the lists so that hr@1 is exactly Tribuo's accuracy (argmax label =
            // target); a production audit would exclude them (the default).
            .excludeHistory(false)
            .build();
        EvaluatorChain<Label> chain = EvaluatorChain.<Label>builder()
            .add("label", new LabelEvaluator())
            .add("fairness", fairness)
            .build();
        return chain.evaluate(model, test);
    }

    /**
     * Trains and audits on the synthetic data, then logs the results.
     * @param args optional number of synthetic users.
     */
    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        SampleSplits splits = ExampleData.synthetic(users, 200);
        ChainedEvaluation<Label> report = trainAndAudit(splits, ExampleData.tinyTrainer());
        LabelEvaluation label = report.get("label", LabelEvaluation.class);
        FairnessEvaluation fair = report.get("fairness", FairnessEvaluation.class);
        logger.info(String.format("Tribuo accuracy (top-1 hit rate) %.4f", label.accuracy()));
        for (String m : METRICS) {
            logger.info(String.format("%-20s %.4f", m, fair.get(m)));
        }
        // Group sizes tell how much a gap can be trusted.
        logger.info("audited users by gender: " + fair.groupCounts(SampleEncoding.GENDER));
    }
}
