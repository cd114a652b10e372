/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.registry.MetricRegistry;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Components by name: fairness metrics (through a {@link MetricRegistry}), curvature backends, inverse-HVP solvers
 * and backbones, merged from the built-ins and, when a CDI container runs, its beans.
 * <p>
 * {@link #current()} is what the core calls: the view of the running container (CDI's {@code CDI.current()},
 * built once per container) or, without one, {@link #builtIn()}, the plain Java wiring. Container beans are
 * merged as follows:
 * <ul>
 *     <li>a {@link MetricFamily} bean adds its {@link MetricFamily#names() names} to the registry (parametrised
 *     metrics such as {@code my-gap@K:attribute});</li>
 *     <li>a {@link FairnessMetric} bean adds one fixed metric under the family of its {@link FairnessMetric#name()}
 *     (which its {@code @Named} value, if any, must equal): {@code "my-metric"} and {@code "my-metric@10"} both
 *     resolve to the bean when its name is {@code my-metric@10};</li>
 *     <li>{@link CurvatureBackend}, {@link SolverFactory} and {@link BackboneFactory} beans are keyed by their
 *     {@code name()} (which an {@code @Named} value, if any, must equal).</li>
 * </ul>
 * Beans qualified {@link BuiltIn} are the built-ins themselves and are skipped. A name provided twice is an
 * error naming both providers. Instances are immutable; the maps are unmodifiable.
 */
public final class FudlrComponents {
    private static final Logger logger = Logger.getLogger(FudlrComponents.class.getName());

    private static final FudlrComponents BUILT_IN = new FudlrComponents(MetricRegistry.standard(), index(BuiltIns.curvatures(), CurvatureBackend::name),
                                                                        index(BuiltIns.solvers(), SolverFactory::name),
                                                                        index(BuiltIns.backbones(), BackboneFactory::name), List.of());

    /** The view of the last container seen by {@link #current()}. */
    private static WeakReference<Object> cachedContainer = new WeakReference<>(null);
    private static FudlrComponents cachedView;

    private final MetricRegistry metrics;
    private final Map<String, CurvatureBackend> curvatures;
    private final Map<String, SolverFactory> solvers;
    private final Map<String, BackboneFactory> backbones;
    private final List<String> contributions;

    private FudlrComponents(MetricRegistry metrics, Map<String, CurvatureBackend> curvatures, Map<String, SolverFactory> solvers,
                            Map<String, BackboneFactory> backbones, List<String> contributions) {
        this.metrics = metrics;
        this.curvatures = Collections.unmodifiableMap(new LinkedHashMap<>(curvatures));
        this.solvers = Collections.unmodifiableMap(new LinkedHashMap<>(solvers));
        this.backbones = Collections.unmodifiableMap(new LinkedHashMap<>(backbones));
        this.contributions = List.copyOf(contributions);
    }

    /**
     * The built-in components only (no container).
     * @return the shared instance.
     */
    public static FudlrComponents builtIn() {
        return BUILT_IN;
    }

    /**
     * The components of the running CDI container merged with the built-ins, or {@link #builtIn()} when no
     * container runs (or CDI cannot tell which one: several Weld SE containers at once).
     * @return the view.
     * @throws IllegalStateException if the container's beans clash with each other or with the built-ins.
     */
    public static FudlrComponents current() {
        CDI<Object> container;
        try {
            container = CDI.current();
        } catch (IllegalStateException e) {
            logger.finest(() -> "No CDI container: built-in components only (" + e.getMessage() + ")");
            return BUILT_IN;
        }
        synchronized (FudlrComponents.class) {
            if (cachedContainer.get() != container || cachedView == null) {
                cachedView = fromContainer(container);
                cachedContainer = new WeakReference<>(container);
            }
            return cachedView;
        }
    }

    /**
     * The components of a container's beans merged with the built-ins.
     * @param beans the container's beans (for example {@code CDI.current()}, or an injected {@code @Any Instance<Object>}).
     * @return the view.
     * @throws IllegalStateException if the beans clash with each other or with the built-ins.
     */
    public static FudlrComponents fromContainer(Instance<Object> beans) {
        List<String> contributions = new ArrayList<>();
        MetricRegistry registry = MetricRegistry.standard();
        for (Instance.Handle<MetricFamily> h : handles(beans, MetricFamily.class)) {
            MetricFamily family = h.get();
            registry = withFamily(registry, family, h.getBean());
            contributions.add("metric family " + family.names() + " from " + h.getBean().getBeanClass().getName());
        }
        for (Instance.Handle<FairnessMetric> h : handles(beans, FairnessMetric.class)) {
            FairnessMetric metric = h.get();
            registry = withFamily(registry, fixedFamily(metric, h.getBean()), h.getBean());
            contributions.add("metric " + metric.name() + " from " + h.getBean().getBeanClass().getName());
        }
        Map<String, CurvatureBackend> curvatures = merge(BUILT_IN.curvatures, handles(beans, CurvatureBackend.class), CurvatureBackend::name,
                                                         "curvature backend", contributions);
        Map<String, SolverFactory> solvers = merge(BUILT_IN.solvers, handles(beans, SolverFactory.class), SolverFactory::name, "solver",
                                                   contributions);
        Map<String, BackboneFactory> backbones = merge(BUILT_IN.backbones, handles(beans, BackboneFactory.class), BackboneFactory::name,
                                                       "backbone", contributions);
        if (!contributions.isEmpty()) {
            logger.info("CDI beans merged with the built-in components: " + contributions);
        }
        return new FudlrComponents(registry, curvatures, solvers, backbones, contributions);
    }

    /** Non-built-in beans of a type, in a stable order (by bean class, then name). */
    private static <T> List<Instance.Handle<T>> handles(Instance<Object> beans, Class<T> type) {
        return StreamSupport.stream(beans.select(type, Any.Literal.INSTANCE).handles().spliterator(), false)
            .filter(h -> h.getBean().getQualifiers().stream().noneMatch(q -> q.annotationType() == BuiltIn.class))
            .sorted(Comparator.comparing((Instance.Handle<T> h) -> h.getBean().getBeanClass().getName())
                        .thenComparing(h -> String.valueOf(h.getBean().getName())))
            .collect(Collectors.toList());
    }

    private static MetricRegistry withFamily(MetricRegistry registry, MetricFamily family, Bean<?> bean) {
        try {
            return registry.with(family);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CDI bean " + bean.getBeanClass().getName() + " cannot be added as a metric: " + e.getMessage(), e);
        }
    }

    /** A family of one metric: its own name, or the family name alone. */
    private static MetricFamily fixedFamily(FairnessMetric metric, Bean<?> bean) {
        String cls = bean.getBeanClass().getName();
        MetricSpec own;
        try {
            own = MetricSpec.parse(metric.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CDI bean " + cls + " has a metric name that is not family[@K][:argument][;key=value]: " + e.getMessage(), e);
        }
        if (bean.getName() != null && !bean.getName().equals(own.family())) {
            throw new IllegalStateException("CDI bean " + cls + " is @Named(\"" + bean.getName() + "\") but its metric name '" + metric.name()
                                            + "' has family '" + own.family() + "'; the two must agree (or leave out @Named)");
        }
        return MetricFamily.of(List.of(own.family()), metric.name(), "The metric of CDI bean " + cls + ".", spec -> {
            if (spec.equals(own) || (spec.k() == null && spec.argument() == null && spec.params().isEmpty())) {
                return metric;
            }
            throw new IllegalArgumentException("Metric '" + spec + "' is provided by CDI bean " + cls + ", which only provides '"
                                               + metric.name() + "'");
        });
    }

    private static <T> Map<String, T> merge(Map<String, T> builtIn, List<Instance.Handle<T>> handles, Function<T, String> name,
                                            String what, List<String> contributions) {
        Map<String, T> out = new LinkedHashMap<>(builtIn);
        Map<String, String> provider = new LinkedHashMap<>();
        builtIn.keySet().forEach(k -> provider.put(k, "the built-ins"));
        for (Instance.Handle<T> h : handles) {
            T component = h.get();
            String n = name.apply(component);
            String cls = h.getBean().getBeanClass().getName();
            if (n == null || !n.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalStateException("CDI bean " + cls + " has " + what + " name '" + n + "'; names are lower case letters, digits and dashes");
            }
            if (h.getBean().getName() != null && !h.getBean().getName().equals(n)) {
                throw new IllegalStateException("CDI bean " + cls + " is @Named(\"" + h.getBean().getName() + "\") but its " + what
                                                + " name is '" + n + "'; the two must agree (or leave out @Named)");
            }
            String previous = provider.putIfAbsent(n, cls);
            if (previous != null) {
                throw new IllegalStateException("The " + what + " name '" + n + "' is provided twice: by " + previous + " and by CDI bean " + cls);
            }
            out.put(n, component);
            contributions.add(what + " " + n + " from " + cls);
        }
        return out;
    }

    private static <T> Map<String, T> index(List<T> components, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T c : components) {
            out.put(name.apply(c), c);
        }
        return out;
    }

    /** @return the metric registry (built-ins, ServiceLoader families and container beans). */
    public MetricRegistry metrics() {
        return metrics;
    }

    /**
     * A metric by name.
     * @param name for example {@code "mgu@10"} or a composite.
     * @return the metric.
     * @throws IllegalArgumentException if the name is not understood (the message lists the known families).
     */
    public FairnessMetric metric(String name) {
        return metrics.parse(name);
    }

    /**
     * A curvature backend by name.
     * @param name the name.
     * @return the backend.
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones).
     */
    public CurvatureBackend curvature(String name) {
        return lookup(curvatures, name, "curvature backend");
    }

    /**
     * A solver by name.
     * @param name the name.
     * @return the solver factory.
     * @throws IllegalArgumentException for an unknown name.
     */
    public SolverFactory solver(String name) {
        return lookup(solvers, name, "inverse-HVP solver");
    }

    /**
     * A backbone by name.
     * @param name the name.
     * @return the backbone factory.
     * @throws IllegalArgumentException for an unknown name.
     */
    public BackboneFactory backbone(String name) {
        return lookup(backbones, name, "backbone");
    }

    private static <T> T lookup(Map<String, T> map, String name, String what) {
        T t = name == null ? null : map.get(name.trim());
        if (t == null) {
            throw new IllegalArgumentException("Unknown " + what + " '" + name + "'; known: " + map.keySet());
        }
        return t;
    }

    /** @return the curvature backend names, built-ins first. */
    public Set<String> curvatureNames() {
        return curvatures.keySet();
    }

    /** @return the solver names, built-ins first. */
    public Set<String> solverNames() {
        return solvers.keySet();
    }

    /** @return the backbone names, built-ins first. */
    public Set<String> backboneNames() {
        return backbones.keySet();
    }

    /** @return what container beans added, one line each (empty for {@link #builtIn()}). */
    public List<String> contributions() {
        return contributions;
    }

    @Override
    public String toString() {
        return "FudlrComponents(metrics=" + metrics.familyNames() + ", curvatures=" + curvatures.keySet() + ", solvers=" + solvers.keySet()
               + ", backbones=" + backbones.keySet() + (contributions.isEmpty() ? "" : ", from CDI " + contributions) + ")";
    }
}
