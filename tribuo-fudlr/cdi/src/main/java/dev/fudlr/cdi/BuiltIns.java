/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.data.ItemInfo;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceSettings;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.LissaSolver;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.WoodburySolver;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.minilm.MiniLmRecommenderTrainer;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The built-in components, as plain Java objects (no container involved).
 */
final class BuiltIns {

    private BuiltIns() {}

    /** @return the metric families of {@link MetricRegistry#standard()}: the built-ins and the ServiceLoader ones. */
    static List<MetricFamily> metricFamilies() {
        List<MetricFamily> out = new ArrayList<>(MetricRegistry.BUILT_IN);
        for (MetricFamily f : ServiceLoader.load(MetricFamily.class)) {
            out.add(f);
        }
        return out;
    }

    /** @return the curvature backends of {@link Curvatures}. */
    static List<CurvatureBackend> curvatures() {
        List<CurvatureBackend> out = new ArrayList<>();
        for (String name : InfluenceSettings.CURVATURES) {
            out.add(new CurvatureBackend() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public CurvatureOperator create(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay) {
                    return Curvatures.create(name, engine, loss, sample, weightDecay);
                }

                @Override
                public String toString() {
                    return "CurvatureBackend(" + name + ")";
                }
            });
        }
        return out;
    }

    /** @return the solvers of {@link InfluenceSettings#SOLVERS}. */
    static List<SolverFactory> solvers() {
        return List.of(
            solver(ConjugateGradientSolver.NAME, s -> new ConjugateGradientSolver(s.cgTolerance(), s.cgMaxIterations())),
            solver(LissaSolver.NAME, s -> {
                // LiSSA's scale, depth and batch are only readable through the settings' own factory.
                if (!LissaSolver.NAME.equals(s.solver())) {
                    throw new IllegalArgumentException("The " + LissaSolver.NAME + " solver is configured by InfluenceSettings with solver="
                                                       + LissaSolver.NAME + "; these settings name '" + s.solver() + "'");
                }
                return s.createSolver();
            }),
            solver(WoodburySolver.NAME, s -> new WoodburySolver()));
    }

    private static SolverFactory solver(String name, java.util.function.Function<InfluenceSettings, InverseHvpSolver> f) {
        return new SolverFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InverseHvpSolver create(InfluenceSettings settings) {
                return f.apply(settings);
            }

            @Override
            public String toString() {
                return "SolverFactory(" + name + ")";
            }
        };
    }

    /** @return the built-in backbones, each with its own trainer. */
    static List<BackboneFactory> backbones() {
        return List.of(
            backbone(LmRecommenderTrainer.BACKBONE_TRANSFORMER, "A small causal item transformer with LoRA adapters, trained from scratch.",
                     (items, seed) -> LmRecommenderTrainer.builder().seed(seed).build()),
            backbone(LmRecommenderTrainer.BACKBONE_MINILM, "The pretrained all-MiniLM-L6-v2 encoder with LoRA, reading item titles.",
                     (items, seed) -> {
                         if (items == null || items.isEmpty()) {
                             throw new IllegalArgumentException("The " + LmRecommenderTrainer.BACKBONE_MINILM
                                                                + " backbone reads item titles: give the item records");
                         }
                         // Defaults of MiniLmRecommenderTrainer: 6 layers, 1024 few-shot samples, 1 epoch, batch 16, lr 1e-3.
                         return new MiniLmRecommenderTrainer(items, 6, 1024, 1, 16, 1e-3, seed);
                     }));
    }

    private interface TrainerFactory {
        Trainer<Label> create(Map<Integer, ItemInfo> items, long seed);
    }

    private static BackboneFactory backbone(String name, String description, TrainerFactory f) {
        return new BackboneFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public Trainer<Label> create(Map<Integer, ItemInfo> items, long seed) {
                return f.create(items, seed);
            }

            @Override
            public String toString() {
                return "BackboneFactory(" + name + ")";
            }
        };
    }
}
