/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceException;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import dev.fudlr.reliability.ProvenanceClock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Provenance of a {@link RecommenderDataSource} that reads files: its configuration plus these instance values:
 * <ul>
 *     <li>{@value #FILE_PATH_PREFIX}{@code <name>}: the path of every file read (the name is a key of
 *     {@link RatingsData#fileHashes()}: the file name for MovieLens, the role for an interaction log);</li>
 *     <li>{@value #FILE_HASH_PREFIX}{@code <name>}: its SHA-256;</li>
 *     <li>{@code resource-hash}: {@link RatingsData#combinedSha256()} (for synthetic data, a hash of the generated
 *     content);</li>
 *     <li>{@value #NUM_EXAMPLES}: the number of examples of the split;</li>
 *     <li>{@code datasource-creation-time}: when the data source was created, from
 *     {@link ProvenanceClock} (the real time, or {@code SOURCE_DATE_EPOCH} in reproducible mode). It says when, not
 *     what: the content is identified by the hashes above, which are equal for equal files wherever and whenever
 *     they are read.</li>
 * </ul>
 * Marshals and unmarshals through OLCUT like Tribuo's own data source provenances; subclasses add the unmarshalling
 * constructor OLCUT calls ({@code public Subclass(Map<String, Provenance>)}).
 */
public abstract class FileDataSourceProvenance extends SkeletalConfiguredObjectProvenance implements ConfiguredDataSourceProvenance {
    private static final long serialVersionUID = 1L;

    /** Instance-value key prefix of file paths. */
    public static final String FILE_PATH_PREFIX = "file-path:";
    /** Instance-value key prefix of file SHA-256 hashes. */
    public static final String FILE_HASH_PREFIX = "file-sha256:";
    /** Instance-value key of the number of examples. */
    public static final String NUM_EXAMPLES = "num-examples";

    /** Instance values, sorted so equality and printing do not depend on insertion order. */
    private final TreeMap<String, PrimitiveProvenance<?>> instanceValues;

    /**
     * Records a data source.
     * @param host the data source, fully configured (its splits built).
     * @param paths the path of each file read, by its key in the data's {@link RatingsData#fileHashes()}.
     */
    protected FileDataSourceProvenance(RecommenderDataSource host, Map<String, Path> paths) {
        super(host, "DataSource");
        TreeMap<String, PrimitiveProvenance<?>> values = new TreeMap<>();
        RatingsData data = host.getSplits().ratings();
        for (Map.Entry<String, String> e : data.fileHashes().entrySet()) {
            String pathKey = FILE_PATH_PREFIX + e.getKey();
            String hashKey = FILE_HASH_PREFIX + e.getKey();
            values.put(pathKey, new FileProvenance(pathKey, paths.get(e.getKey()).toAbsolutePath().normalize()));
            values.put(hashKey, new HashProvenance(DEFAULT_HASH_TYPE, hashKey, e.getValue()));
        }
        values.put(RESOURCE_HASH, new HashProvenance(DEFAULT_HASH_TYPE, RESOURCE_HASH, data.combinedSha256()));
        values.put(NUM_EXAMPLES, new IntProvenance(NUM_EXAMPLES, host.size()));
        values.put(DATASOURCE_CREATION_TIME, new DateTimeProvenance(DATASOURCE_CREATION_TIME, ProvenanceClock.now()));
        this.instanceValues = values;
    }

    /**
     * Unmarshalling: the configuration and instance values of a provenance map.
     * @param map the provenance map.
     * @param name the subclass's simple name, for messages.
     * @throws ProvenanceException if a required value is missing or of the wrong type.
     */
    protected FileDataSourceProvenance(Map<String, Provenance> map, String name) {
        this(extractProvenanceInfo(map, name));
    }

    private FileDataSourceProvenance(ExtractedInfo info) {
        super(info);
        this.instanceValues = new TreeMap<>(info.instanceValues);
    }

    /**
     * Splits a provenance map into configuration and instance values.
     * @param map the map.
     * @param name the provenance class name, for messages.
     * @return the extracted information.
     */
    private static ExtractedInfo extractProvenanceInfo(Map<String, Provenance> map, String name) {
        Map<String, Provenance> configured = new HashMap<>(map);
        String className = ObjectProvenance.checkAndExtractProvenance(configured, CLASS_NAME, StringProvenance.class, name).getValue();
        String hostShortName = ObjectProvenance.checkAndExtractProvenance(configured, HOST_SHORT_NAME, StringProvenance.class, name).getValue();
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        instance.put(RESOURCE_HASH, ObjectProvenance.checkAndExtractProvenance(configured, RESOURCE_HASH, HashProvenance.class, name));
        instance.put(NUM_EXAMPLES, ObjectProvenance.checkAndExtractProvenance(configured, NUM_EXAMPLES, IntProvenance.class, name));
        instance.put(DATASOURCE_CREATION_TIME, ObjectProvenance.checkAndExtractProvenance(configured, DATASOURCE_CREATION_TIME, DateTimeProvenance.class, name));
        // Per-file values have data-dependent keys; configuration keys are field names and never contain ':'.
        for (Iterator<Map.Entry<String, Provenance>> it = configured.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Provenance> e = it.next();
            if (e.getKey().startsWith(FILE_HASH_PREFIX)) {
                instance.put(e.getKey(), cast(e, HashProvenance.class));
                it.remove();
            } else if (e.getKey().startsWith(FILE_PATH_PREFIX)) {
                instance.put(e.getKey(), cast(e, FileProvenance.class));
                it.remove();
            }
        }
        return new ExtractedInfo(className, hostShortName, configured, instance);
    }

    private static <T extends PrimitiveProvenance<?>> T cast(Map.Entry<String, Provenance> e, Class<T> type) {
        if (!type.isInstance(e.getValue())) {
            throw new ProvenanceException("Expected " + type.getSimpleName() + " for " + e.getKey() + ", found "
                    + e.getValue().getClass().getSimpleName());
        }
        return type.cast(e.getValue());
    }

    /**
     * The SHA-256 of each file read.
     * @return file name to hex digest (empty for synthetic data).
     */
    public Map<String, String> fileHashes() {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, PrimitiveProvenance<?>> e : instanceValues.entrySet()) {
            if (e.getKey().startsWith(FILE_HASH_PREFIX)) {
                out.put(e.getKey().substring(FILE_HASH_PREFIX.length()), ((HashProvenance) e.getValue()).getValue());
            }
        }
        return out;
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> map = super.getInstanceValues();
        map.putAll(instanceValues);
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass() || !super.equals(o)) {
            return false;
        }
        return instanceValues.equals(((FileDataSourceProvenance) o).instanceValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), instanceValues);
    }
}
