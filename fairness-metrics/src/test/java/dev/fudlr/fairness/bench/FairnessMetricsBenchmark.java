/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.bench;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSuite;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Every exact metric at K = 10 on a MovieLens-1M-sized audit (6,040 users x 3,706 items, about 165 history
 * items per user, excluded from recommendations), against a plain top-K selection over the same matrix
 * with the same exclusions; plus two surrogates with gradients for reference.
 * <p>
 * Run: {@code mvn -pl fairness-metrics test-compile exec:exec} (see docs/benchmarks.md). Synthetic, seeded
 * data: the cost does not depend on the values, only on the shapes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
public class FairnessMetricsBenchmark {

    static final int USERS = 6040;
    static final int ITEMS = 3706;
    static final int K = 10;

    /** Every metric family at K = 10 (composite included), as a user would name them. */
    static final List<String> ALL = List.of("hr@10", "ndcg@10", "recall@10", "mrr@10", "gu@10:pop1", "mgu@10", "dgu@10", "arp@10", "aplt@10",
            "gini@10", "coverage@10", "ndcg-gap@10:gender", "hr-gap@10:age;agg=mad", "ndcg-gap@10:gender*age", "exposure-parity@10:gender",
            "impact-ratio@10:age", "item-exposure@10", "0.5*mgu@10/0.08+0.5*ndcg-gap@10:gender/0.02");

    ScoreMatrix scores;
    AuditData audit;
    int[][] exclusions;
    MetricSuite suite;
    Surrogate mguSurrogate;
    Surrogate gapSurrogate;

    /**
     * Builds the synthetic audit.
     */
    @Setup
    public void setUp() {
        Object[] d = data(new Random(20260101L));
        scores = (ScoreMatrix) d[0];
        audit = (AuditData) d[1];
        exclusions = audit.exclusionsArray();
        suite = MetricSuite.of(MetricRegistry.standard().parseAll(ALL));
        mguSurrogate = MetricRegistry.standard().parse("mgu@10").surrogate(SurrogateSettings.DEFAULT);
        gapSurrogate = MetricRegistry.standard().parse("ndcg-gap@10:gender").surrogate(SurrogateSettings.DEFAULT);
    }

    static Object[] data(Random rng) {
        long[] counts = new long[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            counts[i] = 1 + (long) (3000.0 / Math.pow(i + 1, 0.9));
        }
        double[] s = new double[USERS * ITEMS];
        int[][] history = new int[USERS][];
        int[] targets = new int[USERS];
        String[] gender = new String[USERS];
        String[] age = new String[USERS];
        String[] ageCodes = {"1", "18", "25", "35", "45", "50", "56"};
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                s[u * ITEMS + i] = (float) (rng.nextGaussian() + 2.0 / Math.sqrt(1 + i));
            }
            int h = 20 + rng.nextInt(290);
            LinkedHashSet<Integer> set = new LinkedHashSet<>();
            while (set.size() < h) {
                set.add(rng.nextInt(ITEMS));
            }
            history[u] = set.stream().mapToInt(Integer::intValue).toArray();
            int t;
            do {
                t = rng.nextInt(ITEMS);
            } while (set.contains(t));
            targets[u] = t;
            gender[u] = rng.nextDouble() < 0.28 ? "F" : "M";
            age[u] = dev.fudlr.fairness.data.AgeBuckets.DEFAULT.apply(ageCodes[rng.nextInt(ageCodes.length)]);
        }
        AuditData audit = AuditData.builder(USERS, ITEMS).targets(targets).history(history).excludeHistory().itemCounts(counts)
                .attribute("gender", gender).attribute("age", age).build();
        return new Object[]{ScoreMatrix.ofFlat(s, USERS, ITEMS), audit};
    }

    /**
     * The baseline: exact top-10 of every user, history excluded.
     * @return the lists.
     */
    @Benchmark
    public TopKLists topK() {
        return TopKLists.fromScores(scores, K, exclusions);
    }

    /**
     * Every metric: the same top-10 selection plus all metric computations.
     * @return the results.
     */
    @Benchmark
    public Map<String, MetricResult> allMetrics() {
        return suite.evaluate(scores, audit);
    }

    /**
     * MGU@10 surrogate value and gradient (6040 x 3706 doubles).
     * @return the result.
     */
    @Benchmark
    public SurrogateResult surrogateMgu() {
        return mguSurrogate.evaluate(scores, audit);
    }

    /**
     * NDCG@10 gender-gap surrogate value and gradient.
     * @return the result.
     */
    @Benchmark
    public SurrogateResult surrogateNdcgGap() {
        return gapSurrogate.evaluate(scores, audit);
    }

    /**
     * Prints the metric values once (a smoke run without JMH).
     * @param args ignored.
     */
    public static void main(String[] args) {
        FairnessMetricsBenchmark b = new FairnessMetricsBenchmark();
        b.setUp();
        long t0 = System.nanoTime();
        b.topK();
        long t1 = System.nanoTime();
        Map<String, MetricResult> r = b.allMetrics();
        long t2 = System.nanoTime();
        for (MetricResult m : r.values()) {
            System.out.println(m.name() + " = " + m.value());
        }
        System.out.printf("topK %.1f ms, all metrics %.1f ms (cold)%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        for (FairnessMetric m : b.suite.metrics()) {
            if (m.hasSurrogate()) {
                long a = System.nanoTime();
                double v = m.surrogate(SurrogateSettings.DEFAULT).value(b.scores, b.audit);
                System.out.printf("surrogate %s = %.6f (%.0f ms)%n", m.name(), v, (System.nanoTime() - a) / 1e6);
            }
        }
    }
}
