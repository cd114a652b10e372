/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Jakarta CDI: fairness metrics, curvature backends, inverse-HVP solvers and backbones as beans discoverable by
 * name, and one lookup service, {@link dev.fudlr.cdi.FudlrComponents}, that resolves a name whether or not a
 * container runs.
 * <p>
 * In a container (Weld SE, or any CDI 4.1 container) {@link dev.fudlr.cdi.FudlrCdiExtension} registers every
 * built-in as a bean with {@code @Named("<name>")} and {@link dev.fudlr.cdi.BuiltIn}: metric families
 * ({@link dev.fudlr.fairness.metric.MetricFamily}), {@link dev.fudlr.cdi.CurvatureBackend}s,
 * {@link dev.fudlr.cdi.SolverFactory}s and {@link dev.fudlr.cdi.BackboneFactory}s. A third party adds one by
 * putting a bean of one of these types (or a {@link dev.fudlr.fairness.metric.FairnessMetric}) in a jar with a
 * {@code META-INF/beans.xml}; {@link dev.fudlr.cdi.FudlrComponents#current()} merges such beans with the
 * built-ins, and the core (for example {@link dev.fudlr.debias.FudlrTransformer}'s objective names) resolves
 * names through it. Without a container the same names resolve through the plain registries
 * ({@link dev.fudlr.cdi.FudlrComponents#builtIn()}). The fairness-metrics module needs no CDI API: a metric bean
 * is an ordinary class with bean annotations.
 */
package dev.fudlr.cdi;
