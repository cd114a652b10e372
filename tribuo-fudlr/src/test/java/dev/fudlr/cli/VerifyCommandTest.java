/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.provenance.ModelProvenance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fudlr verify} covers every parameter of the model: a flipped lowest byte of one frozen weight (an item
 * embedding) or of one trainable weight inside the saved model file is found, as is a changed original model, a base
 * that changed between training and debiasing, and a model without any recorded base hash. Uses the models of
 * {@link WorkflowFixture} (no training of its own).
 */
class VerifyCommandTest {

    @TempDir
    static Path dir;

    static WorkflowFixture fixture;

    @BeforeAll
    static void share() throws Exception {
        fixture = WorkflowFixture.get();
    }

    private static CliRunner.Run verify(Path model, String... extra) {
        return CliRunner.run(WorkflowFixture.args(new String[]{"verify", model.toString()}, extra));
    }

    private static boolean hasLine(CliRunner.Run run, String start, String... contains) {
        return run.out().lines().anyMatch(l -> l.startsWith(start) && Arrays.stream(contains).allMatch(l::contains));
    }

    /** A value of a stored weight of a model file. */
    private static double storedValue(Path model, String weight, int index) throws Exception {
        try (DjlRecommenderModel m = (DjlRecommenderModel) Model.deserializeFromFile(model)) {
            return m.weights().get(weight).toDoubleArray()[index];
        }
    }

    /**
     * Copies a float64 model file with the lowest byte of one stored value flipped in place (protobuf stores doubles
     * as 8 little-endian bytes): the file's only occurrence of those 8 bytes, found by search, not by re-serializing.
     */
    private static Path flipLowestByte(Path model, String weight, int index, String name) throws Exception {
        double value = storedValue(model, weight, index);
        assertNotEquals(0.0, value, "pick a value whose bytes are distinctive");
        byte[] pattern = ByteBuffer.allocate(Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array();
        byte[] bytes = Files.readAllBytes(model);
        int found = -1;
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                assertEquals(-1, found, "the 8 bytes of " + weight + "[" + index + "] occur more than once");
                found = i;
            }
        }
        assertTrue(found >= 0, weight + "[" + index + "] not found in " + model);
        bytes[found] ^= 1;
        Path out = dir.resolve(name);
        Files.write(out, bytes);
        double changed = storedValue(out, weight, index);
        assertEquals(Double.doubleToRawLongBits(value) ^ 1, Double.doubleToRawLongBits(changed), "exactly the lowest bit changed");
        return out;
    }

    /** Copies the debiased model with edited provenance values: this step's and the training run's. */
    private static Path withEditedRecords(String name, UnaryOperator<Map<String, Provenance>> stepValues,
                                          UnaryOperator<Map<String, Provenance>> trainingValues) throws Exception {
        Path out = dir.resolve(name);
        try (DjlRecommenderModel m = (DjlRecommenderModel) Model.deserializeFromFile(fixture.debiased)) {
            PostTrainingModelProvenance p = (PostTrainingModelProvenance) m.getProvenance();
            ModelProvenance o = p.getOriginalModelProvenance();
            ModelProvenance original = new ModelProvenance(o.getClassName(), o.getTrainingTime(), o.getDatasetProvenance(),
                o.getTrainerProvenance(), trainingValues.apply(new HashMap<>(o.getInstanceProvenance().getMap())));
            PostTrainingModelProvenance edited = new PostTrainingModelProvenance(p.getClassName(), p.getTrainingTime(), original,
                p.getTransformerProvenance(), stepValues.apply(new HashMap<>(p.getInstanceProvenance().getMap())));
            try (DjlRecommenderModel copy = m.copyWithTrainableParameters(m.trainableParametersAsDouble(), edited)) {
                copy.serializeToFile(out);
            }
        }
        return out;
    }

    private static Map<String, Provenance> without(Map<String, Provenance> values, String... keys) {
        for (String k : keys) {
            values.remove(k);
        }
        return values;
    }

    @Test
    void theUnmodifiedModelPassesAgainstTheDebiasAndTrainingRecords() throws Exception {
        CliRunner.Run v = verify(fixture.debiased, "--original", fixture.base.toString());
        assertEquals(0, v.code(), v.toString());
        assertTrue(hasLine(v, "PASS base parameters", "this debias run", "the training run"), v.out());
        assertTrue(hasLine(v, "PASS original base params", "this debias run", "the training run"), v.out());
        assertFalse(v.out().contains("FAIL"), v.out());
        // Both records are there and agree.
        try (DjlRecommenderModel m = (DjlRecommenderModel) Model.deserializeFromFile(fixture.debiased)) {
            PostTrainingModelProvenance p = (PostTrainingModelProvenance) m.getProvenance();
            String sha = m.baseParameterDigest().orElseThrow().sha256();
            assertEquals(sha, p.getInstanceProvenance().getMap().get(FudlrReport.BASE_PARAMETERS_SHA256).toString());
            assertEquals(sha, p.getOriginalModelProvenance().getInstanceProvenance().getMap()
                .get(LmRecommenderTrainer.BASE_PARAMETERS_SHA256).toString());
        }
    }

    @Test
    void aFrozenWeightWithItsLowestByteFlippedFails() throws Exception {
        // Row 3 of the item embedding: a frozen weight FUDLR never changes.
        Path tampered = flipLowestByte(fixture.debiased, "item_embedding", 3 * 8 + 2, "frozen-flipped.model");
        CliRunner.Run v = verify(tampered);
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(hasLine(v, "FAIL base parameters", "this debias run recorded", "the training run recorded",
                           "changed: item_embedding"), v.out());
        // The trainable hash alone would have passed this file.
        assertTrue(hasLine(v, "PASS parameters"), v.out());
        assertTrue(v.out().contains("NOT VERIFIED"), v.out());
    }

    @Test
    void aTrainableWeightWithItsLowestByteFlippedFails() throws Exception {
        Path tampered = flipLowestByte(fixture.debiased, "layer0_attention_query_lora_a", 0, "trainable-flipped.model");
        CliRunner.Run v = verify(tampered);
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(hasLine(v, "FAIL parameters", "changed after debiasing"), v.out());
        assertTrue(hasLine(v, "PASS base parameters"), v.out());
    }

    @Test
    void aChangedOriginalFailsTheOriginalBaseCheck() throws Exception {
        Path original = flipLowestByte(fixture.base, "layer0_ffn_output_weight", 1, "original-flipped.model");
        CliRunner.Run v = verify(fixture.debiased, "--original", original.toString());
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(hasLine(v, "FAIL original base params", "--original", "changed: layer0"), v.out());
        assertTrue(hasLine(v, "PASS base parameters"), v.out());
        assertTrue(hasLine(v, "PASS original provenance"), v.out());
    }

    @Test
    void aBaseChangedBetweenTrainingAndDebiasingFails() throws Exception {
        Path edited = withEditedRecords("other-training-record.model", UnaryOperator.identity(), values -> {
            values.put(LmRecommenderTrainer.BASE_PARAMETERS_SHA256, new StringProvenance(LmRecommenderTrainer.BASE_PARAMETERS_SHA256,
                                                                                         "0".repeat(64)));
            return values;
        });
        CliRunner.Run v = verify(edited);
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(hasLine(v, "FAIL base parameters", "the training run recorded 0000000000000000",
                           "changed before this debias run"), v.out());
        // The model still matches the debias run's record: only the training record disagrees.
        assertFalse(hasLine(v, "FAIL base parameters", "this debias run recorded"), v.out());
    }

    @Test
    void aModelWithoutRecordedBaseHashFailsAndATrainingRecordAloneSuffices() throws Exception {
        Path none = withEditedRecords("no-base-record.model", values -> without(values,
            FudlrReport.BASE_PARAMETERS_SHA256, FudlrReport.BASE_PARAMETER_GROUPS),
            values -> without(values, LmRecommenderTrainer.BASE_PARAMETERS_SHA256));
        CliRunner.Run v = verify(none);
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(hasLine(v, "FAIL base parameters", "records no base-parameter hash", "cannot be verified"), v.out());
        assertTrue(hasLine(v, "PASS parameters"), v.out());

        // Debiased before the debias run recorded it, from a model whose training run did: that record covers it.
        Path trainingOnly = withEditedRecords("training-record-only.model", values -> without(values,
            FudlrReport.BASE_PARAMETERS_SHA256, FudlrReport.BASE_PARAMETER_GROUPS), UnaryOperator.identity());
        CliRunner.Run t = verify(trainingOnly);
        assertEquals(0, t.code(), t.toString());
        assertTrue(hasLine(t, "PASS base parameters", "the training run"), t.out());
        List<String> fails = t.out().lines().filter(l -> l.startsWith("FAIL")).toList();
        assertEquals(List.of(), fails);
    }
}
