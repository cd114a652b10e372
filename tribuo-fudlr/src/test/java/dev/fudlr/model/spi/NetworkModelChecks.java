/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.model.ModelFiles;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The round trips every network of the SPI must survive: its model file, and its trainer from its provenance. */
public final class NetworkModelChecks {

    private NetworkModelChecks() {}

    /**
     * Writes the model to a file, loads it back and checks weights, provenance, scores and base digest are equal.
     * @param model the model.
     * @param dir a scratch directory.
     * @param batch samples to score.
     * @return the network of the loaded model (closed with it; read only its configuration).
     * @throws IOException if the file cannot be written or read.
     */
    public static RecommenderNetwork assertFileRoundTrip(NetworkRecommenderModel model, Path dir, List<Example<Label>> batch) throws IOException {
        Path file = dir.resolve("network-model.tribuo");
        model.serializeToFile(file);
        try (NetworkRecommenderModel back = ModelFiles.load(file, NetworkRecommenderModel.class)) {
            assertEquals(model.weights(), back.weights());
            assertEquals(model.getProvenance(), back.getProvenance());
            assertArrayEquals(model.scores(batch), back.scores(batch));
            assertEquals(model.baseParameterDigest(), back.baseParameterDigest());
            return back.network();
        }
    }

    /**
     * @param model a trained model.
     * @return its trainer, re-instantiated with OLCUT from the configuration in the model's provenance.
     */
    public static NetworkRecommenderTrainer trainerFromProvenance(NetworkRecommenderModel model) {
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(model.getProvenance().getTrainerProvenance()));
        return (NetworkRecommenderTrainer) cm.lookup(ProvenanceUtil.computeName(model.getProvenance().getTrainerProvenance(), 0));
    }
}
