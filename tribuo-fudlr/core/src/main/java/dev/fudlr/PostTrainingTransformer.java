/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * A post-training transformer: takes a trained {@link Model} together with its training data and an audit set and
 * returns a <em>new</em> model (for example a debiased one), whose provenance records the step. The original model is
 * never modified.
 * <p>
 * This is not a Tribuo {@code org.tribuo.transform.Transformer}: those rescale or otherwise map individual feature
 * values before training (and are fitted by a {@code TransformTrainer}); a post-training transformer edits the
 * fitted model itself after training. Implementations are OLCUT-configurable, so they can be listed in an XML training
 * configuration (see {@link PostTrainingTrainer}) and looked up by name (see {@link PostTrainingTransformers}).
 *
 * @param <T> the output type.
 */
public interface PostTrainingTransformer<T extends Output<T>> extends Configurable, Provenancable<ConfiguredObjectProvenance> {

    /**
     * Applies the step.
     * @param model the trained model (not modified).
     * @param train the data the model was trained on (the unit an unlearning step removes samples from).
     * @param audit held-out examples the step measures itself on (for example validation users).
     * @return the new model, whose provenance is a {@link PostTrainingModelProvenance}, and the step's report.
     * @throws IllegalArgumentException if the model or data are not of a kind the step supports.
     */
    PostTrainingResult<T> transform(Model<T> model, Dataset<T> train, Dataset<T> audit);

    /**
     * The configured provenance of this step (its class and every {@code @Config} value).
     * @return the provenance.
     */
    @Override
    default ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "post-training-transformer");
    }
}
