/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.fudlr.model.djl.HostTensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the weights of a BERT encoder exported to ONNX by PyTorch (as sentence-transformers' all-MiniLM-L6-v2 in
 * the langchain4j artifact) in pure Java, with the ONNX protobuf classes of tribuo-util-onnx.
 * <p>
 * Named initializers ({@code embeddings.*}, {@code encoder.layer.N.*.bias}, {@code *.LayerNorm.*}) map by name.
 * The exporter gives the dense weights generic names ({@code onnx::MatMul_NNN}), so they are identified through the
 * graph: each {@code MatMul} node named {@code /encoder/layer.N/<module>/MatMul} whose second input is an
 * initializer must feed exactly one {@code Add} node whose other input is the initializer
 * {@code encoder.layer.N.<module>.bias}. ONNX stores these weights (in, out); they are transposed to PyTorch's
 * (out, in). Every float initializer must be mapped exactly once and every shape must match the architecture
 * inferred from the embedding tables; anything else fails with a message naming the tensor or node.
 */
public final class OnnxBertImporter {

    private static final Logger logger = Logger.getLogger(OnnxBertImporter.class.getName());

    private static final Pattern MATMUL = Pattern.compile(
        "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value|attention/output/dense"
        + "|intermediate/dense|output/dense)/MatMul");
    private static final Pattern LAYER_TENSOR = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)");

    private static final Map<String, String> MODULES = Map.of(
        "attention/self/query", "query",
        "attention/self/key", "key",
        "attention/self/value", "value",
        "attention/output/dense", "attention_output",
        "intermediate/dense", "intermediate",
        "output/dense", "output");

    private static final Map<String, String> LAYER_NORMS = Map.of(
        "attention.output.LayerNorm.weight", "attention_norm_gamma",
        "attention.output.LayerNorm.bias", "attention_norm_beta",
        "output.LayerNorm.weight", "output_norm_gamma",
        "output.LayerNorm.bias", "output_norm_beta");

    private static final Map<String, String> EMBEDDINGS = Map.of(
        "embeddings.word_embeddings.weight", "embeddings_word",
        "embeddings.position_embeddings.weight", "embeddings_position",
        "embeddings.token_type_embeddings.weight", "embeddings_token_type",
        "embeddings.LayerNorm.weight", "embeddings_norm_gamma",
        "embeddings.LayerNorm.bias", "embeddings_norm_beta");

    private OnnxBertImporter() {}

    /**
     * Parses an ONNX model.
     * @param in the model bytes (not closed).
     * @return the model.
     * @throws IOException if the stream cannot be read or is not an ONNX model.
     */
    public static OnnxMl.ModelProto parse(InputStream in) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        // The model is ~90 MB, beyond protobuf's default 64 MB message limit.
        coded.setSizeLimit(Integer.MAX_VALUE);
        return OnnxMl.ModelProto.parseFrom(coded);
    }

    /**
     * Imports the weights of a BERT encoder.
     * @param model the ONNX model.
     * @param numHeads number of attention heads (not recorded in the weights; 12 for all-MiniLM-L6-v2).
     * @param layerNormEps LayerNorm epsilon (1e-12 for BERT).
     * @return the weights in {@link BertWeights#layout} naming.
     * @throws IllegalArgumentException naming the tensor or node when the graph is not the expected BERT export.
     */
    public static BertWeights importWeights(OnnxMl.ModelProto model, int numHeads, double layerNormEps) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (initializers.put(t.getName(), t) != null) {
                throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' appears twice");
            }
        }
        Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        Map<String, HostTensor> out = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        // 1. Embeddings.
        for (Map.Entry<String, String> e : EMBEDDINGS.entrySet()) {
            put(out, e.getValue(), readFloat(require(initializers, e.getKey(), "embedding tensor"), false));
            used.add(e.getKey());
        }
        // 2. Dense weights through the graph.
        int maxLayer = -1;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("MatMul")) {
                continue;
            }
            Matcher m = MATMUL.matcher(node.getName());
            if (!m.matches()) {
                if (node.getInputCount() == 2 && initializers.containsKey(node.getInput(1))) {
                    throw new IllegalArgumentException("MatMul node '" + node.getName() + "' multiplies by initializer '"
                                                       + node.getInput(1) + "' but is not a known BERT projection");
                }
                continue; // activation x activation products (attention scores)
            }
            int layer = Integer.parseInt(m.group(1));
            maxLayer = Math.max(maxLayer, layer);
            String module = m.group(2);
            if (node.getInputCount() != 2 || !initializers.containsKey(node.getInput(1))) {
                throw new IllegalArgumentException("MatMul node '" + node.getName() + "' does not multiply by an initializer: inputs "
                                                   + node.getInputList());
            }
            String weightName = node.getInput(1);
            String biasName = "encoder.layer." + layer + "." + module.replace('/', '.') + ".bias";
            List<OnnxMl.NodeProto> next = consumers.getOrDefault(node.getOutput(0), List.of());
            if (next.size() != 1 || !next.get(0).getOpType().equals("Add")) {
                throw new IllegalArgumentException("MatMul node '" + node.getName() + "' should feed exactly one Add (its bias), found "
                                                   + describe(next));
            }
            OnnxMl.NodeProto add = next.get(0);
            List<String> addInputs = new ArrayList<>(add.getInputList());
            if (addInputs.size() != 2 || !addInputs.remove(node.getOutput(0)) || !addInputs.get(0).equals(biasName)) {
                throw new IllegalArgumentException("Add node '" + add.getName() + "' after '" + node.getName()
                                                   + "' should add initializer '" + biasName + "', inputs " + add.getInputList());
            }
            String prefix = "layer" + layer + "_" + MODULES.get(module);
            // ONNX MatMul weight is (in, out): transpose to (out, in).
            put(out, prefix + "_weight", readFloat(initializers.get(weightName), true));
            put(out, prefix + "_bias", readFloat(require(initializers, biasName, "bias"), false));
            if (!used.add(weightName)) {
                throw new IllegalArgumentException("Initializer '" + weightName + "' is used by two projections");
            }
            used.add(biasName);
        }
        // 3. Per-layer LayerNorms.
        for (String name : initializers.keySet()) {
            Matcher m = LAYER_TENSOR.matcher(name);
            if (m.matches() && LAYER_NORMS.containsKey(m.group(2))) {
                put(out, "layer" + m.group(1) + "_" + LAYER_NORMS.get(m.group(2)), readFloat(initializers.get(name), false));
                used.add(name);
            }
        }
        // Every float initializer must have a place.
        List<String> unused = new ArrayList<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (!used.contains(t.getName()) && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                unused.add(t.getName() + Arrays.toString(t.getDimsList().toArray()));
            } else if (!used.contains(t.getName())) {
                logger.fine("Ignoring non-float ONNX initializer " + t.getName());
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("ONNX float initializers with no place in the BERT encoder: " + unused);
        }
        if (maxLayer < 0) {
            throw new IllegalArgumentException("No /encoder/layer.N/... MatMul nodes found: not a BERT encoder export");
        }
        long[] word = out.get("embeddings_word").shape();
        long[] inter = out.containsKey("layer0_intermediate_weight") ? out.get("layer0_intermediate_weight").shape() : null;
        if (inter == null) {
            throw new IllegalArgumentException("Layer 0 has no intermediate/dense MatMul");
        }
        BertConfig config = new BertConfig((int) word[0], (int) word[1], maxLayer + 1, numHeads, (int) inter[0],
                                           (int) out.get("embeddings_position").shape()[0],
                                           (int) out.get("embeddings_token_type").shape()[0], layerNormEps);
        // BertWeights checks the complete layout and every shape.
        return new BertWeights(config, out);
    }

    private static String describe(List<OnnxMl.NodeProto> nodes) {
        List<String> s = new ArrayList<>();
        for (OnnxMl.NodeProto n : nodes) {
            s.add(n.getOpType() + " '" + n.getName() + "'");
        }
        return s.toString();
    }

    private static OnnxMl.TensorProto require(Map<String, OnnxMl.TensorProto> initializers, String name, String what) {
        OnnxMl.TensorProto t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("ONNX model has no " + what + " initializer '" + name + "'");
        }
        return t;
    }

    /** A float32 initializer as a host tensor, optionally transposing a matrix. */
    static NamedTensor readFloat(OnnxMl.TensorProto t, boolean transpose) {
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' has data type " + t.getDataType()
                                               + ", expected FLOAT (1)");
        }
        long[] dims = new long[t.getDimsCount()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            size *= dims[i];
        }
        float[] values;
        ByteString raw = t.getRawData();
        if (!raw.isEmpty()) {
            if (raw.size() != size * Float.BYTES) {
                throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' has " + raw.size()
                                                   + " raw bytes, shape " + Arrays.toString(dims) + " needs " + size * Float.BYTES);
            }
            FloatBuffer fb = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            values = new float[(int) size];
            fb.get(values);
        } else {
            if (t.getFloatDataCount() != size) {
                throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' has " + t.getFloatDataCount()
                                                   + " values, shape " + Arrays.toString(dims) + " needs " + size);
            }
            values = new float[(int) size];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        }
        if (transpose) {
            if (dims.length != 2) {
                throw new IllegalArgumentException("ONNX MatMul weight '" + t.getName() + "' is not a matrix: " + Arrays.toString(dims));
            }
            int rows = (int) dims[0];
            int cols = (int) dims[1];
            float[] tr = new float[values.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    tr[c * rows + r] = values[r * cols + c];
                }
            }
            values = tr;
            dims = new long[]{cols, rows};
        }
        return new NamedTensor(t.getName(), dims, values);
    }

    /** A float tensor before it gets its parameter name. */
    static final class NamedTensor {
        private final String name;
        private final long[] shape;
        private final float[] values;

        NamedTensor(String name, long[] shape, float[] values) {
            this.name = name;
            this.shape = shape;
            this.values = values;
        }

        HostTensor withName(String newName) {
            return HostTensor.ofFloats(newName, shape, values);
        }
    }

    private static void put(Map<String, HostTensor> out, String name, NamedTensor t) {
        if (out.put(name, t.withName(name)) != null) {
            throw new IllegalArgumentException("BERT parameter " + name + " is mapped twice");
        }
    }

}
