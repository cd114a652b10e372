/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;

import java.util.Map;

/**
 * The recommender SPI: what a user writes to bring a DJL network of their own into Tribuo and FUDLR. An
 * implementation is an OLCUT {@link Configurable} (its hyper-parameters are {@code @Config} fields, so it is set
 * from an XML configuration and recorded in provenance) that builds the network, says how histories become its
 * input and which of its parameters unlearning may change. {@link NetworkRecommenderTrainer} trains it into a
 * {@link NetworkRecommenderModel}, a Tribuo model with protobuf serialization that FUDLR's audit, influence, mask,
 * Newton removal, certificate, {@code verify}, report and CLI accept like any built-in backbone. See
 * {@code docs/models.md}, "Bring your own model".
 * <p>
 * Contract for the block:
 * <ul>
 *     <li>its forward pass maps the encoded histories (the {@link #inputEncoder}'s output, batch first) to all-item
 *     scores (logits) of shape (batch, numItems), column j being catalogue item j ({@link ItemIndex} order); the loss
 *     is the cross-entropy of the target over the catalogue;</li>
 *     <li>it reads every parameter value through the {@link ai.djl.training.ParameterStore} it is given
 *     ({@code store.getValue(parameter, device, training)}; DJL's own layers such as {@code Linear} and {@code GRU}
 *     do), so that influence engines can substitute values. TorchScript ({@code SymbolBlock}) does not and is
 *     refused;</li>
 *     <li>it is deterministic when {@code training} is true (gradients for unlearning are taken in training mode):
 *     no dropout;</li>
 *     <li>differentiable code never combines an array with a Java {@code Number} ({@code x.mul(2.0)}): DJL 0.36 frees
 *     that scalar before the backward pass reads it; use {@link dev.fudlr.model.djl.NativeArrays#scalar}.</li>
 * </ul>
 * Parameter values the block derives are re-homed into the step's manager by the runtime, so a block need not
 * manage native memory. Parameter names are those of {@link Block#getParameters()} (DJL prefixes children, e.g.
 * {@code 03lora_a_weight}).
 */
public interface RecommenderNetwork extends Configurable, Provenancable<ConfiguredObjectProvenance> {

    /**
     * Builds a new, uninitialized block. Every parameter needs an initializer (DJL's layers set one) or a value in
     * {@link #initialValues}. Called once per training run and once each time a model's native network is built.
     * @param numItems the catalogue size: the number of score columns.
     * @param maxHistory the history length L the model reads.
     * @param dataType the model's precision (float32 or float64; the block is initialized with it).
     * @return the block.
     */
    Block newBlock(int numItems, int maxHistory, DataType dataType);

    /**
     * Whether a parameter belongs to theta, the parameters unlearning changes (typically LoRA adapters). The others
     * are the frozen base; the trainer's pre-training phase fits them first when it has any pre-training epochs.
     * @param parameterName the full parameter name.
     * @return true for a trainable (unlearnable) parameter.
     */
    boolean isUnlearnable(String parameterName);

    /**
     * Whether a base parameter is never trained: the trainer's pre-training phase leaves it at its initial value.
     * For imported weights that must stay as imported (a pretrained encoder under LoRA, frozen text embeddings).
     * Ignored for unlearnable parameters.
     * @param parameterName the full parameter name.
     * @return by default false: every base parameter is pre-trained.
     */
    default boolean isFixed(String parameterName) {
        return false;
    }

    /**
     * How a batch of samples becomes the block's input.
     * @param items the catalogue.
     * @param maxHistory the history length L.
     * @return by default {@link InputEncoder#recentItems}: (batch, L) int64 item indices, left-padded with
     *         {@code items.size()}.
     */
    default InputEncoder inputEncoder(ItemIndex items, int maxHistory) {
        return InputEncoder.recentItems(items, maxHistory);
    }

    /**
     * The input shapes the block is initialized with.
     * @param maxHistory the history length L.
     * @return by default one (1, L) input, matching {@link InputEncoder#recentItems}.
     */
    default Shape[] inputShapes(int maxHistory) {
        return new Shape[]{new Shape(1, maxHistory)};
    }

    /**
     * Values for some parameters at the start of training, imported (pretrained) or drawn in Java from the run's seed
     * (reproducible across engines, unlike the engine's generator); the others start from their initializers.
     * @param items the catalogue.
     * @param maxHistory the history length L.
     * @param dataType the model's precision (values must have it).
     * @param seed the seed of this training run.
     * @return values by parameter name (shapes must match the block's); by default none.
     */
    default Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed) {
        return Map.of();
    }

    /**
     * As {@link #initialValues(ItemIndex, int, DataType, long)}, also told how often each catalogue item is a
     * training target, for values that start from the data (e.g. item biases at the log popularity prior).
     * {@link NetworkRecommenderTrainer} calls this one; by default it ignores the counts.
     * @param items the catalogue.
     * @param maxHistory the history length L.
     * @param dataType the model's precision (values must have it).
     * @param seed the seed of this training run.
     * @param targetCounts by catalogue index, the number of training samples whose target is that item (a copy).
     * @return values by parameter name; by default those of {@link #initialValues(ItemIndex, int, DataType, long)}.
     */
    default Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed, long[] targetCounts) {
        return initialValues(items, maxHistory, dataType, seed);
    }

    /**
     * Opt-in capability: whether the block accepts per-sample values of its unlearnable parameters, a value of
     * shape (batch, ...shape) for a parameter of shape (...shape), slice i used by sample i (as
     * {@link dev.fudlr.model.djl.LoraLinear} does). Influence engines then get a chunk's per-sample gradients from
     * one backward pass; otherwise they take one pass per sample, which is correct for any block.
     * @return by default false.
     */
    default boolean supportsPerSampleParameters() {
        return false;
    }

    /**
     * The provenance of this network's configuration (recorded in the trainer's provenance and in model files,
     * from which the network is rebuilt).
     * @return by default the {@code @Config} fields of the implementation.
     */
    @Override
    default ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "RecommenderNetwork");
    }
}
