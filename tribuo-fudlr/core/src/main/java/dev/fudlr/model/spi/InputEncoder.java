/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fudlr.model.HistoryEncoder;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.NativeArrays;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * Turns a batch of samples ({@link dev.fudlr.data.SampleEncoding}) into the input array of a user-supplied block.
 * Must be deterministic and must not depend on the samples' outputs (targets).
 */
@FunctionalInterface
public interface InputEncoder {

    /**
     * Encodes a batch.
     * @param manager the (per-step) manager that must own the result.
     * @param batch the samples.
     * @return the block input; its first dimension is the batch.
     */
    NDArray encode(NDManager manager, List<? extends Example<Label>> batch);

    /**
     * The standard encoding: the most recent {@code maxHistory} catalogue items of each history as dense indices,
     * oldest first, left-padded with {@code items.size()} (so an embedding table needs {@code items.size() + 1}
     * rows). Shape (batch, maxHistory), int64.
     * @param items the catalogue.
     * @param maxHistory the history length L.
     * @return the encoder.
     */
    static InputEncoder recentItems(ItemIndex items, int maxHistory) {
        HistoryEncoder encoder = new HistoryEncoder(items, maxHistory);
        return (manager, batch) -> NativeArrays.create(manager, encoder.histories(batch), new Shape(batch.size(), maxHistory));
    }
}
