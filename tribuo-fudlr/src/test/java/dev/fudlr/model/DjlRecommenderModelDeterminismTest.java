/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.FlatMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensDataSourceProvenance;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.protos.DjlRecommenderModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two training runs of the tiny transformer with the same data (read by two separate data sources, as two processes
 * would) and the same seed give byte-identical model files except for two provenance fields, both wall-clock times
 * that Tribuo's provenance conventions record: {@code datasource-creation-time} of the data source and
 * {@code trained-at} of the {@link ModelProvenance}. The test pins that down (it lists every differing provenance
 * field) and then shows that everything else is byte-identical: the second model with the first model's
 * provenance serializes to exactly the first model's bytes, and the payload without provenance (weights, catalogue,
 * configuration, feature and output domains) is equal.
 */
class DjlRecommenderModelDeterminismTest {

    @TempDir
    Path dir;

    private static DjlRecommenderModel train() {
        SyntheticGenerator.Config data = new SyntheticGenerator.Config(11, 40, 50, 5, 15, 1.0, 0.4, 4, 0.3, 0.5, 2.0);
        MovieLensDataSource source = new MovieLensDataSource(data, "train", new SampleBuilder(3, 0, 3));
        MutableDataset<Label> train = new MutableDataset<>(source);
        return LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(3)
            .loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(1).batchSize(16).learningRate(1e-2).seed(31)
            .device("cpu").build().trainTransformer(train);
    }

    /** Every provenance field (object name / key) whose value differs between two provenances of the same shape. */
    static Map<String, String> differences(ModelProvenance a, ModelProvenance b) {
        List<ObjectMarshalledProvenance> ma = ProvenanceUtil.marshalProvenance(a);
        List<ObjectMarshalledProvenance> mb = ProvenanceUtil.marshalProvenance(b);
        assertEquals(ma.size(), mb.size(), "same provenance objects");
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < ma.size(); i++) {
            Map<String, FlatMarshalledProvenance> fa = ma.get(i).getMap();
            Map<String, FlatMarshalledProvenance> fb = mb.get(i).getMap();
            assertEquals(fa.keySet(), fb.keySet(), "same fields of " + ma.get(i).getName());
            for (String key : fa.keySet()) {
                if (!Objects.equals(fa.get(key), fb.get(key))) {
                    out.put(ma.get(i).getProvenanceClassName() + "/" + key, fa.get(key) + " vs " + fb.get(key));
                }
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalModelFilesApartFromTwoTimestamps() throws Exception {
        try (DjlRecommenderModel a = train(); DjlRecommenderModel b = train()) {
            byte[] bytesA = a.serialize().toByteArray();
            byte[] bytesB = b.serialize().toByteArray();
            Map<String, String> diff = differences(a.getProvenance(), b.getProvenance());
            System.out.println("Provenance fields that differ between two identical training runs: " + diff);
            // The only run-to-run differences are two wall-clock times Tribuo's provenance conventions record: when
            // the data source was created (DataSourceProvenance.DATASOURCE_CREATION_TIME) and when the model was trained.
            assertEquals(List.of(MovieLensDataSourceProvenance.class.getName() + "/datasource-creation-time",
                                 ModelProvenance.class.getName() + "/trained-at"), List.copyOf(diff.keySet()));
            assertNotEquals(a.getProvenance().getTrainingTime(), b.getProvenance().getTrainingTime());
            assertFalse(java.util.Arrays.equals(bytesA, bytesB), "the files differ (in the two times)");

            // Everything else is byte-identical: b with a's provenance serializes to a's bytes, in memory and on disk.
            DjlRecommenderModel bWithA = b.copy(b.getName(), a.getProvenance());
            try {
                assertArrayEquals(bytesA, bWithA.serialize().toByteArray());
                Path fa = dir.resolve("a.tribuo");
                Path fb = dir.resolve("b.tribuo");
                a.serializeToFile(fa);
                bWithA.serializeToFile(fb);
                assertArrayEquals(Files.readAllBytes(fa), Files.readAllBytes(fb));
            } finally {
                bWithA.close();
            }
            // The payload without the provenance-carrying model data is equal as it stands.
            DjlRecommenderModelProto pa = ModelProto.parseFrom(bytesA).getSerializedData().unpack(DjlRecommenderModelProto.class);
            DjlRecommenderModelProto pb = ModelProto.parseFrom(bytesB).getSerializedData().unpack(DjlRecommenderModelProto.class);
            assertEquals(pa.toBuilder().clearModelData().build(), pb.toBuilder().clearModelData().build());
            assertEquals(a.weights(), b.weights());
        }
    }
}
