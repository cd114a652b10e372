/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.TrainerProvenance;

import java.util.Map;

/**
 * A recommender trainer that another trainer can delegate to while recording its own provenance: what
 * {@link LmRecommenderTrainer}'s {@code backbone = minilm} needs from the MiniLM trainer, without this package
 * depending on that backbone's package.
 */
public interface BackboneTrainer extends Trainer<Label> {

    /**
     * Trains as {@link Trainer#train(Dataset, Map, int)}, with the model's provenance recording the delegating
     * trainer's provenance (which nests this trainer's configuration) instead of this trainer's own.
     * @param dataset the training data.
     * @param runProvenance run-specific provenance (instance values).
     * @param invocation the invocation count to use, or {@link Trainer#INCREMENT_INVOCATION_COUNT}.
     * @param outerProvenance the delegating trainer's provenance, or null for this trainer's own.
     * @return the model.
     */
    Model<Label> train(Dataset<Label> dataset, Map<String, Provenance> runProvenance, int invocation, TrainerProvenance outerProvenance);
}
