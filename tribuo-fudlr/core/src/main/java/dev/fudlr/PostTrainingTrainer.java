/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A trainer that trains an inner trainer and then applies an ordered list of {@link PostTrainingTransformer} steps
 * (the {@code TransformTrainer} pattern, but after training rather than before), so that a debiased model comes out
 * of one {@code train()} call of a Tribuo XML training configuration. The steps need held-out audit data, read from
 * the configured {@code auditSource} (for example the validation split of the same samples).
 * <p>
 * The returned model's provenance is the last step's {@link PostTrainingModelProvenance}, which nests the previous
 * steps' and, innermost, the inner trainer's model provenance. Intermediate models are closed when they implement
 * {@link AutoCloseable}.
 *
 * @param <T> the output type.
 */
public final class PostTrainingTrainer<T extends Output<T>> implements Trainer<T> {
    private static final Logger logger = Logger.getLogger(PostTrainingTrainer.class.getName());

    @Config(mandatory = true, description = "The trainer of the model the steps are applied to.")
    private Trainer<T> innerTrainer;

    @Config(mandatory = true, description = "Post-training steps, applied in order.")
    private List<PostTrainingTransformer<T>> steps;

    @Config(mandatory = true, description = "Audit (held-out) examples the steps measure themselves on.")
    private ConfigurableDataSource<T> auditSource;

    /** For OLCUT. */
    private PostTrainingTrainer() {}

    /**
     * Creates the trainer.
     * @param innerTrainer the inner trainer.
     * @param steps the steps, in order (at least one).
     * @param auditSource the audit data.
     */
    public PostTrainingTrainer(Trainer<T> innerTrainer, List<? extends PostTrainingTransformer<T>> steps, ConfigurableDataSource<T> auditSource) {
        this.innerTrainer = innerTrainer;
        this.steps = new ArrayList<>(steps);
        this.auditSource = auditSource;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (innerTrainer == null) {
            throw new PropertyException("", "innerTrainer", "innerTrainer is required");
        }
        if (steps == null || steps.isEmpty() || steps.contains(null)) {
            throw new PropertyException("", "steps", "At least one (non-null) post-training step is required");
        }
        if (auditSource == null) {
            throw new PropertyException("", "auditSource", "auditSource is required");
        }
    }

    /** @return the steps, in order. */
    public List<PostTrainingTransformer<T>> getSteps() {
        return Collections.unmodifiableList(steps);
    }

    /** @return the inner trainer. */
    public Trainer<T> getInnerTrainer() {
        return innerTrainer;
    }

    @Override
    public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        Model<T> model = innerTrainer.train(examples, runProvenance, invocationCount);
        Dataset<T> audit = new MutableDataset<>(auditSource);
        for (int s = 0; s < steps.size(); s++) {
            PostTrainingResult<T> r = steps.get(s).transform(model, examples, audit);
            logger.info("Post-training step " + (s + 1) + "/" + steps.size() + ": " + r.report().summary());
            closeIfPossible(model);
            model = r.model();
        }
        return model;
    }

    private static void closeIfPossible(Model<?> model) {
        if (model instanceof AutoCloseable) {
            try {
                ((AutoCloseable) model).close();
            } catch (Exception e) {
                logger.warning("Closing an intermediate model failed: " + e);
            }
        }
    }

    @Override
    public int getInvocationCount() {
        return innerTrainer.getInvocationCount();
    }

    @Override
    public void setInvocationCount(int invocationCount) {
        innerTrainer.setInvocationCount(invocationCount);
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "PostTrainingTrainer(inner=" + innerTrainer + ", steps=" + steps + ")";
    }
}
