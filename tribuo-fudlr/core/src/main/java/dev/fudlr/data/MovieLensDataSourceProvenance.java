/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provenance of a {@link MovieLensDataSource}: its configuration (format, directory, split, sample and generator
 * parameters) plus the instance values of {@link FileDataSourceProvenance}: every file read (by file name, e.g.
 * {@code u.data}) with its path and SHA-256, the combined data hash (for synthetic data, a hash of the generated
 * content), the number of examples and the creation time.
 */
public final class MovieLensDataSourceProvenance extends FileDataSourceProvenance {
    private static final long serialVersionUID = 1L;

    MovieLensDataSourceProvenance(MovieLensDataSource host) {
        super(host, paths(host));
    }

    /**
     * Unmarshalling constructor, used by OLCUT.
     * @param map the provenance map.
     * @throws ProvenanceException if a required value is missing or of the wrong type.
     */
    public MovieLensDataSourceProvenance(Map<String, Provenance> map) {
        super(map, MovieLensDataSourceProvenance.class.getSimpleName());
    }

    private static Map<String, Path> paths(MovieLensDataSource host) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (String name : host.getSplits().ratings().fileHashes().keySet()) {
            paths.put(name, host.getDirectory().resolve(name));
        }
        return paths;
    }
}
