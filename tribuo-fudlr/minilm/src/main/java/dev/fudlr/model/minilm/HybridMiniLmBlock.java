/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fudlr.model.djl.LayerNormBlock;
import dev.fudlr.model.djl.LinearProjection;
import dev.fudlr.model.djl.NamedBlock;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.ScopedParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * The hybrid-prompt MiniLM recommender (in the manner of LLaRA and E4SRec): every history item enters the pretrained
 * encoder as <em>one</em> token, so a 10-item history is 10 tokens, not the ~96 word pieces of its titles.
 * <p>
 * Item vector {@code v_j = P t_j + b_P + e_j}: {@code t_j} is the frozen MiniLM sentence embedding of item j's text
 * ({@code item_text}, computed once per catalogue), {@code P} a learned projection into the encoder's input space
 * ({@code projection}, identity-initialised), {@code e_j} a learned id embedding ({@code item_id}); either part can be
 * switched off ({@link HybridMiniLmNetwork.ItemTokens}). The history's vectors plus MiniLM's pretrained position
 * embeddings go through its embedding LayerNorm and encoder layers (pretrained, frozen; LoRA on query and value).
 * The user vector is the last (most recent) position's output through a learned head; the score of item j is
 * {@code scale * cos(head(h_last), v_j) + item_bias_j}, the item side tied to the input tokens as in SASRec.
 * <p>
 * Input: (batch, L) int64 catalogue indices, left-padded with {@code numItems} (padding is masked out of the
 * attention). Output: (batch, numItems) scores.
 */
public final class HybridMiniLmBlock extends NamedBlock {

    /** Frozen item text embeddings, (numItems + 1, d); the last row (padding) is zero. */
    public static final String ITEM_TEXT = "item_text";
    /** Learned item id embeddings, (numItems + 1, d). */
    public static final String ITEM_ID = "item_id";
    /** Learned per-item score bias, (numItems). */
    public static final String ITEM_BIAS = "item_bias";
    /** Child: the text-to-token projection. */
    public static final String PROJECTION = "projection";
    /** Child: the user head. */
    public static final String HEAD = "head";
    /** Pretrained position embeddings (the encoder's name). */
    public static final String POSITION = "embeddings_position";
    /** Pretrained token-type embeddings (row 0 is added to every token, as for a single BERT sentence). */
    public static final String TOKEN_TYPE = "embeddings_token_type";
    /** Child: the pretrained embedding LayerNorm. */
    public static final String EMBEDDING_NORM = "embeddings_norm";

    private static final double MASK_NEGATIVE = -1e9;

    private final int numItems;
    private final double scoreScale;
    private final int hidden;
    private final boolean useText;
    private final boolean useId;
    private final Parameter itemText;
    private final Parameter itemId;
    private final Parameter itemBias;
    private final Parameter position;
    private final Parameter tokenType;
    private final LinearProjection projection;
    private final LayerNormBlock embeddingNorm;
    private final List<BertLayer> layers = new ArrayList<>();
    private final LinearProjection head;

    /**
     * Creates the network.
     * @param config the encoder shape (its layer count is the number of layers used).
     * @param numItems catalogue size.
     * @param loraRank LoRA rank on query and value.
     * @param loraScale LoRA scale alpha / r.
     * @param useText whether item tokens carry the projected text embedding.
     * @param useId whether item tokens carry an id embedding.
     * @param scoreScale the scale (inverse temperature) of the user-item cosine.
     */
    public HybridMiniLmBlock(BertConfig config, int numItems, int loraRank, double loraScale, boolean useText, boolean useId,
                             double scoreScale) {
        if (!useText && !useId) {
            throw new IllegalArgumentException("Item tokens need the text embedding, the id embedding or both");
        }
        this.numItems = numItems;
        this.scoreScale = scoreScale;
        this.hidden = config.hidden();
        this.useText = useText;
        this.useId = useId;
        Shape table = new Shape(numItems + 1L, hidden);
        this.itemText = useText ? addParameter(Parameter.builder().setName(ITEM_TEXT).setType(Parameter.Type.WEIGHT).optShape(table).build()) : null;
        this.projection = useText ? addNamedChild(PROJECTION, new LinearProjection(hidden, hidden)) : null;
        this.itemId = useId ? addParameter(Parameter.builder().setName(ITEM_ID).setType(Parameter.Type.WEIGHT).optShape(table).build()) : null;
        this.position = addParameter(Parameter.builder().setName(POSITION).setType(Parameter.Type.WEIGHT)
                                         .optShape(new Shape(config.maxPositions(), hidden)).build());
        this.tokenType = addParameter(Parameter.builder().setName(TOKEN_TYPE).setType(Parameter.Type.WEIGHT)
                                          .optShape(new Shape(config.typeVocabSize(), hidden)).build());
        this.embeddingNorm = addNamedChild(EMBEDDING_NORM, new LayerNormBlock(hidden, config.layerNormEps()));
        for (int l = 0; l < config.numLayers(); l++) {
            layers.add(addNamedChild("layer" + l, new BertLayer(config, loraRank, loraScale)));
        }
        this.head = addNamedChild(HEAD, new LinearProjection(hidden, hidden));
        this.itemBias = addParameter(Parameter.builder().setName(ITEM_BIAS).setType(Parameter.Type.BIAS)
                                         .optShape(new Shape(numItems)).build());
    }

    /** (rows, d) item vectors of the given catalogue indices (any shape of int64 indices, padding included). */
    private NDArray itemVectors(ParameterStore store, NDArray indices, boolean training) {
        NDArray v = null;
        if (useText) {
            NDArray table = ScopedParameters.value(store, itemText, indices, training);
            NDArray t = indices.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
            v = projection.forward(store, new NDList(t), training).singletonOrThrow();
        }
        if (useId) {
            NDArray table = ScopedParameters.value(store, itemId, indices, training);
            NDArray e = indices.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
            v = v == null ? e : v.add(e);
        }
        return v;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        long length = ids.getShape().get(1);
        NDManager m = ids.getManager();
        NDArray x = itemVectors(store, ids, training)
            .add(ScopedParameters.value(store, position, ids, training).get("0:" + length))
            .add(ScopedParameters.value(store, tokenType, ids, training).get("0:1"));
        x = embeddingNorm.forward(store, new NDList(x), training, params).singletonOrThrow();
        DataType dt = x.getDataType();
        NDArray padding = ids.eq(NativeArrays.create(m, new long[]{numItems}, new Shape())).toType(dt, false);
        NDArray maskBias = padding.mul(NativeArrays.scalar(padding, MASK_NEGATIVE)).reshape(new Shape(-1, 1, 1, length));
        for (BertLayer layer : layers) {
            x = layer.forward(store, new NDList(x, maskBias), training, params).singletonOrThrow();
        }
        // Histories are left-padded: the last position is the most recent item.
        NDArray last = x.get(":, -1, :");
        NDArray user = head.forward(store, new NDList(last), training, params).singletonOrThrow();
        NDArray catalogue = NativeArrays.create(m, range(numItems), new Shape(numItems));
        NDArray items = itemVectors(store, catalogue, training);
        // Cosine scores at a fixed scale: bounded logits whatever the learned projections' norms do.
        NDArray scores = BertEncoder.l2Normalize(user).matMul(BertEncoder.l2Normalize(items).transpose())
            .mul(NativeArrays.scalar(user, scoreScale));
        // (numItems), or a per-sample stack (batch, numItems): both broadcast.
        return new NDList(scores.add(ScopedParameters.value(store, itemBias, user, training)));
    }

    private static long[] range(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hidden);
        if (projection != null) {
            projection.initialize(manager, dataType, x);
        }
        embeddingNorm.initialize(manager, dataType, x);
        for (BertLayer l : layers) {
            l.initialize(manager, dataType, x, new Shape(inputShapes[0].get(0), 1, 1, inputShapes[0].get(1)));
        }
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), hidden));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), numItems)};
    }
}
