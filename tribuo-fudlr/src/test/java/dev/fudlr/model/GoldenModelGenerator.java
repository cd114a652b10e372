/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.model.train.Precision;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes the golden model used by {@link DjlRecommenderModelGoldenTest}: a tiny deterministic model trained on the
 * hand-made successor task (item ids 1..8 on a cycle, the next item is always last + 1), plus the top-3
 * recommendations it makes for every probe history.
 * <p>
 * Regenerate only when the serialized format changes on purpose (bump {@link DjlRecommenderModel#CURRENT_VERSION}
 * and keep the old file if old versions must still load). From the {@code tribuo-fudlr} directory:
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * DJL_OFFLINE=true OPT_OUT_TRACKING=true java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *     dev.fudlr.model.GoldenModelGenerator src/test/resources/dev/fudlr/model
 * </pre>
 */
public final class GoldenModelGenerator {

    /** Model file name. */
    static final String MODEL_FILE = "golden-successor-model-v0.tribuo";
    /** Expected recommendations file name: history (comma separated, oldest first) TAB top-3 ids. */
    static final String EXPECTED_FILE = "golden-successor-model-v0.expected.tsv";
    /** Catalogue size of the golden model. */
    static final int NUM_ITEMS = 8;
    /** History length of the golden model. */
    static final int MAX_HISTORY = 3;

    private GoldenModelGenerator() {}

    static LmRecommenderTrainer trainer() {
        return LmRecommenderTrainer.builder()
            .embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(MAX_HISTORY).loraRank(2).loraAlpha(4)
            .pretrainEpochs(25).epochs(3).batchSize(16).learningRate(2e-2).seed(2026).device("cpu").dtype(Precision.FLOAT32)
            .build();
    }

    /** Probe histories: every item as the last one, histories of length 1 and MAX_HISTORY. */
    static List<int[]> probes() {
        List<int[]> out = new ArrayList<>();
        for (int last = 1; last <= NUM_ITEMS; last++) {
            for (int length : new int[]{1, MAX_HISTORY}) {
                int[] h = new int[length];
                for (int i = 0; i < length; i++) {
                    h[i] = Math.floorMod(last - length + i, NUM_ITEMS) + 1;
                }
                out.add(h);
            }
        }
        return out;
    }

    static Example<Label> probe(int[] history) {
        int last = history[history.length - 1];
        return SyntheticData.sample(history, last % NUM_ITEMS + 1, "probe", last);
    }

    static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i]);
        }
        return sb.toString();
    }

    /**
     * Writes the golden files.
     * @param args the output directory.
     * @throws IOException if writing fails.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: GoldenModelGenerator <output directory>");
        }
        Path dir = Paths.get(args[0]);
        Files.createDirectories(dir);
        List<Example<Label>> samples = SyntheticData.successorSamples(NUM_ITEMS, 30, 6, MAX_HISTORY, 11L);
        try (DjlRecommenderModel model = (DjlRecommenderModel) trainer().train(SyntheticData.dataset(samples, "golden successor task"))) {
            model.serializeToFile(dir.resolve(MODEL_FILE));
            List<String> lines = new ArrayList<>();
            for (int[] h : probes()) {
                lines.add(join(h) + "\t" + String.join(",", model.recommend(probe(h), 3, Collections.emptySet())));
            }
            Files.write(dir.resolve(EXPECTED_FILE), lines, StandardCharsets.UTF_8);
        }
    }
}
