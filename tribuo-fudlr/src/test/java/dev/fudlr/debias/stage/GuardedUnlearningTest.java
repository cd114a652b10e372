/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.mask.GuardedSelection;
import dev.fudlr.mask.Selection;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import dev.fudlr.unlearn.NewtonRemoval;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guarded-unlearning stage: shrinks until the re-audit accepts and keeps each attempt for the accepted one. */
class GuardedUnlearningTest {

    @Test
    void shrinksUntilAcceptedAndKeepsTheAcceptedRemoval() {
        SampleSplits splits = MovieLensDataSource.splits(
            SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(40, 30, 8, 14)), new SampleBuilder(4, 0, 3));
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new ListDataSource<>(splits.train(), f, new SimpleDataSourceProvenance("train", f)));
        try (DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(4)
                 .loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(32).learningRate(1e-2).seed(3).device("cpu")
                 .dtype(Precision.FLOAT64).build().trainTransformer(train);
             GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), 64)) {
            SampleLoss loss = RecommenderObjectives.loss(model, train.getData());
            NewtonRemoval removal = new NewtonRemoval(engine, loss, Curvatures.create(Curvatures.FISHER, engine, loss,
                GradientEngine.range(train.size()), 0.0), new ConjugateGradientSolver(1e-8, 200), 0.1, 10.0, 100.0);
            Selection start = Selection.ofOrdered(new int[]{5, 1, 9, 3, 7, 2, 8, 0});
            List<AbstractDjlRecommenderModel> edited = new ArrayList<>();
            // Accept only selections of at most 2 samples; the measurement is the edited model's parameters.
            GuardedUnlearning.Outcome<double[]> o = GuardedUnlearning.run(model, removal, new GuardedSelection(0.01, 0.5, 5), start,
                (m, size) -> {
                    edited.add(m);
                    return new GuardedUnlearning.Judgement<>(m.trainableParametersAsDouble(), size <= 2 ? 0.0 : 1.0);
                }, "fix");
            assertTrue(o.guard().satisfied());
            assertEquals(2, o.guard().selection().size());
            assertEquals(List.of(2, 4, 8), List.copyOf(o.tried().keySet()));
            // The accepted removal is the removal of the accepted prefix, and its re-audit saw exactly it.
            double[] again = removal.remove(o.guard().selection().indices()).thetaAfter();
            assertArrayEquals(again, o.accepted().removal().thetaAfter(), 1e-12);
            assertArrayEquals(again, o.accepted().after(), 1e-12);
            // One re-audit per attempt, each on its own edited model.
            assertEquals(3, edited.size());
            // An empty acceptance has no accepted attempt.
            GuardedUnlearning.Outcome<double[]> none = GuardedUnlearning.run(model, removal, new GuardedSelection(0.01, 0.5, 1), start,
                (m, size) -> new GuardedUnlearning.Judgement<>(null, Double.POSITIVE_INFINITY), "fix");
            assertTrue(!none.guard().satisfied());
            assertNull(none.accepted());
            assertThrows(UnsupportedOperationException.class, () -> none.tried().clear());
        }
    }
}
