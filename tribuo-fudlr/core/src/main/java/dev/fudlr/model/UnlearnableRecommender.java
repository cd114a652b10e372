/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Optional;

/**
 * What fairness auditing and influence-function unlearning need from a next-item recommender, with host (Java
 * array) inputs and outputs.
 * <p>
 * Samples follow {@link dev.fudlr.data.SampleEncoding}: label = target item id, features {@code item:<id>} =
 * history with recency rank.
 * <p>
 * <b>Trainable parameters</b> theta are the parameters unlearning may change (for the transformer: the LoRA
 * adapters). The flat vector order is fixed: parameters sorted by name ({@link String#compareTo}), each flattened
 * row-major; {@link #trainableParameterNames()} and {@link #trainableParameterShapes()} describe it.
 * {@link #setTrainableParameters(float[])} followed by {@link #trainableParameters()} returns the same values.
 * <p>
 * <b>Loss</b>: {@code l(z; theta) = -log softmax(s_theta(h))[target]}, the cross-entropy of the target over the
 * whole catalogue. Regularisation (weight decay) is not part of these values.
 * <p>
 * Implementations hold native memory: {@link #close()} frees it. Unless stated otherwise an implementation may
 * re-acquire native resources lazily after {@code close()}.
 */
public interface UnlearnableRecommender extends RecommenderScorer, AutoCloseable {

    /** @return the item catalogue (id to dense index). */
    ItemIndex items();

    /** @return the history length L the model reads (the most recent L catalogue items). */
    int maxHistory();

    /**
     * All-item scores (logits, before softmax).
     * @param batch the samples (the outputs are ignored).
     * @return {@code [batch.size()][items().size()]} scores, columns in {@link ItemIndex} order.
     */
    float[][] scores(List<? extends Example<Label>> batch);

    /** @return the length of the flat trainable parameter vector. */
    int numTrainableParameters();

    /** @return trainable parameter names in flat-vector order (sorted). */
    List<String> trainableParameterNames();

    /** @return shapes of the trainable parameters, parallel to {@link #trainableParameterNames()}. */
    List<long[]> trainableParameterShapes();

    /** @return a copy of the flat trainable parameter vector (rounded to float for float64 models). */
    float[] trainableParameters();

    /** @return a copy of the flat trainable parameter vector, exact in the model's precision. */
    double[] trainableParametersAsDouble();

    /**
     * Replaces the trainable parameters of this instance (a mutable working point, e.g. for finite differences);
     * base parameters are untouched.
     * @param theta the flat vector, length {@link #numTrainableParameters()}.
     */
    void setTrainableParameters(float[] theta);

    /**
     * As {@link #setTrainableParameters(float[])}, rounding to the model's precision.
     * @param theta the flat vector.
     */
    void setTrainableParameters(double[] theta);

    /**
     * Per-sample losses.
     * @param batch samples whose targets are in the catalogue.
     * @return one loss per sample.
     * @throws IllegalArgumentException if a target is not in the catalogue.
     */
    default float[] perSampleLoss(List<? extends Example<Label>> batch) {
        return toFloats(perSampleLossAsDouble(batch));
    }

    /**
     * Per-sample losses, in the model's precision.
     * @param batch the samples.
     * @return one loss per sample.
     */
    double[] perSampleLossAsDouble(List<? extends Example<Label>> batch);

    /**
     * Gradient of {@code sum_i l(z_i; theta)} over the batch with respect to the trainable parameters.
     * @param batch the samples.
     * @return the flat gradient, in trainable-parameter order.
     */
    default float[] lossGradient(List<? extends Example<Label>> batch) {
        return toFloats(lossGradientAsDouble(batch));
    }

    /**
     * As {@link #lossGradient(List)}, in the model's precision.
     * @param batch the samples.
     * @return the flat gradient.
     */
    double[] lossGradientAsDouble(List<? extends Example<Label>> batch);

    /**
     * The digest of everything this model's scores depend on besides the trainable parameters: the frozen base
     * weights (names, shapes, dtype, every value), the settings that shape the scores and the catalogue order. What
     * {@code fudlr verify} recomputes to check the frozen part of a model file.
     * <p>
     * The default is empty: an implementation that cannot enumerate its frozen part reports none, and then its base
     * cannot be verified (FUDLR needs an {@link AbstractDjlRecommenderModel}, which always reports one;
     * {@code fudlr verify} fails a model without one rather than passing it unchecked).
     * @return the digest, or empty when this implementation does not report one.
     */
    default Optional<BaseParameterDigest> baseParameterDigest() {
        return Optional.empty();
    }

    /**
     * The base model this recommender fine-tunes, as telemetry and reports name it (the {@code gen_ai.request.model}
     * attribute): e.g. Maven coordinates of a pretrained language model.
     * @return the name; by default the class name.
     */
    default String baseModelName() {
        return getClass().getName();
    }

    /** Frees native resources. */
    @Override
    void close();

    /**
     * Narrows a vector to float32 (the host-array precision of this interface).
     * @param values the values.
     * @return the rounded values.
     */
    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
