/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DJL BERT encoder with imported weights against ONNX Runtime running the original ONNX file.
 */
public class BertEncoderTest {

    private static MiniLmRuntime runtime;

    @BeforeAll
    static void setUp() {
        BertWeights base = MiniLmArtifact.baseWeights();
        MiniLmSpec spec = new MiniLmSpec(6, 8, 16, 20, false, false, 10, 128, false, "", ai.djl.ndarray.types.DataType.FLOAT32);
        List<String> items = List.of("Toy Story (1995)", "Fargo (1996)");
        runtime = new MiniLmRuntime(spec, base, "test", MiniLmRuntime.initialTrainable(spec, base.config(), items.size(), 1L, null),
                                    items, Device.cpu());
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @Test
    public void pooledEmbeddingsMatchOnnxRuntime() throws Exception {
        List<String> titles = MiniLmTestSupport.titles(40);
        assertTrue(titles.size() >= 30, "need a few dozen titles, found " + titles.size());
        // Base encoder (LoRA off): must be the pretrained model exactly.
        float[] djl = runtime.embed(titles, true);
        float[] ort = onnxRuntimeEmbeddings(titles, runtime.tokenize(titles));
        assertEquals(ort.length, djl.length);
        double maxDiff = 0;
        for (int i = 0; i < djl.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[i] - ort[i]));
        }
        assertTrue(maxDiff <= 1e-4, "max abs difference " + maxDiff + " over " + titles.size() + " titles");
        // The embeddings are not degenerate: different titles differ.
        double diff01 = 0;
        for (int j = 0; j < 384; j++) {
            diff01 += Math.abs(djl[j] - djl[384 + j]);
        }
        assertTrue(diff01 > 0.1, "titles 0 and 1 embed almost identically: " + diff01);
    }

    @Test
    public void loraIsInertAtInitialisationAndChangesOutputsWhenSet() {
        List<String> titles = MiniLmTestSupport.titles(4);
        float[] base = runtime.embed(titles, true);
        float[] adapted = runtime.embed(titles, false);
        for (int i = 0; i < base.length; i++) {
            assertEquals(base[i], adapted[i], 1e-6, "B = 0 must make LoRA the identity change");
        }
    }

    /** Mean-pooled, L2-normalised last_hidden_state from ONNX Runtime on the same padded ids. */
    private static float[] onnxRuntimeEmbeddings(List<String> titles, long[][] ids) throws Exception {
        Path dir = Files.createTempDirectory("minilm-ort");
        Path file = dir.resolve("model.onnx");
        Files.write(file, MiniLmArtifact.onnxBytes());
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
            .optModelPath(file).optEngine("OnnxRuntime").optTranslator(new NoopTranslator()).build();
        int n = ids.length;
        int length = 0;
        for (long[] r : ids) {
            length = Math.max(length, r.length);
        }
        long[][] input = new long[n][length];
        long[][] mask = new long[n][length];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < ids[i].length; t++) {
                input[i][t] = ids[i][t];
                mask[i][t] = 1;
            }
        }
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager m = model.getNDManager().newSubManager()) {
            NDArray a = m.create(input);
            a.setName("input_ids");
            NDArray b = m.create(mask);
            b.setName("attention_mask");
            NDArray c = m.zeros(a.getShape(), a.getDataType());
            c.setName("token_type_ids");
            NDList out = predictor.predict(new NDList(a, b, c));
            float[] hidden = out.get(0).toFloatArray();
            int d = (int) out.get(0).getShape().get(2);
            float[] pooled = new float[n * d];
            for (int i = 0; i < n; i++) {
                double norm = 0;
                double[] s = new double[d];
                for (int t = 0; t < ids[i].length; t++) {
                    for (int j = 0; j < d; j++) {
                        s[j] += hidden[(i * length + t) * d + j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    s[j] /= ids[i].length;
                    norm += s[j] * s[j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    pooled[i * d + j] = (float) (s[j] / norm);
                }
            }
            return pooled;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
