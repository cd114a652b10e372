/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.fairness.metric.MetricFamily;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Registers the built-in components as beans (a portable extension, listed in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}, so it works with or without bean discovery):
 * each metric family name, curvature backend, solver and backbone becomes a {@code @Dependent} bean of its type
 * ({@link MetricFamily}, {@link CurvatureBackend}, {@link SolverFactory}, {@link BackboneFactory}) qualified
 * {@code @Named("<name>")} and {@link BuiltIn}. The names come from the registries themselves,
 * so the beans and the plain wiring cannot drift apart. No {@code @Default} qualifier: a built-in is injected by
 * name, so third-party beans of the same types never make an injection point ambiguous.
 */
public final class FudlrCdiExtension implements Extension {

    void registerBuiltIns(@Observes AfterBeanDiscovery abd) {
        for (MetricFamily family : BuiltIns.metricFamilies()) {
            for (String name : family.names()) {
                add(abd, MetricFamily.class, name, family);
            }
        }
        for (CurvatureBackend c : BuiltIns.curvatures()) {
            add(abd, CurvatureBackend.class, c.name(), c);
        }
        for (SolverFactory s : BuiltIns.solvers()) {
            add(abd, SolverFactory.class, s.name(), s);
        }
        for (BackboneFactory b : BuiltIns.backbones()) {
            add(abd, BackboneFactory.class, b.name(), b);
        }
    }

    private static <T> void add(AfterBeanDiscovery abd, Class<T> type, String name, T instance) {
        abd.addBean()
            .beanClass(FudlrCdiExtension.class)
            .types(type, Object.class)
            .qualifiers(NamedLiteral.of(name), BuiltIn.Literal.INSTANCE, Any.Literal.INSTANCE)
            .scope(Dependent.class)
            .createWith(context -> instance);
    }
}
