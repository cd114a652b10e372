/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceException;

import java.util.Map;

/**
 * Provenance of an {@link InteractionLogDataSource}: its configuration (files, column names, split, sample parameters)
 * plus the instance values of {@link FileDataSourceProvenance}: each file read, by role ({@code interactions},
 * {@code users}, {@code items}), with its path and SHA-256, the combined data hash, the number of examples and the
 * creation time.
 */
public final class InteractionLogDataSourceProvenance extends FileDataSourceProvenance {
    private static final long serialVersionUID = 1L;

    InteractionLogDataSourceProvenance(InteractionLogDataSource host) {
        super(host, host.getFiles());
    }

    /**
     * Unmarshalling constructor, used by OLCUT.
     * @param map the provenance map.
     * @throws ProvenanceException if a required value is missing or of the wrong type.
     */
    public InteractionLogDataSourceProvenance(Map<String, Provenance> map) {
        super(map, InteractionLogDataSourceProvenance.class.getSimpleName());
    }
}
