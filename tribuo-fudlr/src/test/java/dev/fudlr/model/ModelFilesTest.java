/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import com.google.protobuf.Any;
import dev.fudlr.model.minilm.MiniLmArtifact;
import dev.fudlr.model.minilm.MiniLmRecommenderModel;
import dev.fudlr.model.protos.DjlRecommenderModelProto;
import dev.fudlr.model.protos.MiniLmRecommenderModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.protos.core.ModelProto;

import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ModelFiles}: every broken model file gives a {@link ModelFileException} that names the file and the problem
 * (missing, empty, Java-serialized, truncated (about 1,600 cut points of the golden file), corrupted bytes, another class, an unknown class,
 * a newer serialization version, a MiniLM model for another base model, an inconsistent payload).
 */
class ModelFilesTest {

    static final Path GOLDEN = Paths.get("src", "test", "resources", "dev", "fudlr", "model", "golden-successor-model-v0.tribuo");

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static ModelFileException fails(Path file, Class<? extends Model> type) {
        @SuppressWarnings("unchecked")
        Class<Model<?>> t = (Class<Model<?>>) (Class<?>) type;
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(file, t));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(file.toString(), e.file());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void goldenModelLoads() {
        DjlRecommenderModel m = ModelFiles.load(GOLDEN, DjlRecommenderModel.class);
        assertEquals(m.getProvenance(), ModelFiles.loadRecommender(GOLDEN).getProvenance());
        m.close();
    }

    @Test
    void missingEmptyAndJavaSerializedFiles() throws Exception {
        assertEquals(dir.resolve("none.tribuo") + ": file not found", fails(dir.resolve("none.tribuo"), Model.class).getMessage());
        assertEquals(dir.resolve("empty.tribuo") + ": empty file (0 bytes): an interrupted write?",
                     fails(write("empty.tribuo", new byte[0]), Model.class).getMessage());
        Path java = dir.resolve("java.ser");
        try (OutputStream out = Files.newOutputStream(java); ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject("a serialized object");
        }
        assertTrue(fails(java, Model.class).getMessage().contains("a Java-serialized model; only protobuf model files are read"));
    }

    @Test
    void truncationsAreReportedAsTruncated() throws Exception {
        byte[] golden = Files.readAllBytes(GOLDEN);
        Path f = dir.resolve("cut.tribuo");
        int cuts = 0;
        // Every cut in the header and the last 64 bytes (field boundaries), and every 7th byte in between.
        for (int len = 1; len < golden.length; len++) {
            if (len > 64 && len < golden.length - 64 && len % 7 != 0) {
                continue;
            }
            Files.write(f, Arrays.copyOf(golden, len));
            ModelFileException e = fails(f, DjlRecommenderModel.class);
            assertTrue(e.getMessage().contains("truncated or corrupt"), len + ": " + e.getMessage());
            cuts++;
        }
        assertTrue(cuts > golden.length / 8, "cuts tried: " + cuts);
    }

    @Test
    void corruptedBytesLoadOrFailWithModelFileException() throws Exception {
        byte[] golden = Files.readAllBytes(GOLDEN);
        SplittableRandom rng = new SplittableRandom(99);
        Path f = dir.resolve("flip.tribuo");
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            byte[] b = golden.clone();
            for (int k = 1 + rng.nextInt(3); k > 0; k--) {
                b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
            }
            Files.write(f, b);
            try {
                ModelFiles.load(f, DjlRecommenderModel.class).close();
                loaded++; // e.g. a flipped weight: detectable only by a checksum of the parameters (fudlr verify).
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
                refused++;
            }
        }
        assertTrue(loaded > 0 && refused > 0, loaded + " loaded, " + refused + " refused");
    }

    @Test
    void anotherClassAnUnknownClassAndANewerVersion() throws Exception {
        ModelProto golden = ModelProto.parseFrom(Files.readAllBytes(GOLDEN));
        assertEquals(GOLDEN + ": holds a dev.fudlr.model.DjlRecommenderModel, expected a " + MiniLmRecommenderModel.class.getName(),
                     fails(GOLDEN, MiniLmRecommenderModel.class).getMessage());

        MutableDataset<Label> d = SyntheticData.dataset(SyntheticData.successorSamples(6, 4, 5, 2, 1L), "dummy");
        Path dummy = dir.resolve("dummy.tribuo");
        DummyClassifierTrainer.createMostFrequentTrainer().train(d).serializeToFile(dummy);
        assertEquals(dummy + ": holds a org.tribuo.classification.baseline.DummyClassifierModel, expected a "
                     + DjlRecommenderModel.class.getName(), fails(dummy, DjlRecommenderModel.class).getMessage());

        Path unknown = write("unknown.tribuo", golden.toBuilder().setClassName("dev.fudlr.model.NoSuchModel").build().toByteArray());
        assertEquals(unknown + ": holds a dev.fudlr.model.NoSuchModel, which is not on the class path (a model of another library "
                     + "or version)", fails(unknown, Model.class).getMessage());
        Path notModel = write("string.tribuo", golden.toBuilder().setClassName("java.lang.String").build().toByteArray());
        assertEquals(notModel + ": holds a java.lang.String, which is not a Tribuo model", fails(notModel, Model.class).getMessage());

        Path newer = write("newer.tribuo", golden.toBuilder().setVersion(DjlRecommenderModel.CURRENT_VERSION + 1).build().toByteArray());
        assertEquals(newer + ": was written by a newer version of DjlRecommenderModel (serialization version "
                     + (DjlRecommenderModel.CURRENT_VERSION + 1) + "; this build reads versions up to "
                     + DjlRecommenderModel.CURRENT_VERSION + "); use a newer tribuo-fudlr", fails(newer, Model.class).getMessage());
    }

    @Test
    void inconsistentPayloadNamesTheRootCause() throws Exception {
        ModelProto golden = ModelProto.parseFrom(Files.readAllBytes(GOLDEN));
        DjlRecommenderModelProto payload = golden.getSerializedData().unpack(DjlRecommenderModelProto.class);
        DjlRecommenderModelProto missingWeight = payload.toBuilder().removeWeights(0).build();
        Path f = write("missing-weight.tribuo", golden.toBuilder().setSerializedData(Any.pack(missingWeight)).build().toByteArray());
        ModelFileException e = fails(f, DjlRecommenderModel.class);
        assertTrue(e.getMessage().startsWith(f + ": invalid DjlRecommenderModel data: "), e.getMessage());
        // Another payload type under the right class name.
        Path wrongAny = write("wrong-any.tribuo", golden.toBuilder()
            .setSerializedData(Any.pack(MiniLmRecommenderModelProto.getDefaultInstance())).build().toByteArray());
        assertTrue(fails(wrongAny, Model.class).getMessage().startsWith(wrongAny + ": invalid DjlRecommenderModel data: "));
    }

    @Test
    void miniLmModelForAnotherBaseIsRefusedBeforeLoading() throws Exception {
        String actual = MiniLmArtifact.onnxFileSha256();
        assertEquals(64, actual.length());
        ModelProto.Builder proto = ModelProto.newBuilder().setVersion(MiniLmRecommenderModel.CURRENT_VERSION)
            .setClassName(MiniLmRecommenderModel.class.getName());
        String wrong = "00" + actual.substring(2);
        Path mismatch = write("minilm.tribuo", proto.setSerializedData(Any.pack(MiniLmRecommenderModelProto.newBuilder()
            .setBaseCoordinates(MiniLmArtifact.COORDINATES).setBaseSha256(wrong).build())).build().toByteArray());
        assertEquals(mismatch + ": base model SHA-256 mismatch: the model was trained on " + MiniLmArtifact.ONNX_RESOURCE
                     + " with SHA-256 " + wrong + ", the class path has " + actual + " (" + MiniLmArtifact.COORDINATES + ")",
                     fails(mismatch, Model.class).getMessage());
        Path other = write("other-base.tribuo", proto.setSerializedData(Any.pack(MiniLmRecommenderModelProto.newBuilder()
            .setBaseCoordinates("org.example:bert:1").setBaseSha256(actual).build())).build().toByteArray());
        assertTrue(fails(other, Model.class).getMessage().endsWith("was trained on base model org.example:bert:1, this build provides "
                                                                   + MiniLmArtifact.COORDINATES));
        // With the right base the check passes and the (empty) payload is what is refused.
        Path empty = write("empty-minilm.tribuo", proto.setSerializedData(Any.pack(MiniLmRecommenderModelProto.newBuilder()
            .setBaseCoordinates(MiniLmArtifact.COORDINATES).setBaseSha256(actual).build())).build().toByteArray());
        assertTrue(fails(empty, Model.class).getMessage().startsWith(empty + ": invalid MiniLmRecommenderModel data: "));
    }
}
