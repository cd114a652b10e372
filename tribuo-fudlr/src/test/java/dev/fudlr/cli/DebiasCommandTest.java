/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.debias.FudlrTransformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code fudlr debias} builds its FudlrTransformer (no model or data needed). */
class DebiasCommandTest {

    private static final Path GENDER = Path.of("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples", "fudlr-gender.xml");

    private static FudlrTransformer transformer(String... args) {
        DebiasCommand cmd = new DebiasCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.transformer();
    }

    private static String setting(FudlrTransformer t, String name) {
        Map<String, Provenance> p = t.getProvenance().getConfiguredParameters();
        return p.get(name).toString();
    }

    @Test
    void flagsAndSetOverrideTheDefaults() {
        FudlrTransformer defaults = transformer("m", "-o", "x");
        assertEquals(FudlrTransformer.builder().build(), defaults, "no flags: the transformer's own defaults");
        FudlrTransformer t = transformer("m", "-o", "x", "--objective", "mgu@10,ndcg-gap@10:gender", "--objective-weights", "1,2",
                                         "--max-removal-fraction", "0.1", "--curvature", "identity", "--set", "eta=0.25");
        assertEquals(java.util.List.of("mgu@10", "ndcg-gap@10:gender"), t.objectives());
        assertEquals("0.1", setting(t, "maxRemovalFraction"));
        assertEquals("identity", setting(t, "curvature"));
        assertEquals("0.25", setting(t, "eta"));
    }

    /** The flags keep the lowercase choice values users type; they map onto the enum constants the configuration takes. */
    @Test
    void choiceFlagsTakeTheLowercaseValues() {
        FudlrTransformer t = transformer("m", "-o", "x", "--accuracy-measure", "loss", "--set", "selection=fairness-topk",
                                         "--set", "directionalMode=finite-difference");
        assertEquals("LOSS", setting(t, "accuracyMeasure"));
        assertEquals("FAIRNESS_TOPK", setting(t, "selection"));
        assertEquals("FINITE_DIFFERENCE", setting(t, "directionalMode"));
        assertEquals(FudlrTransformer.builder().accuracyMeasure(FudlrTransformer.AccuracyMeasure.LOSS)
                         .selection(FudlrTransformer.SelectionRule.FAIRNESS_TOPK, 0).build().getProvenance().getConfiguredParameters()
                         .get("selection"), t.getProvenance().getConfiguredParameters().get("selection"));
        assertEquals("NDCG", setting(transformer("m", "-o", "x", "--accuracy-measure", "NDCG"), "accuracyMeasure"), "constant names too");
        PropertyException bad = assertThrows(PropertyException.class, () -> transformer("m", "-o", "x", "--accuracy-measure", "auc"));
        assertTrue(bad.getMessage().contains("accuracyMeasure: 'auc' is not one of NDCG, LOSS"), bad.getMessage());
    }

    @Test
    void configFileWithOverrides() {
        assertTrue(Files.exists(GENDER), GENDER.toAbsolutePath().toString());
        FudlrTransformer t = transformer("m", "-o", "x", "--config", GENDER.toString(), "--hessian-subsample", "50");
        assertEquals(java.util.List.of("ndcg-gap@10:gender"), t.objectives(), "the file's FudlrTransformer");
        assertEquals("50", setting(t, "hessianSubsample"), "the flag overrides the file's 2000");
        assertEquals("0.3", setting(t, "maxRemovalFraction"), "the file's value");
        FudlrTransformer named = transformer("m", "-o", "x", "--config", GENDER.toString(), "--component", "fudlr");
        assertEquals("2000", setting(named, "hessianSubsample"));
    }

    @Test
    void badSettingsNameTheProblem(@TempDir Path dir) throws IOException {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> transformer("m", "-o", "x", "--set", "noSuchSetting=1"));
        assertTrue(unknown.getMessage().contains("no setting 'noSuchSetting'") && unknown.getMessage().contains("maxRemovalFraction"),
                   unknown.getMessage());
        PropertyException invalid = assertThrows(PropertyException.class, () -> transformer("m", "-o", "x", "--max-removal-fraction", "2"));
        assertTrue(invalid.getMessage().contains("maxRemovalFraction"), invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> transformer("m", "-o", "x", "--config", GENDER.toString(), "--component", "nope"));
        IllegalArgumentException notTransformer = assertThrows(IllegalArgumentException.class,
            () -> transformer("m", "-o", "x", "--config", GENDER.toString(), "--component", "inner-trainer"));
        assertTrue(notTransformer.getMessage().contains("not a dev.fudlr.debias.FudlrTransformer"), notTransformer.getMessage());
        Path none = dir.resolve("none.xml");
        Files.writeString(none, "<config><component name=\"t\" type=\"dev.fudlr.model.LmRecommenderTrainer\"/></config>");
        IllegalArgumentException noTransformer = assertThrows(IllegalArgumentException.class,
            () -> transformer("m", "-o", "x", "--config", none.toString()));
        assertTrue(noTransformer.getMessage().contains("holds no dev.fudlr.debias.FudlrTransformer"), noTransformer.getMessage());
        assertThrows(ConfigLoaderException.class, () -> transformer("m", "-o", "x", "--config", dir.resolve("missing.xml").toString()));

        // Through the command line: a usage error (exit 2) with OLCUT's message, before any model is read.
        CliRunner.Run run = CliRunner.run("debias", dir.resolve("missing.model").toString(), "-o", dir.resolve("o").toString(),
                                          "--curvature", "magic");
        assertEquals(FudlrCli.EXIT_USAGE, run.code());
        assertTrue(run.err().startsWith("fudlr: error: ") && run.err().contains("curvature"), run.err());
    }
}
