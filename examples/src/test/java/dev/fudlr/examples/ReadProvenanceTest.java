/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.LmRecommenderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadProvenanceTest {
    private static final Logger logger = Logger.getLogger(ReadProvenanceTest.class.getName());

    @Test
    void savedModelCarriesAReadableAuditTrail(@TempDir Path tmp) throws Exception {
        SampleSplits splits = ExampleData.synthetic(80, 50);
        Path file = tmp.resolve("debiased.model");
        ReadProvenance.debiasAndSave(splits, file);
        PostTrainingModelProvenance p = ReadProvenance.load(file);
        Map<String, ? extends Provenance> v = p.getInstanceProvenance().getMap();
        // Lists every FUDLR key with its provenance type (docs/provenance.md is checked against this).
        new java.util.TreeMap<>(v).forEach((k, x) -> {
            if (k.startsWith(FudlrTransformer.PREFIX)) {
                logger.info("KEY " + k + " : " + x.getClass().getSimpleName());
            }
        });
        assertEquals(1, p.chainLength());
        assertEquals(LmRecommenderTrainer.class.getName(), p.getOriginalModelProvenance().getTrainerProvenance().getClassName());
        // The ids are training sample ids, sorted, and their digest matches an independent recomputation.
        List<String> ids = ReadProvenance.unlearnedIds(p);
        assertEquals(v.get(FudlrReport.UNLEARNED_COUNT).toString(), Integer.toString(ids.size()));
        Set<String> trainIds = new HashSet<>();
        for (Example<Label> e : splits.train()) {
            trainIds.add(SampleEncoding.metadata(e, SampleEncoding.SAMPLE));
        }
        assertTrue(trainIds.containsAll(ids));
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(sorted, ids);
        assertEquals(ReadProvenance.idsSha256(ids), v.get(FudlrReport.UNLEARNED_IDS_SHA256).toString());
        assertFalse(ReadProvenance.values(p, FudlrTransformer.PREFIX + "solve.").isEmpty());
        assertTrue(v.containsKey(FudlrReport.METRICS_BEFORE) && v.containsKey(FudlrReport.METRICS_AFTER));
        // The step re-instantiated from provenance has the configuration of the one that ran.
        FudlrTransformer rebuilt = ReadProvenance.rebuildTransformer(p);
        assertEquals(List.of("mgu@10"), rebuilt.objectives());
        assertEquals(p.getTransformerProvenance(), rebuilt.getProvenance());
    }

    @Test
    void aPlainModelIsNotMistakenForADebiasedOne(@TempDir Path tmp) throws Exception {
        SampleSplits splits = ExampleData.synthetic(40, 30);
        Path file = tmp.resolve("plain.model");
        try (var model = ExampleData.tinyTrainer().trainTransformer(ExampleData.dataset(splits.train(), "train"))) {
            model.serializeToFile(file);
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ReadProvenance.load(file));
        assertTrue(e.getMessage().contains("post-training"), e.getMessage());
    }
}
