/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensDataSourceProvenance;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.report.HtmlAuditReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provenance clock, and what it is for: with {@code SOURCE_DATE_EPOCH} (here its system-property form) the same
 * data and seed give byte-identical model files, debiased model files and HTML reports, and another seed gives other
 * bytes.
 */
class ProvenanceClockTest {

    /** 2026-01-01T00:00:00Z. */
    private static final String EPOCH = "1767225600";
    private static final OffsetDateTime FIXED = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(ProvenanceClock.PROPERTY);
    }

    @Test
    void parsesTheReproducibleBuildsFormatAndRejectsAnythingElse() {
        assertEquals(FIXED, ProvenanceClock.parse("SOURCE_DATE_EPOCH", EPOCH));
        assertEquals(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), ProvenanceClock.parse("x", "0"));
        for (String bad : new String[]{"-1", "12.5", "1e9", "abc", "+5", "0x10", "99999999999999999"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProvenanceClock.parse("SOURCE_DATE_EPOCH", bad));
            assertTrue(e.getMessage().startsWith("SOURCE_DATE_EPOCH='" + bad + "' is "), e.getMessage());
        }
        // The property (when set) wins; blank means unset. The environment of the test JVM is not under our control,
        // so only the property side is checked here.
        System.setProperty(ProvenanceClock.PROPERTY, EPOCH);
        assertTrue(ProvenanceClock.isFixed());
        assertEquals(FIXED, ProvenanceClock.now());
        System.setProperty(ProvenanceClock.PROPERTY, "soon");
        IllegalStateException e = assertThrows(IllegalStateException.class, ProvenanceClock::now);
        assertTrue(e.getMessage().startsWith(ProvenanceClock.PROPERTY + "='soon'"), e.getMessage());
    }

    private static MutableDataset<Label> data(String split) {
        SyntheticGenerator.Config data = new SyntheticGenerator.Config(11, 40, 50, 5, 15, 1.0, 0.4, 4, 0.3, 0.5, 2.0);
        // A new data source per call, as two processes would read the data.
        return new MutableDataset<>(new MovieLensDataSource(data, split, new SampleBuilder(3, 0, 3)));
    }

    private static DjlRecommenderModel train(MutableDataset<Label> train, long seed) {
        return LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(3)
            .loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(1).batchSize(16).learningRate(1e-2).seed(seed)
            .device("cpu").build().trainTransformer(train);
    }

    private static PostTrainingResult<Label> debias(DjlRecommenderModel model, MutableDataset<Label> train, MutableDataset<Label> audit) {
        // force: a tiny model may fail FUDLR's own guards; the test is about the bytes of whatever it returns.
        return FudlrTransformer.builder().objectives("mgu@10").hessianSubsample(100).cg(1e-3, 20).mask(40, 0.1)
            .surrogateTemperature(0.1).accuracyTolerance(0.5).force(true).seed(3).build().transform(model, train, audit);
    }

    /** Trains, debiases and reports once; returns {model file, debiased model file, report} bytes. */
    private byte[][] run(String name, long seed) throws Exception {
        MutableDataset<Label> train = data("train");
        MutableDataset<Label> audit = data("validation");
        try (DjlRecommenderModel model = train(train, seed)) {
            Path modelFile = dir.resolve(name + ".tribuo");
            model.serializeToFile(modelFile);
            assertEquals(FIXED, model.getProvenance().getTrainingTime());
            DataProvenance source = model.getProvenance().getDatasetProvenance().getSourceProvenance();
            assertEquals(FIXED, ((MovieLensDataSourceProvenance) source).getInstanceValues()
                .get(DataSourceProvenance.DATASOURCE_CREATION_TIME).getValue());
            PostTrainingResult<Label> result = debias(model, train, audit);
            try (DjlRecommenderModel debiased = (DjlRecommenderModel) result.model()) {
                Path debiasedFile = dir.resolve(name + "-debiased.tribuo");
                debiased.serializeToFile(debiasedFile);
                assertEquals(FIXED, debiased.getProvenance().getTrainingTime());
                FudlrReport report = (FudlrReport) result.report();
                // Timings are measured (in memory) but kept out of the file.
                assertFalse(report.stageSeconds().isEmpty());
                assertFalse(report.provenanceValues().containsKey(FudlrTransformer.PREFIX + "stage-seconds"));
                String html = HtmlAuditReport.builder(debiased.getProvenance()).model(debiased).fudlrReport(report).build().render();
                return new byte[][]{Files.readAllBytes(modelFile), Files.readAllBytes(debiasedFile),
                    html.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
            }
        }
    }

    @Test
    void sameInputsAndSeedGiveByteIdenticalModelFilesAndReports() throws Exception {
        System.setProperty(ProvenanceClock.PROPERTY, EPOCH);
        byte[][] a = run("a", 31);
        byte[][] b = run("b", 31);
        String[] what = {"model file", "debiased model file", "HTML report"};
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], what[i] + " differs between two runs with the same inputs and seed");
        }
        byte[][] c = run("c", 32);
        for (int i = 0; i < a.length; i++) {
            assertFalse(Arrays.equals(a[i], c[i]), what[i] + " is the same for another seed");
        }
    }
}
