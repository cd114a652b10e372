/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * Base of this package's blocks: registers child blocks under their plain names.
 * <p>
 * DJL's {@code addChildBlock} prefixes a two-digit counter ({@code 01layer0_02attention_...}); parameter names are
 * part of this project's public contract (the trainable-vector order sorts them, serialized models key weights by
 * them), so children are registered as given ({@code layer0_attention_query_lora_a}).
 */
public abstract class NamedBlock extends AbstractBlock {

    /** Creates a block. */
    protected NamedBlock() {}

    /**
     * Registers a child block under {@code name}.
     * @param name the child name (unique within this block).
     * @param block the child.
     * @param <B> the block type.
     * @return the child.
     */
    protected final <B extends Block> B addNamedChild(String name, B block) {
        if (children.contains(name)) {
            throw new IllegalArgumentException("Duplicate child block name " + name);
        }
        children.add(name, block);
        return block;
    }
}
