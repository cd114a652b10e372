/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.data.SampleEncoding;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * Turns samples (see {@link SampleEncoding}) into token ids for the transformer: the last {@code maxHistory}
 * catalogue items of the history, oldest first, left-padded with the padding token ({@code items.size()}).
 * History items outside the catalogue are skipped (the model has no embedding for them).
 */
public final class HistoryEncoder {

    private final ItemIndex items;
    private final int maxHistory;

    /**
     * Creates an encoder.
     * @param items the catalogue.
     * @param maxHistory sequence length L.
     */
    public HistoryEncoder(ItemIndex items, int maxHistory) {
        if (maxHistory < 1) {
            throw new IllegalArgumentException("maxHistory must be >= 1, got " + maxHistory);
        }
        this.items = items;
        this.maxHistory = maxHistory;
    }

    /** @return the padding token id. */
    public int paddingToken() {
        return items.size();
    }

    /**
     * Writes one history's tokens into {@code out[offset .. offset+L)}.
     * @param example the sample.
     * @param out destination.
     * @param offset start index.
     * @return the number of real (non-padding) tokens written.
     */
    public int encodeHistory(Example<?> example, long[] out, int offset) {
        int[] history = SampleEncoding.decodeHistory(example);
        int pos = maxHistory - 1;
        int used = 0;
        for (int i = history.length - 1; i >= 0 && pos >= 0; i--) {
            int idx = items.index(Integer.toString(history[i]));
            if (idx >= 0) {
                out[offset + pos] = idx;
                pos--;
                used++;
            }
        }
        for (; pos >= 0; pos--) {
            out[offset + pos] = paddingToken();
        }
        return used;
    }

    /**
     * Token ids of a batch, row-major (batch, L).
     * @param batch the samples.
     * @return the tokens.
     */
    public long[] histories(List<? extends Example<Label>> batch) {
        long[] out = new long[batch.size() * maxHistory];
        for (int i = 0; i < batch.size(); i++) {
            encodeHistory(batch.get(i), out, i * maxHistory);
        }
        return out;
    }

    /**
     * Target item indices of a batch.
     * @param batch the samples.
     * @return one index per sample.
     * @throws IllegalArgumentException if a target is not in the catalogue.
     */
    public long[] targets(List<? extends Example<Label>> batch) {
        long[] out = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            out[i] = target(batch.get(i), i);
        }
        return out;
    }

    private int target(Example<Label> example, int position) {
        String id = example.getOutput().getLabel();
        int idx = items.index(id);
        if (idx < 0) {
            String sample = SampleEncoding.metadata(example, SampleEncoding.SAMPLE);
            throw new IllegalArgumentException("Target item '" + id + "' of batch element " + position
                                               + (sample == null ? "" : " (sample " + sample + ")")
                                               + " is not in the model's catalogue of " + items.size() + " items");
        }
        return idx;
    }

    /** @return the catalogue. */
    public ItemIndex items() {
        return items;
    }

    /** @return the sequence length L. */
    public int maxHistory() {
        return maxHistory;
    }
}
