/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.InfluenceSettings;
import dev.fudlr.model.LmRecommenderTrainer;
import jakarta.enterprise.inject.literal.NamedLiteral;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both wirings: plain Java (no container) and a Weld SE container, with built-in and third-party beans. */
class FudlrComponentsTest {
    private static final Logger logger = Logger.getLogger(FudlrComponentsTest.class.getName());

    private static Weld weld(Class<?>... beans) {
        // No classpath scanning: the extension still comes from META-INF/services.
        return new Weld().disableDiscovery().addBeanClasses(beans);
    }

    @Test
    void withoutAContainerTheBuiltInsResolve() {
        FudlrComponents c = FudlrComponents.current();
        assertSame(FudlrComponents.builtIn(), c);
        assertEquals(MetricRegistry.standard().familyNames(), c.metrics().familyNames());
        assertEquals("mgu@10", c.metric("mgu@10").name());
        assertEquals(List.copyOf(InfluenceSettings.CURVATURES), List.copyOf(c.curvatureNames()));
        assertEquals(List.copyOf(InfluenceSettings.SOLVERS), List.copyOf(c.solverNames()));
        assertEquals(List.of(LmRecommenderTrainer.BACKBONE_TRANSFORMER, LmRecommenderTrainer.BACKBONE_MINILM), List.copyOf(c.backboneNames()));
        assertTrue(c.contributions().isEmpty());

        ConjugateGradientSolver cg = assertInstanceOf(ConjugateGradientSolver.class, c.solver("cg").create(InfluenceSettings.defaults()));
        assertEquals("cg", cg.name());
        IllegalArgumentException lissa = assertThrows(IllegalArgumentException.class, () -> c.solver("lissa").create(InfluenceSettings.defaults()));
        assertTrue(lissa.getMessage().contains("solver=lissa"), lissa.getMessage());
        LmRecommenderTrainer t = assertInstanceOf(LmRecommenderTrainer.class, c.backbone("transformer").create(Map.of(), 42L));
        assertEquals(42L, t.getSeed());
        assertEquals(LmRecommenderTrainer.BACKBONE_TRANSFORMER, t.getBackbone());
        assertThrows(IllegalArgumentException.class, () -> c.backbone("minilm").create(Map.of(), 1L));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.curvature("hessian"));
        assertTrue(e.getMessage().contains("'hessian'") && e.getMessage().contains("exact"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.metric("tail-share@5"));
    }

    @Test
    void theContainerExposesEveryBuiltInByName() {
        // Classpath discovery: tribuo-fudlr's META-INF/beans.xml makes it the bean archive (test classes are not one).
        long start = System.nanoTime();
        try (WeldContainer container = new Weld().initialize()) {
            logger.info(String.format("Weld SE with discovery started in %.2f s", (System.nanoTime() - start) / 1e9));
            MetricFamily mgu = container.select(MetricFamily.class, NamedLiteral.of("mgu")).get();
            assertSame(MeanGroupUnfairness.FAMILY, mgu);
            MetricFamily hr = container.select(MetricFamily.class, BuiltIn.Literal.INSTANCE, NamedLiteral.of("hr")).get();
            assertTrue(hr.names().contains("ndcg"));
            for (String name : InfluenceSettings.CURVATURES) {
                assertEquals(name, container.select(CurvatureBackend.class, NamedLiteral.of(name)).get().name());
            }
            for (String name : InfluenceSettings.SOLVERS) {
                assertEquals(name, container.select(SolverFactory.class, NamedLiteral.of(name)).get().name());
            }
            assertEquals("minilm", container.select(BackboneFactory.class, NamedLiteral.of("minilm")).get().name());
            int families = 0;
            for (MetricFamily f : MetricRegistry.BUILT_IN) {
                families += f.names().size();
            }
            assertTrue(container.select(MetricFamily.class, BuiltIn.Literal.INSTANCE).stream().count() >= families);

            // Only built-ins: the container view resolves exactly what the plain wiring does.
            FudlrComponents view = FudlrComponents.current();
            assertNotSame(FudlrComponents.builtIn(), view);
            assertSame(view, FudlrComponents.current(), "one view per container");
            FudlrComponents injected = container.select(FudlrComponents.class).get();
            assertSame(injected, container.select(FudlrComponents.class).get(), "a singleton");
            assertEquals(view.toString(), injected.toString());
            assertTrue(view.contributions().isEmpty(), view.contributions().toString());
            assertEquals(FudlrComponents.builtIn().metrics().familyNames(), view.metrics().familyNames());
        }
        assertSame(FudlrComponents.builtIn(), FudlrComponents.current(), "after shutdown, back to the plain wiring");
    }

    @Test
    void thirdPartyBeansAreMergedWithTheBuiltIns() {
        try (WeldContainer container = weld(TestBeans.TailShare.class, TestBeans.Unnamed.class, TestBeans.Producers.class).initialize()) {
            assertTrue(container.isRunning());
            FudlrComponents c = FudlrComponents.current();
            FairnessMetric tail = c.metric("tail-share@5");
            assertInstanceOf(TestBeans.TailShare.class, tail);
            assertSame(tail, c.metric("tail-share"), "the family name alone denotes the bean's metric");
            assertSame(tail, c.metric(tail.name()), "the name parses back to the metric");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.metric("tail-share@7"));
            assertTrue(e.getMessage().contains("only provides 'tail-share@5'"), e.getMessage());
            assertInstanceOf(TestBeans.Unnamed.class, c.metric("unnamed-gap@10"));
            assertEquals("double-mgu@20", c.metric("double-mgu@20").name());
            assertEquals(20, c.metric("double-mgu@20").cutoff());
            // Composites can mix bean metrics and built-ins.
            assertEquals(2, c.metrics().parseAll(List.of("mgu@10", "tail-share@5")).size());
            assertTrue(c.metric("0.5*mgu@10/0.1+0.5*tail-share@5/0.2").name().contains("tail-share@5"));
            assertEquals("scaled-identity", c.curvature("scaled-identity").name());
            assertTrue(c.curvatureNames().contains("exact"));
            assertEquals("direct", c.solver("direct").name());
            assertEquals("tiny", c.backbone("tiny").name());
            assertEquals(6, c.contributions().size(), c.contributions().toString());

            // The core resolves objective names through the same view.
            FudlrTransformer t = FudlrTransformer.builder().objectives("tail-share@5").build();
            assertEquals(List.of("tail-share@5"), t.objectives());
        }
        FudlrComponents plain = FudlrComponents.current();
        assertThrows(IllegalArgumentException.class, () -> plain.metric("tail-share@5"));
        PropertyException e = assertThrows(PropertyException.class, () -> FudlrTransformer.builder().objectives("tail-share@5").build());
        assertTrue(e.getMessage().contains("tail-share"), e.getMessage());
    }

    @Test
    void aBeanThatReusesABuiltInNameIsAClearError() {
        try (WeldContainer container = weld(TestBeans.Clash.class).initialize()) {
            assertTrue(container.isRunning());
            IllegalStateException e = assertThrows(IllegalStateException.class, FudlrComponents::current);
            assertTrue(e.getMessage().contains(TestBeans.Clash.class.getName()) && e.getMessage().contains("'mgu'"), e.getMessage());
        }
    }

    @Test
    void aNamedAnnotationMustAgreeWithTheMetricName() {
        try (WeldContainer container = weld(TestBeans.Mismatch.class).initialize()) {
            assertTrue(container.isRunning());
            IllegalStateException e = assertThrows(IllegalStateException.class, FudlrComponents::current);
            assertTrue(e.getMessage().contains("one-name") && e.getMessage().contains("another-name"), e.getMessage());
        }
    }
}
