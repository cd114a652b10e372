/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import com.google.protobuf.Any;
import com.oracle.labs.mlrg.olcut.config.Config;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.model.GradientChecks;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.ModelFileException;
import dev.fudlr.model.ModelFiles;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.LoraLinear;
import dev.fudlr.model.protos.NetworkRecommenderModelProto;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network written the way a user would (a bag-of-items embedding followed by a LoRA'd linear layer, configured by
 * {@code @Config} fields) through the whole SPI: training, scores and losses, gradients against finite differences,
 * per-sample gradients with and without the per-sample capability, protobuf round trip with the network rebuilt from
 * its configuration, and the errors a user meets.
 */
public class NetworkRecommenderModelTest {

    private static final int NUM_ITEMS = 12;
    private static final int MAX_HISTORY = 3;

    /** The user's network: user vector = sum of the history's embeddings; scores = LoRA'd linear layer of it. */
    public static class BagOfItemsNetwork implements RecommenderNetwork {
        @Config(description = "Embedding width.")
        private int dim = 6;
        @Config(description = "Declare the per-sample capability (LoraLinear supports it).")
        private boolean perSample = false;

        private BagOfItemsNetwork() {}

        BagOfItemsNetwork(int dim, boolean perSample) {
            this.dim = dim;
            this.perSample = perSample;
        }

        @Override
        public Block newBlock(int numItems, int maxHistory, DataType dataType) {
            Block b = new BagOfItemsBlock(numItems, dim);
            b.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
            b.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            return b;
        }

        @Override
        public boolean isUnlearnable(String parameterName) {
            return parameterName.contains("lora_");
        }

        @Override
        public boolean supportsPerSampleParameters() {
            return perSample;
        }
    }

    static final class BagOfItemsBlock extends AbstractBlock {
        private final int numItems;
        private final int dim;
        private final Parameter embedding;
        private final LoraLinear head;

        BagOfItemsBlock(int numItems, int dim) {
            this.numItems = numItems;
            this.dim = dim;
            embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                                         .optShape(new Shape(numItems + 1, dim)).build());
            head = addChildBlock("head", new LoraLinear(dim, numItems, 2, 2.0));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray ids = inputs.singletonOrThrow();
            NDArray e = store.getValue(embedding, ids.getDevice(), training);
            NDArray bag = ids.oneHot(numItems + 1).toType(e.getDataType(), false).sum(new int[]{1});
            // LoraLinear's per-sample stacks want (batch, ..., in): a sequence of one.
            NDArray scores = head.forward(store, new NDList(bag.matMul(e).expandDims(1)), training, params).singletonOrThrow();
            return new NDList(scores.squeeze(1));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), 1, dim));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[]{new Shape(inputShapes[0].get(0), numItems)};
        }
    }

    /** Successor task: after items (i-2, i-1, i) comes i+1 (mod NUM_ITEMS). */
    private static List<Example<Label>> samples(int n, long seed) {
        Random rng = new Random(seed);
        List<Example<Label>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int last = 3 + rng.nextInt(NUM_ITEMS - 2);
            out.add(SampleEncoding.encode(new int[]{last - 2, last - 1, last}, last % NUM_ITEMS + 1,
                                          Map.of(SampleEncoding.USER, "u" + s, SampleEncoding.SAMPLE, "u" + s + ":3")));
        }
        return out;
    }

    private static MutableDataset<Label> dataset(int n, long seed) {
        return new MutableDataset<>(new ListDataSource<>(samples(n, seed), new LabelFactory(),
                                                         new SimpleDataSourceProvenance("successor task", new LabelFactory())));
    }

    private static NetworkRecommenderModel train(BagOfItemsNetwork network, Precision dtype, int pretrain, int epochs, long seed) {
        return new NetworkRecommenderTrainer(network, MAX_HISTORY, pretrain, epochs, 16, 0.05, seed, "cpu", dtype)
            .train(dataset(200, 1));
    }

    @Test
    public void trainsTheBaseThenTheAdaptersAndLearnsTheTask() {
        try (NetworkRecommenderModel m = train(new BagOfItemsNetwork(), Precision.FLOAT32, 15, 5, 7)) {
            assertEquals(List.of("01head_lora_a", "01head_lora_b"), m.trainableParameterNames());
            assertEquals(NUM_ITEMS, m.items().size());
            int correct = 0;
            List<Example<Label>> test = samples(100, 99);
            for (Example<Label> e : test) {
                correct += m.predict(e).getOutput().getLabel().equals(e.getOutput().getLabel()) ? 1 : 0;
            }
            // Chance is 1/12; the task is deterministic and linear in the bag.
            assertTrue(correct > 80, "top-1 accuracy " + correct + "/100");
            assertEquals(m.baseParameterDigest().orElseThrow().sha256(),
                         m.getProvenance().getInstanceProvenance().getMap().get(LmRecommenderTrainer.BASE_PARAMETERS_SHA256).toString());
            // Same seed, same model; another seed, another one.
            try (NetworkRecommenderModel again = train(new BagOfItemsNetwork(), Precision.FLOAT32, 15, 5, 7);
                 NetworkRecommenderModel other = train(new BagOfItemsNetwork(), Precision.FLOAT32, 15, 5, 8)) {
                assertEquals(m.weights(), again.weights());
                assertNotEquals(m.weights(), other.weights());
            }
        }
    }

    @Test
    public void adapterPhaseLeavesTheBaseAsPretrained() {
        try (NetworkRecommenderModel pre = train(new BagOfItemsNetwork(), Precision.FLOAT32, 3, 0, 5);
             NetworkRecommenderModel both = train(new BagOfItemsNetwork(), Precision.FLOAT32, 3, 4, 5)) {
            SortedMap<String, HostTensor> a = pre.weights();
            SortedMap<String, HostTensor> b = both.weights();
            for (String name : a.keySet()) {
                if (name.contains("lora_")) {
                    assertNotEquals(a.get(name), b.get(name), name);
                } else {
                    assertEquals(a.get(name), b.get(name), name);
                }
            }
            assertEquals(pre.baseParameterDigest(), both.baseParameterDigest());
        }
    }

    @Test
    public void continuedTrainingMovesOnlyTheAdaptersAndRecordsWhereItStarted() {
        NetworkRecommenderTrainer trainer = new NetworkRecommenderTrainer(new BagOfItemsNetwork(), MAX_HISTORY, 0, 1, 16, 0.05, 9,
                                                                          "cpu", Precision.FLOAT64);
        try (NetworkRecommenderModel start = train(new BagOfItemsNetwork(), Precision.FLOAT64, 3, 0, 5);
             NetworkRecommenderModel none = trainer.continueTraining(start, dataset(200, 1), 0);
             NetworkRecommenderModel more = trainer.continueTraining(start, dataset(200, 1), 3)) {
            assertEquals(start.weights(), none.weights());
            for (String name : start.weights().keySet()) {
                if (name.contains("lora_")) {
                    assertNotEquals(start.weights().get(name), more.weights().get(name), name);
                } else {
                    assertEquals(start.weights().get(name), more.weights().get(name), name);
                }
            }
            List<Example<Label>> data = samples(200, 1);
            assertTrue(sum(more.perSampleLossAsDouble(data)) < sum(start.perSampleLossAsDouble(data)), "continued training lowers the loss");
            Map<String, ? extends com.oracle.labs.mlrg.olcut.provenance.Provenance> iv = more.getProvenance().getInstanceProvenance().getMap();
            assertEquals("3", iv.get(LmRecommenderTrainer.CONTINUED_EPOCHS).toString());
            assertEquals(dev.fudlr.model.BaseParameterDigest.vectorSha256(start.trainableParametersAsDouble()),
                         iv.get(LmRecommenderTrainer.CONTINUED_FROM).toString());
            assertEquals(start.baseParameterDigest().orElseThrow().sha256(), iv.get(LmRecommenderTrainer.BASE_PARAMETERS_SHA256).toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (NetworkRecommenderModel start = train(new BagOfItemsNetwork(), Precision.FLOAT64, 1, 0, 5)) {
                trainer.continueTraining(start, dataset(5, 1), -1);
            }
        });
        assertTrue(e.getMessage().contains("numEpochs must be >= 0"), e.getMessage());
    }

    @Test
    public void lossesAreTheCrossEntropyAndGradientsMatchFiniteDifferences() {
        try (NetworkRecommenderModel r = train(new BagOfItemsNetwork(), Precision.FLOAT64, 1, 1, 3)) {
            List<Example<Label>> batch = samples(7, 4);
            float[][] s = r.scores(batch);
            double[] loss = r.perSampleLossAsDouble(batch);
            for (int i = 0; i < s.length; i++) {
                assertEquals(NUM_ITEMS, s[i].length);
                double z = 0;
                for (float v : s[i]) {
                    z += Math.exp(v);
                }
                int target = r.items().index(batch.get(i).getOutput().getLabel());
                assertEquals(-(s[i][target] - Math.log(z)), loss[i], 1e-5);
            }
            double[] g = r.lossGradientAsDouble(batch);
            Random rng = new Random(5);
            for (int trial = 0; trial < 3; trial++) {
                double[] v = GradientChecks.gaussian(g.length, rng);
                double analytic = GradientChecks.dot(g, v);
                assertEquals(analytic, GradientChecks.centralDifference(r, batch, v, 1e-5), 1e-6 * Math.max(1, Math.abs(analytic)),
                             "directional derivative " + trial);
            }
        }
    }

    @Test
    public void perSampleGradientsAreTheSameWithAndWithoutTheCapability() {
        double[][] with;
        double[][] without;
        try (NetworkRecommenderModel m = train(new BagOfItemsNetwork(6, true), Precision.FLOAT64, 1, 1, 3)) {
            assertTrue(m.supportsPerSampleParameters());
            with = perSampleGradients(m);
        }
        try (NetworkRecommenderModel m = train(new BagOfItemsNetwork(6, false), Precision.FLOAT64, 1, 1, 3)) {
            assertTrue(!m.supportsPerSampleParameters());
            without = perSampleGradients(m);
            // Row i is the gradient of sample i's own loss.
            List<Example<Label>> data = samples(9, 11);
            for (int i = 0; i < data.size(); i++) {
                assertArrayEquals(m.lossGradientAsDouble(List.of(data.get(i))), without[i], 1e-10, "sample " + i);
            }
        }
        for (int i = 0; i < with.length; i++) {
            assertArrayEquals(with[i], without[i], 1e-10, "sample " + i);
        }
    }

    private static double[][] perSampleGradients(NetworkRecommenderModel m) {
        List<Example<Label>> data = samples(9, 11);
        SampleLoss loss = RecommenderObjectives.loss(m, data);
        assertEquals(m.supportsPerSampleParameters(), loss.supportsPerSampleParameters());
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), 4)) {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            double[][] out = new double[data.size()][];
            engine.perSampleGradients(loss, all, null, (start, rows) -> {
                for (int r = 0; r < rows.getShape().get(0); r++) {
                    out[start + r] = rows.get(r).toType(DataType.FLOAT64, false).toDoubleArray();
                }
            });
            return out;
        }
    }

    @Test
    public void roundTripsThroughProtobufWithTheNetworkRebuiltFromItsConfiguration(@TempDir Path dir) throws IOException {
        try (NetworkRecommenderModel m = train(new BagOfItemsNetwork(5, false), Precision.FLOAT32, 2, 2, 3)) {
            RecommenderNetwork loaded = NetworkModelChecks.assertFileRoundTrip(m, dir, samples(6, 2));
            assertEquals(5, ((BagOfItemsNetwork) loaded).dim);
            // The trainer re-instantiates from the model's provenance, network included.
            assertEquals(5, ((BagOfItemsNetwork) NetworkModelChecks.trainerFromProvenance(m).getNetwork()).dim);

            // A file whose network class is not on the class path is refused with that reason.
            ModelProto proto = m.serialize();
            NetworkRecommenderModelProto payload = proto.getSerializedData().unpack(NetworkRecommenderModelProto.class);
            Path missing = dir.resolve("missing.tribuo");
            try (OutputStream out = Files.newOutputStream(missing)) {
                proto.toBuilder().setSerializedData(Any.pack(payload.toBuilder().setNetworkClass("com.example.Missing").build()))
                    .build().writeTo(out);
            }
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(missing, NetworkRecommenderModel.class));
            assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
        }
    }

    @Test
    public void badNetworksAreRejectedWithTheirCause() {
        RecommenderNetwork noneUnlearnable = new BagOfItemsNetwork() {
            @Override
            public boolean isUnlearnable(String parameterName) {
                return false;
            }
        };
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> new NetworkRecommenderTrainer(noneUnlearnable, MAX_HISTORY, 1, 1, 8, 0.01, 1, "cpu", Precision.FLOAT32)
                .train(dataset(20, 1)));
        assertTrue(none.getMessage().contains("isUnlearnable") && none.getMessage().contains("embedding"), none.getMessage());
        RecommenderNetwork wrongColumns = new BagOfItemsNetwork() {
            @Override
            public Block newBlock(int numItems, int maxHistory, DataType dataType) {
                return super.newBlock(numItems + 1, maxHistory, dataType);
            }
        };
        IllegalStateException columns = assertThrows(IllegalStateException.class,
            () -> new NetworkRecommenderTrainer(wrongColumns, MAX_HISTORY, 1, 1, 8, 0.01, 1, "cpu", Precision.FLOAT32)
                .train(dataset(20, 1)));
        int n = ItemIndex.fromDataset(dataset(20, 1)).size();
        assertTrue(columns.getMessage().endsWith("scores of shape (8, " + (n + 1) + "), expected (8, " + n + ")"),
                   columns.getMessage());
        RecommenderNetwork wrongShape = new BagOfItemsNetwork() {
            @Override
            public Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed) {
                return Map.of("embedding", HostTensor.ofFloats("embedding", new long[]{1}, new float[]{1}));
            }
        };
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
            () -> new NetworkRecommenderTrainer(wrongShape, MAX_HISTORY, 1, 1, 8, 0.01, 1, "cpu", Precision.FLOAT32)
                .train(dataset(20, 1)));
        assertTrue(shape.getMessage().contains("embedding") && shape.getMessage().contains("shape"), shape.getMessage());
        RecommenderNetwork reused = new BagOfItemsNetwork() {
            private final Block block = super.newBlock(n, MAX_HISTORY, DataType.FLOAT32);

            @Override
            public Block newBlock(int numItems, int maxHistory, DataType dataType) {
                return block;
            }
        };
        try (NetworkRecommenderModel m = new NetworkRecommenderTrainer(reused, MAX_HISTORY, 1, 1, 8, 0.01, 1, "cpu", Precision.FLOAT32)
            .train(dataset(20, 1))) {
            IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> m.scores(samples(1, 1)));
            assertTrue(again.getMessage().contains("initialized"), again.getMessage());
        }
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class,
            () -> new NetworkRecommenderTrainer(new BagOfItemsNetwork(), 0, 1, 1, 8, 0.01, 1, "cpu", Precision.FLOAT32));
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }
}
