/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fudlr.data.MovieLensReader;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceCalculator;
import dev.fudlr.influence.ParameterSpace;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SolveResult;
import dev.fudlr.influence.Vectors;
import dev.fudlr.influence.WoodburySolver;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.minilm.MiniLmRecommenderModel;
import dev.fudlr.model.minilm.MiniLmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Influence-engine benchmark: (1) LoRA fidelity on a tiny transformer trained on synthetic data (predicted vs actual
 * validation-loss change after warm-started re-optimisation without the removed samples), (2) cost figures on
 * ML-100K with the selected backbone: for the tiny transformer per-sample gradient throughput, HVP/gradient ratio,
 * CG and block CG, Woodbury, all per-sample scores vs one LoRA training epoch; for MiniLM-LoRA (the full 6-layer
 * pretrained encoder unless told otherwise) batch gradient, exact HVP and per-sample gradients on the same batch,
 * in the same run. Peak RSS last. Prints Markdown tables.
 * <p>
 * Arguments: {@code [ml100kDir] [--skip-fidelity] [--skip-ml100k] [--backbone=tiny|minilm] [--minilm-layers=6]
 * [--minilm-batch=64]}; the directory defaults to the system property {@code fudlr.ml100k.dir}. The trained ML-100K
 * models are cached in {@code /tmp/fudlr-influence-bench-ml100k.model} (tiny) and
 * {@code /tmp/fudlr-influence-bench-minilm-<layers>.model} (MiniLM; few-shot 128 samples x 1 epoch).
 */
public final class InfluenceBenchmark {

    static final Path CACHE = Paths.get(System.getProperty("java.io.tmpdir"), "fudlr-influence-bench-ml100k.model");
    static final List<String> rows = new ArrayList<>();

    private InfluenceBenchmark() {}

    static MutableDataset<Label> dataset(List<Example<Label>> s) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(s, f, new SimpleDataSourceProvenance("influence benchmark",
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    static void row(String what, String value, String note) {
        rows.add("| " + what + " | " + value + " | " + note + " |");
        System.out.println("  " + what + ": " + value + "  " + note);
    }

    static String f(String fmt, Object... a) {
        return String.format(Locale.ROOT, fmt, a);
    }

    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        String dir = System.getProperty("fudlr.ml100k.dir", "/work/shared/data/ml-100k");
        boolean fidelity = true;
        boolean ml = true;
        String backbone = "tiny";
        int minilmLayers = 6;
        int minilmBatch = 64;
        for (String a : args) {
            if (a.equals("--skip-fidelity")) {
                fidelity = false;
            } else if (a.equals("--skip-ml100k")) {
                ml = false;
            } else if (a.startsWith("--backbone=")) {
                backbone = a.substring("--backbone=".length());
                if (!backbone.equals("tiny") && !backbone.equals("minilm")) {
                    throw new IllegalArgumentException("--backbone must be tiny or minilm, got " + backbone);
                }
            } else if (a.startsWith("--minilm-layers=")) {
                minilmLayers = Integer.parseInt(a.substring("--minilm-layers=".length()));
            } else if (a.startsWith("--minilm-batch=")) {
                minilmBatch = Integer.parseInt(a.substring("--minilm-batch=".length()));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("Unknown option " + a);
            } else {
                dir = a;
            }
        }
        if (fidelity) {
            loraFidelity();
        }
        if (ml && backbone.equals("tiny")) {
            ml100k(Paths.get(dir));
        } else if (ml) {
            ml100kMiniLm(Paths.get(dir), minilmLayers, minilmBatch);
        }
        row("peak RSS (VmHWM)", f("%.0f MB", peakRss() / 1048576.0), "whole JVM incl. libtorch");
        System.out.println();
        System.out.println("| measure | value | note |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
    }

    // ------------------------------------------------------------------ LoRA fidelity

    static final double WD = 1e-2;
    static final boolean DEBUG = Boolean.getBoolean("fudlr.bench.debug");

    /** Gradient of (1/n) sum_{kept} l_i + wd/2 |theta|^2 at theta. */
    static NDArray riskGradient(GradientEngine e, SampleLoss loss, int[] kept, int n, NDArray theta) {
        NDArray g = e.gradient(loss, kept, 1.0 / n, theta);
        return Vectors.axpy(g, WD, theta);
    }

    /**
     * Minimises the risk over the kept samples from start by saddle-free Newton steps with backtracking on the risk,
     * starting with preconditioner pInv (null: computed at start) and refreshing it every 10 steps. Returns the
     * minimiser (risk-gradient norm below tol).
     */
    static NDArray minimise(GradientEngine e, ParameterSpace space, SampleLoss loss, int[] kept, int n, NDArray start,
                            RealMatrix pInv, double tol) {
        NDArray theta = start.duplicate();
        RealMatrix pi = pInv;
        for (int it = 0; it < 200; it++) {
            if (pi == null || (it > 0 && it % 10 == 0)) {
                pi = saddleFreeInverse(e, space, loss, kept, n, theta, new double[1]);
            }
            NDArray g = riskGradient(e, loss, kept, n, theta);
            double gn = Vectors.norm(g);
            if (DEBUG) {
                System.out.println(f("    minimise it %d |g| %.3e risk %.12f", it, gn, risk(e, loss, kept, n, theta)));
            }
            if (gn < tol) {
                g.close();
                return theta;
            }
            double r0 = risk(e, loss, kept, n, theta);
            double[] step = pi.operate(space.toHost(g));
            g.close();
            for (double eta = 1.0; ; eta /= 2) {
                double[] scaled = new double[step.length];
                for (int j = 0; j < step.length; j++) {
                    scaled[j] = eta * step[j];
                }
                NDArray d = space.fromHost(e.vectors(), scaled);
                NDArray cand = theta.sub(d);
                d.close();
                if (risk(e, loss, kept, n, cand) <= r0 + 1e-15 || eta < 1e-3) {
                    theta.close();
                    theta = cand;
                    break;
                }
                cand.close();
            }
        }
        throw new IllegalStateException("re-optimisation did not converge");
    }

    static void loraFidelity() {
        System.out.println("LoRA fidelity (tiny transformer, synthetic data, float64)");
        long t0 = System.nanoTime();
        SyntheticGenerator.Config cfg = SyntheticGenerator.Config.defaults().withSeed(17).withSizes(40, 30, 5, 9);
        SampleSplits splits = new SampleBuilder(4, 0, 3).build(SyntheticGenerator.generate(cfg).ratings());
        List<Example<Label>> train = splits.train();
        List<Example<Label>> val = splits.validation();
        int n = train.size();
        try (DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                 .maxHistory(4).loraRank(2).loraAlpha(4).pretrainEpochs(4).epochs(4).batchSize(32).learningRate(1e-2)
                 .seed(3).device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(dataset(train))) {
            ParameterSpace space = RecommenderObjectives.space(model);
            int p = space.size();
            try (GradientEngine e = new GradientEngine(space, model.manager(), 256)) {
                e.setExactProductBudget(1_000_000);
                SampleLoss trainLoss = RecommenderObjectives.loss(model, train);
                SampleLoss valLoss = RecommenderObjectives.loss(model, val);
                int[] all = GradientEngine.range(n);
                // Saddle-free Newton from the Adam point to a stationary point of the risk; its preconditioner is the
                // first one used by every warm-started re-optimisation.
                double[] evAdam = new double[1];
                RealMatrix p0 = saddleFreeInverse(e, space, trainLoss, all, n, e.theta(), evAdam);
                double minEv = evAdam[0];
                NDArray thetaStar = minimise(e, space, trainLoss, all, n, e.theta(), p0, 1e-9);
                double[] evStar = new double[1];
                RealMatrix pInv = saddleFreeInverse(e, space, trainLoss, all, n, thetaStar, evStar);
                space.set(thetaStar);
                // Hessian at the optimum for reporting.
                double baseVal = e.meanLoss(valLoss, GradientEngine.range(val.size()), null);
                NDArray q = e.gradient(valLoss, GradientEngine.range(val.size()), 1.0 / val.size(), null);
                CurvatureOperator hess = Curvatures.create("exact", e, trainLoss, all, WD);
                InfluenceCalculator calc = new InfluenceCalculator(e, trainLoss, hess, new ConjugateGradientSolver(1e-8, 500), 0.0);
                SolveResult solved = calc.solve(q)[0];
                double[] score = Arrays.stream(calc.removalScores(all, GradientEngine.DirectionalMode.EXACT, solved.solution()))
                    .mapToDouble(r -> r[0]).toArray();
                List<int[]> sets = new ArrayList<>();
                Random rng = new Random(5);
                for (int s = 0; s < 10; s++) {
                    sets.add(new int[]{rng.nextInt(n)});
                }
                for (int s = 0; s < 10; s++) {
                    sets.add(Curvatures.subsample(n, 3 + rng.nextInt(10), 50 + s));
                }
                Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
                Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
                for (int s = 0; s < 5; s++) {
                    int k = 2 + 2 * s;
                    sets.add(Arrays.stream(order, 0, k).mapToInt(Integer::intValue).toArray());
                    sets.add(Arrays.stream(order, n - k, n).mapToInt(Integer::intValue).toArray());
                }
                double[] pred = new double[sets.size()];
                double[] act = new double[sets.size()];
                for (int s = 0; s < sets.size(); s++) {
                    int[] removed = sets.get(s);
                    boolean[] drop = new boolean[n];
                    for (int i : removed) {
                        drop[i] = true;
                    }
                    int[] kept = IntStream.range(0, n).filter(i -> !drop[i]).toArray();
                    try (NDManager tmp = e.vectors().newSubManager()) {
                        NDArray re = minimise(e, space, trainLoss, kept, n, thetaStar, pInv, 1e-9);
                        re.attach(tmp);
                        pred[s] = InfluenceCalculator.setScore(score, removed);
                        act[s] = e.meanLoss(valLoss, GradientEngine.range(val.size()), re) - baseVal;
                    }
                }
                double sp = new SpearmansCorrelation().correlation(pred, act);
                double pe = new PearsonsCorrelation().correlation(pred, act);
                row("LoRA fidelity: removal sets", Integer.toString(sets.size()),
                    f("n = %d train, %d validation samples, %d LoRA parameters, wd %.0e; min risk-Hessian eigenvalue %.2e at the Adam point, %.2e at the optimum; CG %d iterations",
                      n, val.size(), p, WD, minEv, evStar[0], solved.iterations()));
                row("LoRA fidelity: Spearman (predicted vs actual validation-loss change)", f("%.3f", sp), "warm-started re-optimisation to |grad| < 1e-9");
                row("LoRA fidelity: Pearson", f("%.3f", pe), "");
                row("LoRA fidelity: wall time", f("%.1f s", (System.nanoTime() - t0) / 1e9), "");
            }
        }
    }

    static double risk(GradientEngine e, SampleLoss loss, int[] kept, int n, NDArray theta) {
        double s = Arrays.stream(e.losses(loss, kept, theta)).sum() / n;
        double t = Vectors.norm(theta);
        return s + 0.5 * WD * t * t;
    }

    /** (|H| clipped at wd)^-1 of the dense risk Hessian at theta (p exact products in one call); evOut gets lambda_min. */
    static RealMatrix saddleFreeInverse(GradientEngine e, ParameterSpace space, SampleLoss loss, int[] kept, int n,
                                        NDArray theta, double[] evOut) {
        int p = space.size();
        NDArray[] units = new NDArray[p];
        for (int j = 0; j < p; j++) {
            double[] u = new double[p];
            u[j] = 1;
            units[j] = space.fromHost(e.vectors(), u);
        }
        // Risk Hessian (1/n) sum_{kept} H_i + wd I: the operator averages over its sample, so rescale by |kept|/n.
        NDArray[] cols = new Curvatures.ExactHessian(e, loss, kept, 0.0, theta).apply(units);
        double[][] h = new double[p][];
        for (int j = 0; j < p; j++) {
            h[j] = space.toHost(cols[j]);
            for (int i = 0; i < p; i++) {
                h[j][i] = h[j][i] * kept.length / n + (i == j ? WD : 0);
            }
            cols[j].close();
            units[j].close();
        }
        RealMatrix hm = new Array2DRowRealMatrix(h);
        hm = hm.add(hm.transpose()).scalarMultiply(0.5);
        EigenDecomposition eig = new EigenDecomposition(hm);
        double[] ev = eig.getRealEigenvalues();
        evOut[0] = Arrays.stream(ev).min().orElse(0);
        // Absolute eigenvalues (saddle-free); the floor only guards exact zeros (LoRA scale symmetry is weakly curved).
        double[] inv = Arrays.stream(ev).map(x -> 1.0 / Math.max(Math.abs(x), 1e-8)).toArray();
        return eig.getV().multiply(new Array2DRowRealMatrix(diag(inv))).multiply(eig.getVT());
    }

    static double[][] diag(double[] d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            m[i][i] = d[i];
        }
        return m;
    }

    // ------------------------------------------------------------------ ML-100K costs

    static LmRecommenderTrainer.Builder tiny() {
        return LmRecommenderTrainer.builder().embeddingDim(32).numLayers(2).numHeads(2).ffnDim(64).maxHistory(10)
            .loraRank(4).loraAlpha(8).batchSize(64).learningRate(3e-3).seed(11).device("cpu").dtype(Precision.FLOAT32);
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void ml100k(Path dir) throws Exception {
        System.out.println("ML-100K costs (tiny backbone, float32) from " + dir);
        SampleSplits splits = new SampleBuilder().build(MovieLensReader.read100k(dir));
        List<Example<Label>> train = splits.train();
        List<Example<Label>> val = splits.validation();
        // One LoRA-phase epoch of the same architecture, timed in this run (pretraining skipped: same trainable set).
        long te = System.nanoTime();
        tiny().pretrainEpochs(0).epochs(1).build().trainTransformer(dataset(train)).close();
        double epoch = seconds(te);
        DjlRecommenderModel model;
        if (Files.exists(CACHE)) {
            model = (DjlRecommenderModel) Model.deserializeFromFile(CACHE);
            System.out.println("  loaded cached model " + CACHE);
        } else {
            long tt = System.nanoTime();
            model = tiny().pretrainEpochs(2).epochs(1).build().trainTransformer(dataset(train));
            model.serializeToFile(CACHE);
            System.out.println(f("  trained (2 pretrain + 1 LoRA epochs) in %.1f s, cached to %s", seconds(tt), CACHE));
        }
        try (model) {
            // Validation targets unseen in training are outside the catalogue: they have no loss.
            int before = val.size();
            val = val.stream().filter(x -> model.items().contains(x.getOutput().getLabel())).collect(java.util.stream.Collectors.toList());
            System.out.println("  validation samples with catalogued targets: " + val.size() + " of " + before);
            ParameterSpace space = RecommenderObjectives.space(model);
            int n = train.size();
            row("ML-100K training samples / LoRA parameters", n + " / " + space.size(), "SampleBuilder defaults, history 10");
            row("one LoRA training epoch (batch 64, Adam)", f("%.1f s", epoch), "same architecture, same run");
            try (GradientEngine e = new GradientEngine(space, model.manager(), 256)) {
                SampleLoss loss = RecommenderObjectives.loss(model, train);
                SampleLoss valLoss = RecommenderObjectives.loss(model, val);
                int[] batch = Curvatures.subsample(n, 2048, 1);
                // Warm-up (JIT, allocator).
                e.gradient(loss, Arrays.copyOf(batch, 256), 1.0, null).close();
                e.perSampleGradients(loss, Arrays.copyOf(batch, 256), null, (s, r) -> { });

                long t = System.nanoTime();
                NDArray g = e.gradient(loss, batch, 1.0 / batch.length, null);
                double grad = seconds(t);
                t = System.nanoTime();
                e.perSampleGradients(loss, batch, null, (s, r) -> { });
                double per = seconds(t);
                row("batch gradient, 2048 samples", f("%.3f s", grad), "chunks of 256");
                row("per-sample gradients, 2048 samples", f("%.3f s (%.0f samples/s)", per, batch.length / per), "");
                row("per-sample / batch gradient", f("%.2fx", per / grad), "target <= 2x");

                CurvatureOperator exact = Curvatures.create("exact", e, loss, batch, 0.0);
                exact.apply(g)[0].close();
                t = System.nanoTime();
                exact.apply(g)[0].close();
                double hvp = seconds(t);
                row("exact HVP, same 2048 samples", f("%.3f s", hvp), "double backward");
                row("HVP / gradient", f("%.2fx", hvp / grad), "target <= 3x");

                NDArray q1 = e.gradient(valLoss, GradientEngine.range(val.size()), 1.0 / val.size(), null);
                int half = val.size() / 2;
                NDArray q2 = e.gradient(valLoss, GradientEngine.range(half), 1.0 / half, null);
                NDArray q3 = e.gradient(valLoss, IntStream.range(half, val.size()).toArray(), 1.0 / (val.size() - half), null);
                ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-4, 300);
                t = System.nanoTime();
                SolveResult one = cg.solve(exact, 0.1, q1)[0];
                double cg1 = seconds(t);
                row("CG to 1e-4, damping 0.1, 1 RHS", f("%.2f s, %d iterations", cg1, one.iterations()),
                    f("Hessian sample 2048, converged %s, residual %.1e", one.converged(), one.relativeResidual()));
                t = System.nanoTime();
                SolveResult[] three = cg.solve(exact, 0.1, q1, q2, q3);
                double cg3 = seconds(t);
                row("block CG, 3 RHS", f("%.2f s, iterations %d/%d/%d", cg3, three[0].iterations(), three[1].iterations(),
                                           three[2].iterations()), f("%.2fx the 1-RHS time", cg3 / cg1));

                for (int m : new int[]{1000, 10000}) {
                    int[] sample = Curvatures.subsample(n, m, 2);
                    t = System.nanoTime();
                    Curvatures.EmpiricalFisher fisher = (Curvatures.EmpiricalFisher) Curvatures.create("fisher", e, loss, sample, 0.0);
                    double build = seconds(t);
                    t = System.nanoTime();
                    SolveResult w = new WoodburySolver().solve(fisher, 0.1, q1)[0];
                    double solve = seconds(t);
                    row("Woodbury, Fisher on n = " + m, f("%.2f s build + %.2f s solve", build, solve),
                        f("residual %.1e (per-sample gradients + %dx%d Gram inverse)", w.relativeResidual(), m, m));
                    w.solution().close();
                    fisher.release();
                }

                t = System.nanoTime();
                double[][] scores = new InfluenceCalculator(e, loss, exact, cg, 0.1)
                    .removalScores(GradientEngine.range(n), GradientEngine.DirectionalMode.EXACT,
                                   three[0].solution(), three[1].solution(), three[2].solution());
                double all = seconds(t);
                row("all per-sample scores a_ik, 3 queries, " + scores.length + " samples", f("%.1f s", all),
                    f("%.2f epochs (target <= 1.5)", all / epoch));
                row("exact products used (engine)", Long.toString(e.exactProductCount()), "");
            }
        }
    }

    // ------------------------------------------------------------------ ML-100K costs, MiniLM-LoRA backbone

    /** Samples per forward/backward chunk on MiniLM (activations of 16 prompts of up to 96 tokens). */
    static final int MINILM_CHUNK = 16;

    /** Timed gradient + HVP rounds on MiniLM (the median ratio is reported). */
    static final int MINILM_ROUNDS = 3;

    static void ml100kMiniLm(Path dir, int layers, int m) throws Exception {
        System.out.println("ML-100K costs (MiniLM-LoRA backbone, " + layers + " layers, float32) from " + dir);
        SampleSplits splits = new SampleBuilder().build(MovieLensReader.read100k(dir));
        List<Example<Label>> train = splits.train();
        Path cache = Paths.get(System.getProperty("java.io.tmpdir"), "fudlr-influence-bench-minilm-" + layers + ".model");
        MiniLmRecommenderModel model;
        if (Files.exists(cache)) {
            model = (MiniLmRecommenderModel) Model.deserializeFromFile(cache);
            System.out.println("  loaded cached model " + cache);
        } else {
            // Few-shot training only moves the adapters off their initialisation (B = 0): costs below do not depend
            // on the parameter values, only on the graph.
            long tt = System.nanoTime();
            model = new MiniLmRecommenderTrainer(splits.ratings().items(), layers, 128, 1, 16, 1e-3, 1L).train(dataset(train));
            model.serializeToFile(cache);
            System.out.println(f("  trained (128 samples x 1 epoch) in %.1f s, cached to %s", seconds(tt), cache));
        }
        try (model) {
            model.device(); // build the network (base import, item embeddings) outside the timings
            ParameterSpace space = RecommenderObjectives.space(model);
            int n = train.size();
            int[] batch = Curvatures.subsample(n, m, 1);
            List<Example<Label>> batchSamples = new ArrayList<>();
            for (int i : batch) {
                batchSamples.add(train.get(i));
            }
            double tokens = Arrays.stream(model.runtime().tokenize(model.prompts(batchSamples))).mapToInt(t -> t.length).average().orElse(0);
            row("MiniLM: encoder layers / trainable parameters", layers + " / " + space.size(),
                f("LoRA r = %d on query and value + item bias; %s; device %s", model.spec().loraRank(), space.dataType(),
                  model.device()));
            row("MiniLM: batch", f("%d training samples, mean %.1f prompt tokens", m, tokens),
                f("chunks of %d, max %d tokens", MINILM_CHUNK, model.spec().maxTokens()));
            try (GradientEngine e = new GradientEngine(space, model.manager(), MINILM_CHUNK)) {
                SampleLoss loss = RecommenderObjectives.loss(model, train);
                int[] warm = Arrays.copyOf(batch, Math.min(MINILM_CHUNK, batch.length));
                NDArray gw = e.gradient(loss, warm, 1.0 / warm.length, null);
                Curvatures.create("exact", e, loss, warm, 0.0).apply(gw)[0].close();
                gw.close();
                CurvatureOperator exact = Curvatures.create("exact", e, loss, batch, 0.0);
                double[] ratios = new double[MINILM_ROUNDS];
                for (int round = 1; round <= MINILM_ROUNDS; round++) {
                    long t = System.nanoTime();
                    NDArray g = e.gradient(loss, batch, 1.0 / batch.length, null);
                    double grad = seconds(t);
                    t = System.nanoTime();
                    NDArray hv = exact.apply(g)[0];
                    double hvp = seconds(t);
                    double gn = Vectors.norm(g);
                    double curv = Vectors.dot(g, hv) / (gn * gn);
                    hv.close();
                    g.close();
                    row("MiniLM round " + round + ": batch gradient", f("%.2f s", grad), f("%d samples", batch.length));
                    row("MiniLM round " + round + ": exact HVP (same samples)", f("%.2f s", hvp),
                        f("double backward; Rayleigh quotient g.Hg/|g|^2 = %.3e", curv));
                    row("MiniLM round " + round + ": HVP / gradient", f("%.2fx", hvp / grad), "");
                    ratios[round - 1] = hvp / grad;
                }
                Arrays.sort(ratios);
                row("MiniLM: HVP / gradient, median of " + MINILM_ROUNDS + " rounds", f("%.2fx", ratios[MINILM_ROUNDS / 2]),
                    f("range %.2f-%.2fx; target <= 3x", ratios[0], ratios[MINILM_ROUNDS - 1]));
                if (exact instanceof Curvatures.ExactHessian eh) {
                    // The create_graph reference cycle retains each product's graph: measure it on this model.
                    row("MiniLM: resident memory growth per exact HVP", f("%.0f MB", eh.residentGrowthBytes() / 1048576.0 / MINILM_ROUNDS),
                        f("VmRSS after - before, mean of %d products on %d samples (GC noise included)", MINILM_ROUNDS, batch.length));
                }
                boolean stacked = loss.supportsPerSampleParameters();
                long t = System.nanoTime();
                e.perSampleGradients(loss, batch, null, (s, r) -> { });
                double per = seconds(t);
                row("MiniLM: per-sample gradients (same samples)", f("%.2f s (%.1f samples/s)", per, batch.length / per),
                    stacked ? "per-sample LoRA and bias stacks, one backward pass per chunk" : "one sample at a time");
                row("MiniLM: exact products used (engine)", Long.toString(e.exactProductCount()), "");
            }
        }
    }
}
