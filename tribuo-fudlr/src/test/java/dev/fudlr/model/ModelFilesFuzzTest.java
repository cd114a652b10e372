/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.fudlr.model.protos.DjlRecommenderModelProto;
import dev.fudlr.model.protos.TensorProto;
import dev.fudlr.model.protos.TransformerConfigProto;
import dev.fudlr.reliability.Fuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of {@link ModelFiles#load}: the golden model file mutated at the byte level (flips, truncation,
 * inserted and repeated ranges) and at the structure level (the protobuf payload re-encoded with odd configuration
 * values, tensor shapes, dtypes, class names, versions, item ids and weights removed or repeated). Every input must load
 * (a model whose parameters can be read) or fail with a {@link ModelFileException} naming the file, on one line;
 * anything else (an exception escaping, an OutOfMemoryError, a hang) fails with the input's seed.
 */
class ModelFilesFuzzTest {

    private static final int INPUTS = 4000;
    private static final long PER_INPUT_SECONDS = 10;
    private static final long[] ODD_NUMBERS = {0, -1, 1, 2, 3, 7, 1 << 16, Integer.MAX_VALUE, 1L << 31, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};

    @TempDir
    Path dir;

    @Test
    void mutatedModelFilesLoadOrFailWithModelFileException() throws Exception {
        byte[] golden = Files.readAllBytes(ModelFilesTest.GOLDEN);
        ModelProto goldenProto = ModelProto.parseFrom(golden);
        DjlRecommenderModelProto goldenPayload = goldenProto.getSerializedData().unpack(DjlRecommenderModelProto.class);
        Path file = dir.resolve("fuzzed.tribuo");
        Map<String, Integer> tally = Fuzzer.run("model-files", 20261206L, INPUTS, PER_INPUT_SECONDS, (r, log) -> {
            byte[] bytes = r.nextInt(3) == 0 ? bytes(golden, r, log) : structure(goldenProto, goldenPayload, r, log);
            Files.write(file, bytes);
            return load(file);
        });
        assertTrue(tally.getOrDefault("loaded", 0) > INPUTS / 50, tally.toString());
        assertTrue(tally.getOrDefault("ModelFileException", 0) > INPUTS / 4, tally.toString());
    }

    private static String load(Path file) {
        try {
            Model<?> m = ModelFiles.load(file, Model.class);
            if (m instanceof UnlearnableRecommender u) {
                // What verify and FUDLR read first: the parameter vector must be consistent with its declared size.
                assertEquals(u.numTrainableParameters(), u.trainableParametersAsDouble().length);
                u.close();
            }
            return "loaded";
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return "ModelFileException";
        }
    }

    /** Byte-level mutations of the whole file. */
    private static byte[] bytes(byte[] in, SplittableRandom r, List<String> log) {
        byte[] out = in.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    int pos = r.nextInt(out.length);
                    out[pos] = (byte) r.nextInt(256);
                    log.add("flip byte " + pos);
                }
            }
            case 1 -> {
                int len = r.nextInt(in.length);
                log.add("truncate to " + len);
                out = java.util.Arrays.copyOf(in, len);
            }
            case 2 -> {
                int pos = r.nextInt(in.length);
                byte[] junk = new byte[1 + r.nextInt(16)];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = (byte) r.nextInt(256);
                }
                log.add("insert " + junk.length + " bytes at " + pos);
                out = concat(java.util.Arrays.copyOf(in, pos), junk, java.util.Arrays.copyOfRange(in, pos, in.length));
            }
            default -> {
                int from = r.nextInt(in.length);
                int to = Math.min(in.length, from + 1 + r.nextInt(64));
                log.add("repeat bytes " + from + ".." + to);
                out = concat(java.util.Arrays.copyOf(in, to), java.util.Arrays.copyOfRange(in, from, in.length));
            }
        }
        return out;
    }

    /** Structure-level mutations: a valid protobuf encoding of odd content. */
    private static byte[] structure(ModelProto proto, DjlRecommenderModelProto payload, SplittableRandom r, List<String> log) {
        ModelProto.Builder outer = proto.toBuilder();
        DjlRecommenderModelProto.Builder p = payload.toBuilder();
        int mutations = 1 + r.nextInt(2);
        for (int m = 0; m < mutations; m++) {
            switch (r.nextInt(9)) {
                case 0 -> {
                    TransformerConfigProto.Builder c = p.getConfig().toBuilder();
                    int v = (int) ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)];
                    int field = r.nextInt(7);
                    log.add("config field " + field + " = " + v);
                    switch (field) {
                        case 0 -> c.setNumItems(v);
                        case 1 -> c.setEmbeddingDim(v);
                        case 2 -> c.setNumLayers(v);
                        case 3 -> c.setNumHeads(v);
                        case 4 -> c.setFfnDim(v);
                        case 5 -> c.setMaxHistory(v);
                        default -> c.setLoraRank(v);
                    }
                    p.setConfig(c);
                }
                case 1 -> {
                    String[] dtypes = {"", "float16", "int8", "FLOAT32", "float64", "float32"};
                    String d = dtypes[r.nextInt(dtypes.length)];
                    log.add("dtype " + d);
                    p.setConfig(p.getConfig().toBuilder().setDtype(d));
                }
                case 2 -> {
                    if (p.getWeightsCount() > 0) {
                        int w = r.nextInt(p.getWeightsCount());
                        TensorProto.Builder t = p.getWeights(w).toBuilder();
                        int dim = t.getShapeCount() == 0 ? 0 : r.nextInt(t.getShapeCount());
                        long v = ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)];
                        log.add("weight " + t.getName() + " shape[" + dim + "] = " + v);
                        if (t.getShapeCount() == 0) {
                            t.addShape(v);
                        } else {
                            t.setShape(dim, v);
                        }
                        p.setWeights(w, t);
                    }
                }
                case 3 -> {
                    if (p.getWeightsCount() > 0) {
                        int w = r.nextInt(p.getWeightsCount());
                        log.add("remove weight " + p.getWeights(w).getName());
                        p.removeWeights(w);
                    }
                }
                case 4 -> {
                    if (p.getWeightsCount() > 0) {
                        int w = r.nextInt(p.getWeightsCount());
                        TensorProto.Builder t = p.getWeights(w).toBuilder();
                        log.add("weight " + t.getName() + ": drop values / add doubles");
                        if (r.nextBoolean()) {
                            t.clearFloatValues();
                        } else {
                            t.addDoubleValues(Double.NaN);
                        }
                        p.setWeights(w, t);
                    }
                }
                case 5 -> {
                    log.add("repeat a weight or an item id");
                    if (r.nextBoolean() && p.getWeightsCount() > 0) {
                        p.addWeights(p.getWeights(r.nextInt(p.getWeightsCount())));
                    } else if (p.getItemIdsCount() > 0) {
                        p.addItemIds(p.getItemIds(r.nextInt(p.getItemIdsCount())));
                    }
                }
                case 6 -> {
                    log.add("item ids cleared or one renamed");
                    if (r.nextBoolean()) {
                        p.clearItemIds();
                    } else if (p.getItemIdsCount() > 0) {
                        p.setItemIds(r.nextInt(p.getItemIdsCount()), r.nextBoolean() ? "" : "no-such-item");
                    }
                }
                case 7 -> {
                    String[] names = {"", "java.lang.String", "org.tribuo.Model", "dev.fudlr.model.minilm.MiniLmRecommenderModel",
                                      "dev.fudlr.NoSuchModel", "org.tribuo.classification.baseline.DummyClassifierModel"};
                    String n = names[r.nextInt(names.length)];
                    log.add("class name " + n);
                    outer.setClassName(n);
                }
                default -> {
                    int v = (int) ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)];
                    log.add("version " + v + " / device / model data cut");
                    switch (r.nextInt(3)) {
                        case 0 -> outer.setVersion(v);
                        case 1 -> p.setDevice(r.nextBoolean() ? "gpu:99" : "tpu");
                        default -> p.setModelData(ByteString.copyFrom(p.getModelData().toByteArray(), 0,
                                                                       r.nextInt(Math.max(1, p.getModelData().size()))));
                    }
                }
            }
        }
        return outer.setSerializedData(Any.pack(p.build())).build().toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
