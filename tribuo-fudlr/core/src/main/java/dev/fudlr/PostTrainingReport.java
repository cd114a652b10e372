/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import java.util.Map;

/**
 * What a post-training step measured and did, in two forms: a human-readable summary and the provenance values that
 * go into the new model's {@link PostTrainingModelProvenance} instance values.
 */
public interface PostTrainingReport {

    /**
     * The values recorded in the transformed model's provenance (marshalling-safe OLCUT provenances).
     * @return an unmodifiable map.
     */
    Map<String, Provenance> provenanceValues();

    /**
     * A multi-line human-readable summary.
     * @return the summary.
     */
    String summary();
}
