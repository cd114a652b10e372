/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.SampleSplits;
import dev.fudlr.fairness.ranking.RankingEvaluation;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import dev.fudlr.fairness.ranking.RankingMetric;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Trains several recommenders on one training split and evaluates them on another with the same
 * {@link RankingEvaluator} (the user's earlier items excluded), so that the figures in one table come from
 * one run. Used by {@code fudlr demo}, the benchmarks and the integration tests.
 */
public final class RecommenderComparison {

    private static final Logger logger = Logger.getLogger(RecommenderComparison.class.getName());

    /**
     * One trained and evaluated recommender.
     * @param name display name.
     * @param model the trained model.
     * @param evaluation its ranking evaluation on the evaluation split.
     * @param trainSeconds wall time of {@code Trainer.train}.
     */
    public record Row(String name, Model<Label> model, RankingEvaluation evaluation, double trainSeconds) {}

    private final Dataset<Label> train;
    private final Dataset<Label> evaluationData;
    private final RankingEvaluator evaluator;

    /**
     * @param train the training dataset.
     * @param evaluationData the dataset evaluated (validation or test split).
     * @param exclusions per user, the items not to recommend (see {@link SampleSplits#seenItems(String)}).
     * @param ks the cut-offs.
     */
    public RecommenderComparison(Dataset<Label> train, Dataset<Label> evaluationData,
                                 Map<String, ? extends java.util.Set<String>> exclusions, int... ks) {
        this.train = train;
        this.evaluationData = evaluationData;
        this.evaluator = new RankingEvaluator(exclusions, ks);
    }

    /**
     * Trains and evaluates each trainer in order.
     * @param trainers display name -> trainer, in table order.
     * @return one row per trainer.
     */
    public List<Row> run(Map<String, Trainer<Label>> trainers) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Trainer<Label>> e : trainers.entrySet()) {
            logger.info("Training " + e.getKey() + " on " + train.size() + " samples");
            long start = System.nanoTime();
            Model<Label> model = e.getValue().train(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            RankingEvaluation evaluation = evaluator.evaluate(model, evaluationData);
            rows.add(new Row(e.getKey(), model, evaluation, seconds));
        }
        return rows;
    }

    /**
     * Formats rows as a Markdown table: HR, NDCG, Recall and MRR at each cut-off, plus training time.
     * @param rows the rows.
     * @param ks the cut-offs to show.
     * @return the table.
     */
    public static String table(List<Row> rows, int... ks) {
        StringBuilder header = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int k : ks) {
            for (RankingMetric.Type t : RankingMetric.Type.values()) {
                header.append(' ').append(t.metricName(k)).append(" |");
                rule.append("---:|");
            }
        }
        header.append(" train s |\n");
        rule.append("---:|\n");
        StringBuilder out = new StringBuilder(header).append(rule);
        for (Row r : rows) {
            out.append("| ").append(r.name()).append(" |");
            for (int k : ks) {
                for (RankingMetric.Type t : RankingMetric.Type.values()) {
                    out.append(String.format(Locale.ROOT, " %.4f |", r.evaluation().get(t, k)));
                }
            }
            out.append(String.format(Locale.ROOT, " %.1f |%n", r.trainSeconds()));
        }
        return out.toString();
    }
}
