/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.PostTrainingTransformer;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.RecommenderScorer;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import dev.fudlr.reliability.EnumChoices;
import dev.fudlr.reliability.ProvenanceClock;
import java.util.logging.Logger;

/**
 * Baseline post-processing re-ranker (registered as {@value #NAME}), in the style of Abdollahpouri et al.'s
 * popularity-penalised re-ranking: returns a {@link PopularityReRankedModel} that wraps (a copy of) the trained model
 * and lowers each item's score by {@code lambda * log(1 + count)} ({@code penalty = LOG}) or
 * {@code lambda * count / max count} ({@code penalty = NORMALISED}), where count is the item's number of training
 * targets (the popularity of ARP@K), before ranking. Nothing is retrained or unlearned; the model must score items
 * ({@link RecommenderScorer}, e.g. {@link dev.fudlr.model.DjlRecommenderModel}). The audit set is not used.
 * <p>
 * Provenance instance values (prefix {@value #PREFIX}): lambda, penalty, catalogue size, largest count and penalty,
 * wall-seconds. The original model is never modified.
 */
public final class PopularityReRanker implements PostTrainingTransformer<Label> {
    private static final Logger logger = Logger.getLogger(PopularityReRanker.class.getName());

    /** The registry name. */
    public static final String NAME = "popularity-rerank";
    /** Instance-value key prefix. */
    public static final String PREFIX = NAME + ".";

    /**
     * The popularity penalty of an item ({@code penalty}). Configuration files name the constant; provenance and the
     * serialized model keep the lowercase {@link #label()}.
     */
    public enum Penalty {
        /** {@code log(1 + count)}. */
        LOG,
        /** {@code count / max count}. */
        NORMALISED;

        /** @return the lowercase name recorded in provenance and model files ({@code log}, {@code normalised}). */
        public String label() {
            return EnumChoices.label(this);
        }
    }

    @Config(description = "Weight lambda of the popularity penalty subtracted from each item's score (>= 0; 0 = the original ranking).")
    private double lambda = 0.2;

    @Config(description = "Penalty of an item with count training targets: LOG (log(1 + count)) or NORMALISED (count / max count).")
    private Penalty penalty = Penalty.LOG;

    /** Creates a re-ranker with default settings (for OLCUT and the registry). */
    public PopularityReRanker() {}

    /**
     * Creates a re-ranker.
     * @param lambda the penalty weight.
     * @param penalty the penalty.
     * @throws PropertyException for invalid values.
     */
    public PopularityReRanker(double lambda, Penalty penalty) {
        this.lambda = lambda;
        this.penalty = penalty;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new PropertyException("", "lambda", "lambda must be finite and >= 0, found " + lambda);
        }
        if (penalty == null) {
            throw new PropertyException("", "penalty", "penalty must be one of " + EnumChoices.names(Penalty.class) + ", found null");
        }
    }

    @Override
    public PostTrainingResult<Label> transform(Model<Label> model, Dataset<Label> train, Dataset<Label> audit) {
        if (!(model instanceof RecommenderScorer)) {
            throw new IllegalArgumentException(NAME + " needs a model that scores items (" + RecommenderScorer.class.getSimpleName()
                                               + "), got " + (model == null ? "null" : model.getClass().getName()));
        }
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException(NAME + " needs the (non-empty) training dataset of the model (item popularity)");
        }
        long start = System.nanoTime();
        ItemIndex items = ((RecommenderScorer) model).items();
        long[] counts = new long[items.size()];
        for (Example<Label> e : train) {
            int i = items.index(e.getOutput().getLabel());
            if (i >= 0) {
                counts[i]++;
            }
        }
        double[] pen = PopularityReRankedModel.penalties(counts, penalty);
        long maxCount = 0;
        double maxPenalty = 0;
        for (int i = 0; i < counts.length; i++) {
            maxCount = Math.max(maxCount, counts[i]);
            maxPenalty = Math.max(maxPenalty, pen[i]);
        }
        BaselineReport.Builder report = new BaselineReport.Builder(PREFIX, "Popularity re-ranking (lambda " + lambda + ", " + penalty.label() + ")");
        report.put("lambda", lambda).put("penalty", penalty.label()).put("catalogue-size", items.size()).put("max-count", maxCount)
            .put("max-penalty", maxPenalty).seconds(start);
        BaselineReport finished = report.build();
        PostTrainingModelProvenance provenance = new PostTrainingModelProvenance(PopularityReRankedModel.class.getName(),
            ProvenanceClock.now(), model.getProvenance(), getProvenance(), finished.provenanceValues());
        PopularityReRankedModel result = new PopularityReRankedModel(model.getName() + "+" + NAME, provenance, model.copy(), counts,
                                                                     lambda, penalty);
        logger.info(finished.summary());
        return new PostTrainingResult<>(result, finished);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PopularityReRanker && getProvenance().equals(((PopularityReRanker) o).getProvenance());
    }

    @Override
    public int hashCode() {
        return getProvenance().hashCode();
    }

    @Override
    public String toString() {
        return "PopularityReRanker(lambda=" + lambda + ", penalty=" + penalty + ")";
    }
}
