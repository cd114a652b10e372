/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.data.ItemInfo;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceSettings;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.WoodburySolver;
import dev.fudlr.model.LmRecommenderTrainer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Map;

/** Test support: third-party beans of every component type, added to Weld explicitly by the tests. */
final class TestBeans {

    private TestBeans() {}

    /** A fixed metric bean named by its class annotation. */
    @Dependent
    @Named("tail-share")
    public static class TailShare extends RenamedMetric {
        public TailShare() {
            super("tail-share@5", "aplt@5");
        }
    }

    /** A fixed metric bean without {@code @Named}: its family comes from its name. */
    @Dependent
    public static class Unnamed extends RenamedMetric {
        public Unnamed() {
            super("unnamed-gap@10", "mgu@10");
        }
    }

    /** A metric bean whose name clashes with a built-in family. */
    @Dependent
    public static class Clash extends RenamedMetric {
        public Clash() {
            super("mgu@10", "mgu@10");
        }
    }

    /** A metric bean whose {@code @Named} disagrees with its name. */
    @Dependent
    @Named("one-name")
    public static class Mismatch extends RenamedMetric {
        public Mismatch() {
            super("another-name@10", "mgu@10");
        }
    }

    /** Producers of a parametrised family and of the other component types. */
    @Dependent
    public static class Producers {
        @Produces
        @Named("double-mgu")
        MetricFamily family() {
            return MetricFamily.of(List.of("double-mgu"), "double-mgu@K", "Test family.",
                                   spec -> new RenamedMetric(spec.toString(), "mgu@" + spec.requireK()) { });
        }

        @Produces
        @Named("scaled-identity")
        CurvatureBackend curvature() {
            return new CurvatureBackend() {
                @Override
                public String name() {
                    return "scaled-identity";
                }

                @Override
                public CurvatureOperator create(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay) {
                    return Curvatures.create(Curvatures.IDENTITY, engine, loss, sample, weightDecay);
                }
            };
        }

        @Produces
        SolverFactory solver() {
            return new SolverFactory() {
                @Override
                public String name() {
                    return "direct";
                }

                @Override
                public InverseHvpSolver create(InfluenceSettings settings) {
                    return new WoodburySolver();
                }
            };
        }

        @Produces
        BackboneFactory backbone() {
            return new BackboneFactory() {
                @Override
                public String name() {
                    return "tiny";
                }

                @Override
                public String description() {
                    return "A tiny transformer.";
                }

                @Override
                public Trainer<Label> create(Map<Integer, ItemInfo> items, long seed) {
                    return LmRecommenderTrainer.builder().embeddingDim(8).numHeads(2).ffnDim(16).seed(seed).build();
                }
            };
        }
    }
}
