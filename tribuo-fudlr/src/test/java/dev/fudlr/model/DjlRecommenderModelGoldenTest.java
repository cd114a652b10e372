/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.model.transformer.TransformerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a committed model file written by {@link GoldenModelGenerator} and checks that the current code still
 * deserializes it and reproduces its recorded recommendations.
 */
class DjlRecommenderModelGoldenTest {

    private static DjlRecommenderModel model;
    private static Path modelFile;

    private static Path resource(String name) throws URISyntaxException {
        return Paths.get(Objects.requireNonNull(DjlRecommenderModelGoldenTest.class.getResource(name),
                                                "missing test resource " + name).toURI());
    }

    @BeforeAll
    static void load() throws Exception {
        modelFile = resource(GoldenModelGenerator.MODEL_FILE);
        Model<?> loaded = Model.deserializeFromFile(modelFile);
        assertTrue(loaded instanceof DjlRecommenderModel, loaded.getClass().getName());
        model = (DjlRecommenderModel) loaded;
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void headerAndArchitecture() throws Exception {
        ModelProto proto;
        try (java.io.InputStream in = Files.newInputStream(modelFile)) {
            proto = ModelProto.parseFrom(in);
        }
        assertEquals(DjlRecommenderModel.class.getName(), proto.getClassName());
        assertEquals(0, proto.getVersion());
        TransformerConfig c = model.config();
        assertEquals(GoldenModelGenerator.NUM_ITEMS, c.numItems());
        assertEquals(GoldenModelGenerator.MAX_HISTORY, c.maxHistory());
        assertEquals(8, c.embeddingDim());
        assertEquals(Arrays.asList("1", "2", "3", "4", "5", "6", "7", "8"), model.items().ids());
        assertEquals(2 * (2 * 8 + 8 * 2), model.numTrainableParameters());
        assertEquals(LmRecommenderTrainer.class.getName(),
                     model.getProvenance().getTrainerProvenance().getClassName());
    }

    @Test
    void reproducesRecordedRecommendations() throws Exception {
        List<String> lines = Files.readAllLines(resource(GoldenModelGenerator.EXPECTED_FILE), StandardCharsets.UTF_8);
        assertEquals(GoldenModelGenerator.probes().size(), lines.size());
        for (String line : lines) {
            String[] parts = line.split("\t");
            int[] history = Arrays.stream(parts[0].split(",")).mapToInt(Integer::parseInt).toArray();
            List<String> expected = Arrays.asList(parts[1].split(","));
            List<String> actual = model.recommend(GoldenModelGenerator.probe(history), 3, Collections.emptySet());
            assertEquals(expected, actual, "history " + parts[0]);
            // Independent of the recording: the model learned that the successor comes next.
            int last = history[history.length - 1];
            assertEquals(Integer.toString(last % GoldenModelGenerator.NUM_ITEMS + 1), actual.get(0), "history " + parts[0]);
        }
    }

    @Test
    void reserializesToAnEquivalentModel() {
        Model<?> again = Model.deserialize(model.serialize());
        try (DjlRecommenderModel d = (DjlRecommenderModel) again) {
            assertEquals(model.weights(), d.weights());
            assertEquals(model.getProvenance(), d.getProvenance());
        }
    }
}
