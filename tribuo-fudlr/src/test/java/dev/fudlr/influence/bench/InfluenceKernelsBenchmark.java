/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.ParameterSpace;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.model.DjlRecommenderModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JMH kernels of the influence engine on one batch of 256 samples of the tiny LoRA transformer (synthetic data,
 * 200 items): a batch gradient (the reference), per-sample gradients, one exact Hessian-vector product, one CG
 * iteration, and a plain matmul the size of the model's output layer (batch x width times width x items).
 * The ratios to {@link #gradient} and {@link #matmul} come from one run, so they share the machine's state.
 * <p>
 * Run (never part of {@code mvn verify}):
 * {@code mvn -B -q -o -pl tribuo-fudlr test-compile exec:exec -Djmh.args=InfluenceKernelsBenchmark}, or
 * {@link #main} on the test class path, which runs the same benchmarks and then prints every kernel's ratio to
 * {@link #gradient} and to {@link #matmul} computed from that one run (JMH options such as {@code -wi 2 -i 3} pass
 * through).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
public class InfluenceKernelsBenchmark {

    private static final int BATCH = 256;

    private DjlRecommenderModel model;
    private GradientEngine engine;
    private SampleLoss loss;
    private int[] batch;
    private NDArray direction;
    private CurvatureOperator hessian;
    private ConjugateGradientSolver oneIteration;
    private NDManager matmulManager;
    private NDArray hidden;
    private NDArray items;

    /** Trains the tiny model once per fork (a few seconds) and prepares the kernels' inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        SampleSplits splits = new SampleBuilder().build(SyntheticGenerator.generate(42).ratings());
        model = InfluenceBenchmark.tiny().pretrainEpochs(1).epochs(1)
            .build().trainTransformer(InfluenceBenchmark.dataset(splits.train()));
        ParameterSpace space = RecommenderObjectives.space(model);
        engine = new GradientEngine(space, model.manager(), BATCH);
        loss = RecommenderObjectives.loss(model, splits.train());
        batch = Arrays.copyOf(Curvatures.subsample(splits.train().size(), BATCH, 1), BATCH);
        direction = engine.gradient(loss, batch, 1.0 / BATCH, null);
        hessian = Curvatures.create("exact", engine, loss, batch, 0.0);
        // A tolerance no solve reaches, capped at one iteration: the cost of one CG step.
        oneIteration = new ConjugateGradientSolver(1e-30, 1);
        engine.setExactProductBudget(Long.MAX_VALUE);
        matmulManager = model.manager().newSubManager();
        int width = model.config().embeddingDim();
        hidden = matmulManager.randomNormal(new ai.djl.ndarray.types.Shape(BATCH, width));
        items = matmulManager.randomNormal(new ai.djl.ndarray.types.Shape(width, model.items().size()));
    }

    /** Frees native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        matmulManager.close();
        engine.close();
        model.close();
    }

    /** Reference: gradient of the summed loss over the batch (one forward + one backward). */
    @Benchmark
    public void gradient(Blackhole bh) {
        try (NDArray g = engine.gradient(loss, batch, 1.0, null)) {
            bh.consume(g.getShape());
        }
    }

    /** All 256 per-sample gradients in one backward pass (LoRA stack trick). */
    @Benchmark
    public void perSampleGradients(Blackhole bh) {
        engine.perSampleGradients(loss, batch, null, (sample, row) -> bh.consume(row));
    }

    /** One exact Hessian-vector product over the batch (double backward). */
    @Benchmark
    public void exactHvp(Blackhole bh) {
        for (NDArray hv : hessian.apply(direction)) {
            bh.consume(hv.getShape());
            hv.close();
        }
    }

    /** One conjugate-gradient iteration (one product plus the vector updates) with damping 0.1. */
    @Benchmark
    public void cgIteration(Blackhole bh) {
        bh.consume(oneIteration.solve(hessian, 0.1, direction));
    }

    /** A plain matmul of the output layer's size: (batch x width) x (width x items). */
    @Benchmark
    public void matmul(Blackhole bh) {
        try (NDArray r = hidden.matMul(items)) {
            bh.consume(r.toFloatArray()[0]);
        }
    }

    /**
     * Runs the kernels with JMH and prints each one's ratio to the batch gradient and to the matmul of the same run.
     * @param args JMH command-line options (e.g. {@code -wi 2 -i 3 -r 1}); the include pattern is this class.
     * @throws RunnerException if JMH fails.
     * @throws CommandLineOptionException if an option is malformed.
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
            .include(InfluenceKernelsBenchmark.class.getName() + ".").build()).run();
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.') + 1),
                       new double[]{r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        System.out.println(ratioTable(scores));
    }

    /**
     * A Markdown table of kernel times with their ratios to {@code gradient} and {@code matmul} (when present).
     * @param scores kernel name to {mean ms/op, 99.9% error}.
     * @return the table.
     */
    static String ratioTable(Map<String, double[]> scores) {
        double grad = scores.containsKey("gradient") ? scores.get("gradient")[0] : Double.NaN;
        double mm = scores.containsKey("matmul") ? scores.get("matmul")[0] : Double.NaN;
        StringBuilder sb = new StringBuilder("| kernel | ms/op (± 99.9% CI) | ratio to batch gradient | ratio to matmul |\n|---|---:|---:|---:|\n");
        scores.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %.3f ± %.3f | %.2fx | %.1fx |%n", k, v[0], v[1], v[0] / grad, v[0] / mm)));
        return sb.toString();
    }
}
