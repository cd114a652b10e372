/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.provenance.ModelProvenance;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Provenance of a model produced by a {@link PostTrainingTransformer}. It keeps the original model's dataset and
 * trainer provenance (so Tribuo tools that read those see the training run), the original model's full provenance
 * (which, for a model transformed twice, is itself a {@code PostTrainingModelProvenance}: a chain of edits nests in
 * order, innermost first), the transformer's configured provenance, and the step's run values (unlearned samples,
 * metrics before and after, solver diagnostics, ...) as instance values. Immutable.
 */
public final class PostTrainingModelProvenance extends ModelProvenance {
    private static final long serialVersionUID = 1L;

    /** Key of the original model's provenance. */
    public static final String ORIGINAL_MODEL = "original-model-provenance";
    /** Key of the transformer's configured provenance. */
    public static final String TRANSFORMER = "post-training-transformer";

    private final ModelProvenance originalModelProvenance;
    private final ConfiguredObjectProvenance transformerProvenance;

    /**
     * Creates the provenance of a transformed model.
     * @param className the new model's class name.
     * @param time the creation time of the new model.
     * @param original the original model's provenance.
     * @param transformer the transformer's configured provenance.
     * @param instanceValues the step's run values.
     */
    public PostTrainingModelProvenance(String className, OffsetDateTime time, ModelProvenance original,
                                       ConfiguredObjectProvenance transformer, Map<String, Provenance> instanceValues) {
        super(className, time, original.getDatasetProvenance(), original.getTrainerProvenance(), instanceValues);
        this.originalModelProvenance = original;
        this.transformerProvenance = Objects.requireNonNull(transformer, "transformer");
    }

    /**
     * Used by the provenance unmarshalling system.
     * @param map the provenance map.
     */
    public PostTrainingModelProvenance(Map<String, Provenance> map) {
        super(map);
        this.originalModelProvenance = ObjectProvenance.checkAndExtractProvenance(map, ORIGINAL_MODEL, ModelProvenance.class,
                                                                                PostTrainingModelProvenance.class.getSimpleName());
        this.transformerProvenance = ObjectProvenance.checkAndExtractProvenance(map, TRANSFORMER, ConfiguredObjectProvenance.class,
                                                                              PostTrainingModelProvenance.class.getSimpleName());
    }

    /** @return the provenance of the model the step was applied to. */
    public ModelProvenance getOriginalModelProvenance() {
        return originalModelProvenance;
    }

    /** @return the transformer's configured provenance. */
    public ConfiguredObjectProvenance getTransformerProvenance() {
        return transformerProvenance;
    }

    /**
     * The number of post-training steps behind this model (1 for a model transformed once).
     * @return the chain length.
     */
    public int chainLength() {
        int n = 1;
        ModelProvenance p = originalModelProvenance;
        while (p instanceof PostTrainingModelProvenance) {
            n++;
            p = ((PostTrainingModelProvenance) p).originalModelProvenance;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass() || !super.equals(o)) {
            return false;
        }
        PostTrainingModelProvenance that = (PostTrainingModelProvenance) o;
        return originalModelProvenance.equals(that.originalModelProvenance) && transformerProvenance.equals(that.transformerProvenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), originalModelProvenance, transformerProvenance);
    }

    @Override
    public String toString() {
        return generateString("PostTrainingModel");
    }

    @Override
    protected List<Pair<String, Provenance>> internalProvenances() {
        List<Pair<String, Provenance>> list = super.internalProvenances();
        list.add(new Pair<>(ORIGINAL_MODEL, originalModelProvenance));
        list.add(new Pair<>(TRANSFORMER, transformerProvenance));
        return list;
    }
}
