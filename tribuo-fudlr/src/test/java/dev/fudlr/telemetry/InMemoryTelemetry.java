/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test support: an SDK with an in-memory span exporter and metric reader, and queries over what they hold.
 */
public final class InMemoryTelemetry implements AutoCloseable {

    /** The exporter (spans arrive when they end). */
    public final InMemorySpanExporter spans = InMemorySpanExporter.create();
    /** The metric reader. */
    public final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    /** The SDK. */
    public final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build();

    /** @return the finished spans, by start time. */
    public List<SpanData> finished() {
        List<SpanData> out = new ArrayList<>(spans.getFinishedSpanItems());
        out.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
        return out;
    }

    /**
     * Finished spans with a name.
     * @param name the span name.
     * @return them, by start time.
     */
    public List<SpanData> named(String name) {
        return finished().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    }

    /**
     * The one finished span with a name.
     * @param name the span name.
     * @return the span.
     */
    public SpanData single(String name) {
        List<SpanData> l = named(name);
        if (l.size() != 1) {
            throw new AssertionError("Expected one span " + name + ", found " + l.size() + " in " + names(finished()));
        }
        return l.get(0);
    }

    /**
     * The children of a span, by start time.
     * @param parent the parent.
     * @return its children.
     */
    public List<SpanData> children(SpanData parent) {
        return finished().stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())
                                               && s.getTraceId().equals(parent.getTraceId())).collect(Collectors.toList());
    }

    /**
     * Span names.
     * @param spans spans.
     * @return their names, in order.
     */
    public static List<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).collect(Collectors.toList());
    }

    /**
     * Collects the metrics now (cumulative since the SDK started).
     * @return the metrics.
     */
    public List<MetricData> collect() {
        return new ArrayList<>(metrics.collectAllMetrics());
    }

    /**
     * The sum of a long counter over the points matching some attributes.
     * @param collected collected metrics.
     * @param name the metric name.
     * @param match attributes every counted point must have (empty = all points).
     * @return the sum, 0 if absent.
     */
    public static long counter(List<MetricData> collected, String name, Attributes match) {
        long sum = 0;
        for (MetricData m : collected) {
            if (m.getName().equals(name)) {
                for (LongPointData p : m.getLongSumData().getPoints()) {
                    if (contains(p.getAttributes(), match)) {
                        sum += p.getValue();
                    }
                }
            }
        }
        return sum;
    }

    /**
     * The number of recordings of a histogram over the points matching some attributes.
     * @param collected collected metrics.
     * @param name the metric name.
     * @param match attributes every counted point must have.
     * @return the count, 0 if absent.
     */
    public static long histogramCount(List<MetricData> collected, String name, Attributes match) {
        long count = 0;
        for (MetricData m : collected) {
            if (m.getName().equals(name)) {
                for (HistogramPointData p : m.getHistogramData().getPoints()) {
                    if (contains(p.getAttributes(), match)) {
                        count += p.getCount();
                    }
                }
            }
        }
        return count;
    }

    private static boolean contains(Attributes all, Attributes match) {
        return match.asMap().entrySet().stream().allMatch(e -> e.getValue().equals(all.get(e.getKey())));
    }

    @Override
    public void close() {
        sdk.close();
    }
}
