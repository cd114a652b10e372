/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.model.DjlRecommenderModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.baseline.DummyClassifierTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command-line workflow on small synthetic data: {@code train} a tiny float64 transformer, {@code debias} it with
 * the settings of FudlrTransformerTest, then {@code audit}, {@code verify} (also against tampered copies) and
 * {@code provenance} the results. One model and one FUDLR run ({@link WorkflowFixture}, also used by
 * {@link VerifyCommandTest}) are shared by all tests (a few seconds in all).
 */
class FudlrWorkflowTest {

    /** Data options of every command: FudlrTransformerTest's synthetic sizes. */
    static final String[] DATA = WorkflowFixture.DATA;

    @TempDir
    static Path dir;

    static Path base;
    static Path debiased;
    static Path summary;
    static CliRunner.Run debias;

    static String[] args(String[] head, String... tail) {
        return WorkflowFixture.args(head, tail);
    }

    @BeforeAll
    static void trainAndDebias() throws Exception {
        WorkflowFixture f = WorkflowFixture.get();
        base = f.base;
        debiased = f.debiased;
        summary = f.summary;
        debias = f.debias;
    }

    private static Map<String, Provenance> recorded(Path model) throws Exception {
        Model<?> m = Model.deserializeFromFile(model);
        try {
            return new HashMap<>(m.getProvenance().getInstanceProvenance().getMap());
        } finally {
            ((DjlRecommenderModel) m).close();
        }
    }

    private static double recordedMetric(Path model, String key, String metric) throws Exception {
        MapProvenance<?> map = (MapProvenance<?>) recorded(model).get(key);
        return ((DoubleProvenance) map.getMap().get(metric)).getValue();
    }

    @Test
    void debiasWritesTheModelAndSummaryOnceAndRefusesToOverwrite() throws Exception {
        assertTrue(debias.out().contains("FUDLR: unlearned"), debias.out());
        assertTrue(debias.out().contains("metric") && debias.out().contains("before") && debias.out().contains("mgu@10"), debias.out());
        assertTrue(Files.readString(summary).startsWith("FUDLR: unlearned"));
        assertFalse(debias.err().contains("recorded parameter hash"), "float64: the hash is of the stored parameters\n" + debias.err());
        try (Stream<Path> files = Files.list(debiased.getParent())) {
            assertEquals(2, files.count(), "the model and the summary, no temporary files");
        }
        Model<?> m = Model.deserializeFromFile(debiased);
        try {
            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, m.getProvenance());
            // The flags reached the transformer.
            assertEquals("200", p.getTransformerProvenance().getConfiguredParameters().get("hessianSubsample").toString());
            assertEquals("0.1", p.getTransformerProvenance().getConfiguredParameters().get("maskLearningRate").toString());
        } finally {
            ((DjlRecommenderModel) m).close();
        }
        byte[] before = Files.readAllBytes(debiased);
        CliRunner.Run again = CliRunner.run(args(new String[]{"debias", base.toString()}, "-o", debiased.toString()));
        assertEquals(FudlrCli.EXIT_USAGE, again.code());
        assertTrue(again.err().startsWith("fudlr: error: --out " + debiased + " exists; pass --force"), again.err());
        assertArrayEquals(before, Files.readAllBytes(debiased));
    }

    @Test
    void verifyPassesOnTheDebiasedModel() {
        CliRunner.Run v = CliRunner.run(args(new String[]{"verify", debiased.toString(), "--original", base.toString()}));
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().contains("VERIFIED: every check passed"), v.out());
        for (String check : List.of("parameters", "base parameters", "data", "unlearned samples", "metrics after",
                                    "original provenance", "original parameters", "original base params", "metrics before")) {
            assertTrue(v.out().lines().anyMatch(l -> l.startsWith("PASS " + check)), check + " in\n" + v.out());
        }
        assertFalse(v.out().contains("FAIL"), v.out());
    }

    @Test
    void verifyDetectsChangedWeights() throws Exception {
        Path tampered = dir.resolve("tampered-weights.model");
        DjlRecommenderModel m = (DjlRecommenderModel) Model.deserializeFromFile(debiased);
        try {
            double[] theta = m.trainableParametersAsDouble();
            theta[theta.length / 2] += 1e-3;
            m.setTrainableParameters(theta);
            m.serializeToFile(tampered);
        } finally {
            m.close();
        }
        CliRunner.Run v = CliRunner.run(args(new String[]{"verify", tampered.toString()}));
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(v.out().lines().anyMatch(l -> l.startsWith("FAIL parameters") && l.contains("changed after debiasing")), v.out());
        assertTrue(v.out().contains("NOT VERIFIED"), v.out());
    }

    @Test
    void verifyDetectsAnEditedProvenance() throws Exception {
        Path tampered = dir.resolve("tampered-provenance.model");
        DjlRecommenderModel m = (DjlRecommenderModel) Model.deserializeFromFile(debiased);
        try {
            PostTrainingModelProvenance p = (PostTrainingModelProvenance) m.getProvenance();
            Map<String, Provenance> values = new HashMap<>(p.getInstanceProvenance().getMap());
            // A better fairness figure than the model has ...
            Map<String, DoubleProvenance> after = new HashMap<>();
            ((MapProvenance<?>) values.get(FudlrReport.METRICS_AFTER)).getMap()
                .forEach((k, v) -> after.put(k, (DoubleProvenance) v));
            double mgu = after.get("mgu@10").getValue();
            after.put("mgu@10", new DoubleProvenance("mgu@10", mgu / 2));
            values.put(FudlrReport.METRICS_AFTER, new MapProvenance<>(after));
            // ... and one unlearned sample fewer than were unlearned.
            List<?> ids = ((ListProvenance<?>) values.get(FudlrReport.UNLEARNED_IDS)).getList();
            List<StringProvenance> fewer = new ArrayList<>();
            for (int i = 1; i < ids.size(); i++) {
                fewer.add(new StringProvenance("value", ids.get(i).toString()));
            }
            values.put(FudlrReport.UNLEARNED_IDS, new ListProvenance<>(fewer));
            PostTrainingModelProvenance edited = new PostTrainingModelProvenance(p.getClassName(), OffsetDateTime.now(),
                p.getOriginalModelProvenance(), p.getTransformerProvenance(), values);
            DjlRecommenderModel copy = m.copyWithTrainableParameters(m.trainableParametersAsDouble(), edited);
            try {
                copy.serializeToFile(tampered);
            } finally {
                copy.close();
            }
        } finally {
            m.close();
        }
        CliRunner.Run v = CliRunner.run(args(new String[]{"verify", tampered.toString()}));
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, v.code(), v.toString());
        assertTrue(v.out().lines().anyMatch(l -> l.startsWith("PASS parameters")), v.out());
        assertTrue(v.out().lines().anyMatch(l -> l.startsWith("FAIL metrics after") && l.contains("mgu@10 recorded")), v.out());
        assertTrue(v.out().lines().anyMatch(l -> l.startsWith("FAIL unlearned samples") && l.contains("count")), v.out());
    }

    @Test
    void verifyOnOtherDataOrAnUndebiasedModelFailsClearly() {
        CliRunner.Run other = CliRunner.run(args(new String[]{"verify", debiased.toString()}, "--data-seed", "43"));
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, other.code(), other.toString());
        assertTrue(other.out().lines().anyMatch(l -> l.startsWith("FAIL data") && l.contains("seed is 43")), other.out());
        assertTrue(other.out().lines().anyMatch(l -> l.startsWith("SKIP metrics after")), other.out());

        CliRunner.Run notDebiased = CliRunner.run(args(new String[]{"verify", base.toString()}));
        assertEquals(FudlrCli.EXIT_USAGE, notDebiased.code());
        assertTrue(notDebiased.err().contains("was not made by FUDLR"), notDebiased.err());

        CliRunner.Run badSplit = CliRunner.run(args(new String[]{"verify", debiased.toString()}, "--audit-split", "holdout"));
        assertEquals(FudlrCli.EXIT_USAGE, badSplit.code());
    }

    @Test
    void auditReproducesTheRecordedMetricsAndWritesJson() throws Exception {
        Path json = dir.resolve("audit.json");
        CliRunner.Run a = CliRunner.run(args(new String[]{"audit", debiased.toString()}, "--split", "validation",
                                             "--metrics", "mgu@10,ndcg@10,ndcg-gap@10:gender", "--out", json.toString()));
        assertEquals(0, a.code(), a.toString());
        assertTrue(a.out().lines().anyMatch(l -> l.startsWith("mgu@10 ")), a.out());
        assertTrue(a.out().contains("ndcg[F]"), "breakdown rows: " + a.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        // FUDLR measured the same model on the same validation users when it recorded these.
        assertEquals(recordedMetric(debiased, FudlrReport.METRICS_AFTER, "mgu@10"), root.at("/metrics/mgu@10/value").asDouble(), 1e-12);
        assertEquals(recordedMetric(debiased, FudlrReport.METRICS_AFTER, "ndcg@10"), root.at("/metrics/ndcg@10/value").asDouble(), 1e-12);
        assertEquals("unfairness", root.at("/metrics/mgu@10/direction").asText());
        assertTrue(root.at("/metrics/ndcg-gap@10:gender/breakdown").has("count[F]"));
        assertTrue(root.get("cross-entropy").asDouble() > 0);

        CliRunner.Run exists = CliRunner.run(args(new String[]{"audit", debiased.toString()}, "--out", json.toString()));
        assertEquals(FudlrCli.EXIT_USAGE, exists.code());
        assertTrue(exists.err().contains("--force"), exists.err());
    }

    @Test
    void auditAndDebiasRejectBadInput() throws Exception {
        CliRunner.Run unknown = CliRunner.run(args(new String[]{"audit", debiased.toString()}, "--metrics", "mgu@10,fairness@10"));
        assertEquals(FudlrCli.EXIT_USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("fudlr: error: --metrics: Unknown metric family 'fairness'"), unknown.err());
        assertTrue(unknown.err().contains("hint:"), unknown.err());

        CliRunner.Run missing = CliRunner.run("audit", dir.resolve("nope.model").toString());
        assertEquals(FudlrCli.EXIT_USAGE, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        Path garbage = dir.resolve("garbage.model");
        Files.writeString(garbage, "not a model");
        CliRunner.Run notModel = CliRunner.run("audit", garbage.toString());
        assertEquals(FudlrCli.EXIT_USAGE, notModel.code());
        assertTrue(notModel.err().startsWith("fudlr: error: " + garbage + ": truncated or corrupt, not a Tribuo protobuf model file"), notModel.err());

        // A plain Tribuo classifier over the items: audit works through its predictions; FUDLR cannot debias it.
        AuditCommand parsed = new AuditCommand();
        new picocli.CommandLine(parsed).parseArgs(DATA);
        Path popular = dir.resolve("popular.model");
        DummyClassifierTrainer.createMostFrequentTrainer()
            .train(new MutableDataset<Label>(parsed.data.source(SampleSplits.TRAIN))).serializeToFile(popular);
        CliRunner.Run auditPopular = CliRunner.run(args(new String[]{"audit", popular.toString()}, "--metrics", "mgu@10,hr@10"));
        assertEquals(0, auditPopular.code(), auditPopular.toString());
        assertTrue(auditPopular.out().contains("DummyClassifierModel"), auditPopular.out());
        assertFalse(auditPopular.out().contains("cross-entropy"), "no loss for a plain classifier");
        CliRunner.Run debiasPopular = CliRunner.run(args(new String[]{"debias", popular.toString()}, "-o", dir.resolve("x").toString()));
        assertEquals(FudlrCli.EXIT_USAGE, debiasPopular.code());
        assertTrue(debiasPopular.err().contains("FUDLR needs a model with trainable parameters"), debiasPopular.err());

        CliRunner.Run badValue = CliRunner.run(args(new String[]{"debias", base.toString()}, "--curvature", "magic",
                                                    "-o", dir.resolve("y").toString()));
        assertEquals(FudlrCli.EXIT_USAGE, badValue.code());
        assertTrue(badValue.err().contains("curvature"), badValue.err());
        assertFalse(Files.exists(dir.resolve("y")));
        String[] otherHistory = DATA.clone();
        otherHistory[1] = "4";
        List<String> otherArgs = new ArrayList<>(List.of("debias", base.toString(), "-o", dir.resolve("z").toString()));
        otherArgs.addAll(List.of(otherHistory));
        CliRunner.Run otherData = CliRunner.run(otherArgs.toArray(new String[0]));
        assertEquals(FudlrCli.EXIT_USAGE, otherData.code());
        assertTrue(otherData.err().contains("historyLength"), otherData.err());
    }

    @Test
    void provenanceRoundTripsAsJsonAndDiffs() throws Exception {
        CliRunner.Run p = CliRunner.run("provenance", debiased.toString());
        assertEquals(0, p.code(), p.err());
        Model<?> m = Model.deserializeFromFile(debiased);
        try {
            assertEquals(m.getProvenance(), new JsonProvenanceSerialization(true).deserializeAndUnmarshal(p.out()));
        } finally {
            ((DjlRecommenderModel) m).close();
        }

        CliRunner.Run tree = CliRunner.run("provenance", debiased.toString(), "--tree");
        JsonNode root = new ObjectMapper().readTree(tree.out());
        assertEquals(DjlRecommenderModel.class.getName(), root.get("class-name").asText());
        assertEquals(recorded(debiased).get(FudlrReport.UNLEARNED_COUNT).toString(),
                     root.get("instance-values").get(FudlrReport.UNLEARNED_COUNT).asText());

        // MODEL --diff OTHER reads "from OTHER to MODEL": what debiasing added to the base model is '+'.
        CliRunner.Run diff = CliRunner.run("provenance", debiased.toString(), "--diff", base.toString());
        assertEquals(0, diff.code(), diff.err());
        assertTrue(diff.out().startsWith("--- " + base + " (--diff)\n+++ " + debiased + "\n"), diff.out());
        assertTrue(diff.out().contains("\n+ post-training-transformer.class-name: dev.fudlr.debias.FudlrTransformer\n"), diff.out());
        assertTrue(diff.out().contains("\n+ instance-values[\"" + FudlrReport.UNLEARNED_COUNT + "\"]: "), diff.out());
        assertTrue(diff.out().contains("\n~ trained-at: "), diff.out());
        // The training run's own instance values now live under original-model-provenance.
        assertTrue(diff.out().contains("\n+ original-model-provenance.instance-values.fudlr-run-seed: "), diff.out());
        assertFalse(diff.out().lines().anyMatch(l -> l.startsWith("- instance-values[\"fudlr.")), "FUDLR's values are not removals\n" + diff.out());
        // The other way round, the same values are what the base model lacks.
        CliRunner.Run reverse = CliRunner.run("provenance", base.toString(), "--diff", debiased.toString());
        assertTrue(reverse.out().startsWith("--- " + debiased + " (--diff)\n+++ " + base + "\n"), reverse.out());
        assertTrue(reverse.out().contains("\n- instance-values[\"" + FudlrReport.UNLEARNED_COUNT + "\"]: "), reverse.out());
        CliRunner.Run same = CliRunner.run("provenance", base.toString(), "--diff", base.toString());
        assertEquals("--- " + base + " (--diff)\n+++ " + base + "\nidentical provenance\n", same.out());

        Path out = dir.resolve("diff.json");
        CliRunner.Run jsonDiff = CliRunner.run("provenance", debiased.toString(), "--diff", base.toString(), "--json", "--out", out.toString());
        assertEquals(0, jsonDiff.code(), jsonDiff.err());
        JsonNode d = new ObjectMapper().readTree(out.toFile());
        assertEquals(base.toString(), d.get("from").asText());
        assertEquals(debiased.toString(), d.get("to").asText());
        assertEquals("dev.fudlr.debias.FudlrTransformer", d.get("added").get("post-training-transformer.class-name").asText());
        assertTrue(d.get("changed").has("trained-at"));
        assertEquals(FudlrCli.EXIT_USAGE, CliRunner.run("provenance", base.toString(), "--json").code());
    }
}
