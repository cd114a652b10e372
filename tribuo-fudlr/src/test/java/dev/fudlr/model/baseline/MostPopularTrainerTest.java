/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.baseline;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.ranking.RankingEvaluation;
import dev.fudlr.fairness.ranking.RankingEvaluator;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.test.Helpers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MostPopularTrainerTest {

    private static final double EPS = 1e-12;
    private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    private static Example<Label> sample(String user, int target, int... history) {
        return SampleEncoding.encode(history, target, Map.of(SampleEncoding.USER, user));
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples) {
        return new MutableDataset<>(examples, new SimpleDataSourceProvenance("most-popular-test", TIME, new LabelFactory()),
                new LabelFactory());
    }

    /*
     * Targets: 5 x3, 2 x2, 10 x2, 1 x1, 9 x1. Ties 2/10 and 1/9 are broken numerically by id.
     * History features: item:9 x3, item:5 x1, item:42 x2 (42 is never a target).
     */
    private static MutableDataset<Label> training() {
        return dataset(List.of(
                sample("a", 5, 9),
                sample("a", 2, 9, 42),
                sample("a", 10, 5),
                sample("b", 5, 9, 42),
                sample("b", 2, 1),
                sample("b", 10, 2),
                sample("c", 5, 10),
                sample("c", 1, 2),
                sample("c", 9, 1)));
    }

    @Test
    void ranksByTargetCountThenItemId() {
        MostPopularModel model = new MostPopularTrainer(false).train(training());
        assertEquals(List.of("5", "2", "10", "1", "9"), model.getRankedItems());
        assertEquals(3.0, model.getCounts().get("5"), EPS);
        assertEquals(2.0, model.getCounts().get("10"), EPS);
        assertEquals(1.0, model.getCounts().get("9"), EPS);
    }

    @Test
    void historyItemsCountWhenAskedAndStayInCatalogue() {
        // Adds history: 9 +3 -> 4, 5 +1 -> 4, 1 +2 -> 3, 2 +2 -> 4, 10 +1 -> 3; 42 is ignored.
        MostPopularModel model = new MostPopularTrainer(true).train(training());
        assertEquals(List.of("2", "5", "9", "1", "10"), model.getRankedItems());
        assertEquals(Map.of("2", 4.0, "5", 4.0, "9", 4.0, "1", 3.0, "10", 3.0), model.getCounts());
        assertFalse(model.getCounts().containsKey("42"));
    }

    @Test
    void exampleWeightsScaleCounts() {
        MutableDataset<Label> data = training();
        Example<Label> heavy = sample("d", 9, 1);
        heavy.setWeight(5.0f);
        data.add(heavy);
        MostPopularModel model = new MostPopularTrainer(false).train(data);
        assertEquals("9", model.getRankedItems().get(0));
        assertEquals(6.0, model.getCounts().get("9"), EPS);
    }

    @Test
    void predictsTheSameRankingForAnUnseenExample() {
        MostPopularModel model = new MostPopularTrainer(false).train(training());
        ArrayExample<Label> unseen = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL);
        unseen.add(new Feature("item:999", 1.0));
        unseen.add(new Feature("not-an-item", 3.0));
        Prediction<Label> p = model.predict(unseen);
        assertEquals("5", p.getOutput().getLabel());
        assertEquals(3.0, p.getOutput().getScore(), EPS);
        assertFalse(p.hasProbabilities());
        assertEquals(List.of("5", "2", "10", "1", "9"), List.copyOf(p.getOutputScores().keySet()));
        assertEquals(2.0, p.getOutputScores().get("10").getScore(), EPS);
        assertSame(unseen, p.getExample());
        assertThrows(UnsupportedOperationException.class, () -> p.getOutputScores().put("x", new Label("x")));
    }

    @Test
    void provenanceRecordsTrainerDataAndOption() {
        MostPopularTrainer trainer = new MostPopularTrainer(true);
        TrainerProvenance before = trainer.getProvenance();
        MutableDataset<Label> data = training();
        MostPopularModel model = trainer.train(data);
        ModelProvenance prov = model.getProvenance();
        assertEquals(MostPopularModel.class.getName(), prov.getClassName());
        assertEquals(data.getProvenance(), prov.getDatasetProvenance());
        assertEquals(before, prov.getTrainerProvenance());
        Provenance option = prov.getTrainerProvenance().getConfiguredParameters().get("countHistoryItems");
        assertEquals(new BooleanProvenance("countHistoryItems", true), option);
        assertEquals(1, trainer.getInvocationCount());
        Helpers.testProvenanceMarshalling(prov);

        // A run with an explicit invocation count records that count.
        MostPopularModel second = trainer.train(data, Map.of(), 7);
        assertEquals(8, trainer.getInvocationCount());
        assertEquals(new IntProvenance(TrainerProvenance.TRAIN_INVOCATION_COUNT, 7),
                second.getProvenance().getTrainerProvenance().getInstanceValues().get(TrainerProvenance.TRAIN_INVOCATION_COUNT));
        assertEquals(new IntProvenance(TrainerProvenance.TRAIN_INVOCATION_COUNT, 0),
                prov.getTrainerProvenance().getInstanceValues().get(TrainerProvenance.TRAIN_INVOCATION_COUNT));
    }

    @Test
    void configurableRoundTrip() {
        Helpers.testConfigurableRoundtrip(new MostPopularTrainer(true));
        Helpers.testConfigurableRoundtrip(new MostPopularTrainer(false));
    }

    /** Tribuo's protobuf form (what model files hold) keeps the ranking, the counts and the provenance. */
    @Test
    void protobufRoundTrip() {
        MostPopularModel model = new MostPopularTrainer(true).train(training());
        Model<?> back = Model.deserialize(model.serialize());
        MostPopularModel copy = assertInstanceOf(MostPopularModel.class, back);
        assertEquals(model.getRankedItems(), copy.getRankedItems());
        assertEquals(model.getCounts(), copy.getCounts());
        assertEquals(model.getProvenance(), copy.getProvenance());
        assertEquals(model.getOutputIDInfo().getDomain(), copy.getOutputIDInfo().getDomain());
        Example<Label> any = sample("x", 2, 5);
        assertEquals(model.predict(any).getOutputScores(), copy.predict(any).getOutputScores());
    }

    @Test
    void javaSerializationRoundTrip() throws Exception {
        MostPopularModel model = new MostPopularTrainer(false).train(training());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        MostPopularModel copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MostPopularModel) in.readObject();
        }
        assertEquals(model.getCounts(), copy.getCounts());
        assertEquals(model.getProvenance(), copy.getProvenance());
    }

    @Test
    void rankingEvaluationHandComputed() {
        MostPopularModel model = new MostPopularTrainer(false).train(training());
        // Ranking 5 > 2 > 10 > 1 > 9. User x saw 5, so its ranking is 2 > 10 > 1 > 9 and target 2 is at rank 1;
        // user y has no exclusions and target 9 is at rank 5.
        MutableDataset<Label> test = dataset(List.of(sample("x", 2, 5), sample("y", 9, 1)));
        RankingEvaluation eval = new RankingEvaluator(Map.of("x", Set.of("5")), 1, 5).evaluate(model, test);
        assertEquals(0.5, eval.hitRate(1), EPS);
        assertEquals(1.0, eval.hitRate(5), EPS);
        // (1/log2(2) + 1/log2(6)) / 2
        assertEquals((1.0 + 0.38685280723454163) / 2, eval.ndcg(5), EPS);
        assertEquals((1.0 + 0.2) / 2, eval.mrr(5), EPS);
        assertEquals(model.getProvenance(), eval.getProvenance().getModelProvenance());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MostPopularTrainer(false).train(dataset(List.of())));
        assertThrows(IllegalArgumentException.class, () -> new MostPopularTrainer(false).setInvocationCount(-1));
    }
}
