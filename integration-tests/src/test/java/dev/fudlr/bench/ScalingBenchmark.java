/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.debias.FudlrStage;
import ai.djl.ndarray.NDArray;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.ScoreFunction;
import dev.fudlr.influence.SolveResult;
import dev.fudlr.influence.Vectors;
import dev.fudlr.influence.WoodburySolver;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.reliability.MemoryBudget;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Scaling benchmark of FUDLR (issue 8): the cost of one popularity debias (mgu@10, FUDLR defaults) per pipeline stage
 * <ol>
 *     <li>against the number of training samples n (a seeded uniform subsample of the training samples; the sizes
 *     are nested prefixes of one permutation), with the growth exponent of every stage fitted by log-log least
 *     squares;</li>
 *     <li>against the number of trainable parameters (LoRA rank) at a fixed n;</li>
 *     <li>per curvature backend at a fixed n: solve time, CG iterations and the exact audit MGU@10 change;</li>
 *     <li>the direct Woodbury solve of the Fisher backend against CG on the same operator, with its memory need.</li>
 * </ol>
 * Every FUDLR time is also given in epoch-equivalents: one LoRA epoch of the same model on the same n, timed in the
 * same run ({@code continueTraining(base, train, 1)}). FUDLR runs with {@code force=true} so that a refusal (e.g. no
 * surrogate temperature fits a weak small-n model) still runs every stage and is timed; refusals are recorded.
 * <p>
 * Usage: {@code ScalingBenchmark [--data DIR|synthetic] [--parts samples,ranks,backends,woodbury]
 * [--sizes 1000,4000,16000,all] [--ranks 4,8,16] [--rank-n 16000] [--backends fisher,identity,finite-difference,exact]
 * [--backend-n 16000] [--woodbury-m 1000,2000,4000] [--pretrain-epochs 3] [--epochs 1] [--seed 1]
 * [--model-cache DIR] [--out DIR] [--quick] [--no-warmup]}. A discarded warm-up FUDLR run at n = 1,000 precedes the
 * measured ones unless {@code --no-warmup}. {@code --quick} uses the embedded synthetic data and a small model
 * (under 2 minutes). With {@code --model-cache} the trained models are cached under the keys of {@link ModelCache}
 * (the full-data model of the default rank is the one {@link DebiasBenchmark} caches).
 */
public final class ScalingBenchmark {

    /** Stages of {@link FudlrReport#stageSeconds()} reported as columns, in pipeline order. */
    static final List<String> STAGES = FudlrStage.ids().stream()
        .filter(s -> !s.equals(FudlrStage.BASELINE_SELECTIONS.id())).toList();

    private ScalingBenchmark() {}

    /**
     * One FUDLR run with its context.
     * @param part samples, ranks or backends.
     * @param n training samples.
     * @param rank LoRA rank.
     * @param backend curvature backend.
     * @param parameters trainable parameters.
     * @param items catalogue size.
     * @param trainSeconds base training time (NaN when loaded).
     * @param epochSeconds one LoRA epoch of the same model on the same n.
     * @param totalSeconds FUDLR wall time.
     * @param stages stage seconds.
     * @param removed |S|.
     * @param iterations CG iterations of the influence solves.
     * @param damping final damping of the influence solves.
     * @param products curvature products of the influence solves.
     * @param mguBefore audit MGU@10 before.
     * @param mguAfter audit MGU@10 after.
     * @param ndcgBefore audit NDCG@10 before.
     * @param ndcgAfter audit NDCG@10 after.
     * @param predicted the surrogate's predicted change of MGU (sum of effects over S).
     * @param refusals refusal reasons (force=true), empty if none.
     * @param guardSizes the sizes of the selections the accuracy guard tried (one Newton removal and re-audit each).
     */
    record Run(String part, int n, int rank, String backend, int parameters, int items, double trainSeconds,
               double epochSeconds, double totalSeconds, Map<String, Double> stages, int removed, String iterations,
               double damping, long products, double mguBefore, double mguAfter, double ndcgBefore, double ndcgAfter,
               double predicted, String refusals, int[] guardSizes) {}

    /** One solve of the Woodbury comparison. */
    record Solve(int m, String solver, double setupSeconds, double solveSeconds, int iterations, double residual,
                 double relativeDifference, long fisherBytes, long woodburyBytes, long budgetBytes) {}

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = BenchSupport.parse(args, List.of(
            "backend-n", "backends", "data", "epochs", "model-cache", "out", "parts", "pretrain-epochs", "rank-n",
            "ranks", "seed", "sizes", "woodbury-m"), "no-warmup");
        boolean quick = opt.containsKey("quick");
        String data = opt.getOrDefault("data", quick ? "synthetic" : "../shared/data/ml-100k");
        Set<String> parts = new LinkedHashSet<>(List.of(opt.getOrDefault("parts", "samples,ranks,backends,woodbury").split(",")));
        if (!Set.of("samples", "ranks", "backends", "woodbury").containsAll(parts)) {
            throw new IllegalArgumentException("--parts takes samples, ranks, backends and/or woodbury, found " + parts);
        }
        String[] sizes = opt.getOrDefault("sizes", quick ? "500,1000,2000,all" : "1000,4000,16000,all").split(",");
        int[] ranks = ints(opt.getOrDefault("ranks", quick ? "2,4,8" : "4,8,16"));
        int rankN = Integer.parseInt(opt.getOrDefault("rank-n", quick ? "2000" : "16000"));
        String[] backends = opt.getOrDefault("backends", "fisher,identity,finite-difference,exact").split(",");
        int backendN = Integer.parseInt(opt.getOrDefault("backend-n", quick ? "2000" : "16000"));
        int[] woodburyM = ints(opt.getOrDefault("woodbury-m", quick ? "500,1000" : "1000,2000,4000"));
        int pre = Integer.parseInt(opt.getOrDefault("pretrain-epochs", quick ? "2" : "" + LmRecommenderTrainer.DEFAULT_PRETRAIN_EPOCHS));
        int ep = Integer.parseInt(opt.getOrDefault("epochs", "" + LmRecommenderTrainer.DEFAULT_EPOCHS));
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        Path cache = opt.containsKey("model-cache") ? Path.of(opt.get("model-cache")) : null;
        Path out = Path.of(opt.getOrDefault("out", "target/bench-scaling"));

        SampleSplits splits = "synthetic".equals(data)
            ? MovieLensDataSource.splits(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults()), new SampleBuilder())
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(data), new SampleBuilder());
        List<Example<Label>> allTrain = splits.train();
        int[] order = permutation(allTrain.size(), seed);
        MutableDataset<Label> validation = BenchSupport.dataset(splits.validation(), "validation");
        Setup setup = new Setup(allTrain, order, validation, pre, ep, seed, quick, cache);
        BenchSupport.log("data %s: %,d training samples, %,d validation; parts %s", data, allTrain.size(), validation.size(), parts);

        List<Run> runs = new ArrayList<>();
        if (!opt.containsKey("no-warmup")) {
            // JIT warm-up, discarded: the first FUDLR run in a JVM pays class loading and compilation (seconds), which
            // would inflate the smallest n and bend the fitted exponents.
            setup.run("warmup", Math.min(1000, allTrain.size()), defaultRank(), Curvatures.FISHER, false);
        }
        if (parts.contains("samples")) {
            for (String s : sizes) {
                int n = s.equals("all") ? allTrain.size() : Math.min(Integer.parseInt(s), allTrain.size());
                runs.add(setup.run("samples", n, defaultRank(), Curvatures.FISHER, s.equals("all")));
            }
        }
        if (parts.contains("ranks")) {
            for (int r : ranks) {
                runs.add(setup.run("ranks", Math.min(rankN, allTrain.size()), r, Curvatures.FISHER, false));
            }
        }
        if (parts.contains("backends")) {
            for (String b : backends) {
                runs.add(setup.run("backends", Math.min(backendN, allTrain.size()), defaultRank(), b.trim(), false));
            }
        }
        List<Solve> solves = new ArrayList<>();
        if (parts.contains("woodbury")) {
            solves.addAll(setup.woodbury(Math.min(backendN, allTrain.size()), woodburyM));
        }
        setup.close();

        Files.createDirectories(out);
        Files.writeString(out.resolve("scaling.csv"), csv(runs), StandardCharsets.UTF_8);
        if (!solves.isEmpty()) {
            Files.writeString(out.resolve("woodbury.csv"), solvesCsv(solves), StandardCharsets.UTF_8);
        }
        String md = markdown(runs, solves, data, pre, ep, seed);
        Files.writeString(out.resolve("scaling.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %s%n", BenchSupport.peakRss());
    }

    private static int defaultRank() {
        return 8;
    }

    /** Shared state: the data, trained models per (n, rank), and the benchmark settings. */
    private static final class Setup implements AutoCloseable {
        private final List<Example<Label>> allTrain;
        private final int[] order;
        private final MutableDataset<Label> validation;
        private final int pre;
        private final int ep;
        private final long seed;
        private final boolean quick;
        private final Path cache;
        private final Map<String, DjlRecommenderModel> models = new LinkedHashMap<>();
        private final Map<String, double[]> timings = new LinkedHashMap<>();

        Setup(List<Example<Label>> allTrain, int[] order, MutableDataset<Label> validation, int pre, int ep, long seed,
              boolean quick, Path cache) {
            this.allTrain = allTrain;
            this.order = order;
            this.validation = validation;
            this.pre = pre;
            this.ep = ep;
            this.seed = seed;
            this.quick = quick;
            this.cache = cache;
        }

        LmRecommenderTrainer trainer(int rank) {
            LmRecommenderTrainer.Builder b = LmRecommenderTrainer.builder().pretrainEpochs(pre).epochs(ep)
                .seed(seed).device(BenchSupport.device()).loraRank(rank);
            if (quick) {
                b.embeddingDim(32).ffnDim(64);
            }
            return b.build();
        }

        /** The first n samples of the seeded permutation, in their original order. */
        List<Example<Label>> subsample(int n) {
            int[] idx = Arrays.copyOf(order, n);
            Arrays.sort(idx);
            List<Example<Label>> out = new ArrayList<>(n);
            for (int i : idx) {
                out.add(allTrain.get(i));
            }
            return out;
        }

        /** The base model for (n, rank), trained once (or loaded from the cache for all samples) and its epoch time. */
        DjlRecommenderModel model(int n, int rank, boolean useCache, MutableDataset<Label> train) {
            String key = n + "/" + rank;
            DjlRecommenderModel m = models.get(key);
            if (m != null) {
                return m;
            }
            LmRecommenderTrainer trainer = trainer(rank);
            double[] trained = {Double.NaN};
            // Any (n, rank) is cached under the key of its trainer, samples, code and CPU numerics (ModelCache).
            m = ModelCache.at(useCache && !quick ? cache : null).getOrTrain("tiny-base-seed" + seed, trainer, train, List.of(), () -> {
                long t0 = System.nanoTime();
                DjlRecommenderModel fresh = trainer.trainTransformer(train);
                trained[0] = (System.nanoTime() - t0) / 1e9;
                return fresh;
            }).model();
            double trainSeconds = trained[0];
            // The cost unit, timed in this run: one LoRA epoch of the same model on the same n samples.
            long u0 = System.nanoTime();
            trainer.continueTraining(m, train, 1).close();
            double epochSeconds = (System.nanoTime() - u0) / 1e9;
            BenchSupport.log("n=%d rank=%d: trained in %.1f s, one LoRA epoch %.2f s, %,d trainable parameters, %,d items", n, rank,
                trainSeconds, epochSeconds, m.numTrainableParameters(), m.items().size());
            models.put(key, m);
            timings.put(key, new double[]{trainSeconds, epochSeconds});
            return m;
        }

        Run run(String part, int n, int rank, String backend, boolean useCache) {
            MutableDataset<Label> train = BenchSupport.dataset(subsample(n), "train n=" + n);
            DjlRecommenderModel base = model(n, rank, useCache, train);
            double[] t = timings.get(n + "/" + rank);
            FudlrTransformer fudlr = FudlrTransformer.builder().objectives("mgu@10").curvature(backend).force(true).seed(seed).build();
            long f0 = System.nanoTime();
            var result = fudlr.transform(base, train, validation);
            double seconds = (System.nanoTime() - f0) / 1e9;
            FudlrReport report = (FudlrReport) result.report();
            ((DjlRecommenderModel) result.model()).close();
            Map<String, String> values = new LinkedHashMap<>();
            report.provenanceValues().forEach((k, v) -> values.put(k, text(v)));
            double[] check = report.surrogateCheck().getOrDefault("mgu@10", new double[]{Double.NaN, Double.NaN, Double.NaN});
            Run r = new Run(part, n, rank, backend, base.numTrainableParameters(), base.items().size(), t[0], t[1], seconds,
                            new LinkedHashMap<>(report.stageSeconds()), report.unlearnedIds().size(),
                            value(values, "solve.iterations"), parseDouble(value(values, "solve.damping")),
                            (long) parseDouble(value(values, "solve.curvature-products")),
                            report.metricsBefore().getOrDefault("mgu@10", Double.NaN), report.metricsAfter().getOrDefault("mgu@10", Double.NaN),
                            report.metricsBefore().getOrDefault("ndcg@10", Double.NaN), report.metricsAfter().getOrDefault("ndcg@10", Double.NaN),
                            check[1], value(values, "refusals"), guardSizes(value(values, "guard.attempts")));
            BenchSupport.log("%s n=%d rank=%d %s: %.1f s = %.2f epochs, |S| %d, mgu %.4f -> %.4f, stages %s%s", part, n, rank, backend, seconds,
                seconds / t[1], r.removed(), r.mguBefore(), r.mguAfter(), r.stages(), r.refusals().isEmpty() ? "" : " REFUSALS " + r.refusals());
            return r;
        }

        /** CG against the direct Woodbury solve on the same Fisher operator, for several Hessian sample sizes m. */
        List<Solve> woodbury(int n, int[] ms) {
            List<Example<Label>> sub = subsample(n);
            DjlRecommenderModel base = model(n, defaultRank(), false, BenchSupport.dataset(sub, "train n=" + n));
            List<Example<Label>> audit = new ArrayList<>();
            for (Example<Label> e : validation) {
                if (base.items().contains(e.getOutput().getLabel())) {
                    audit.add(e);
                }
            }
            AuditData auditData = RecommenderAudit.build(base.items(), sub, audit, List.of(SampleEncoding.GENDER));
            List<Solve> out = new ArrayList<>();
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(base), base.manager(), 256)) {
                SampleLoss loss = RecommenderObjectives.loss(base, sub);
                ScoreFunction scores = RecommenderObjectives.scores(base, audit);
                // Two right-hand sides like FUDLR's: an MGU surrogate gradient (fixed temperature) and the audit loss gradient.
                NDArray q1 = engine.surrogateGradient(scores, dev.fudlr.debias.SurrogateObjective.of(MetricRegistry.standard().parse("mgu@10")
                    .surrogate(SurrogateSettings.DEFAULT.withTemperature(0.1)), auditData), null).gradient();
                NDArray q2 = engine.gradient(RecommenderObjectives.loss(base, audit), GradientEngine.range(audit.size()), 1.0 / audit.size(), null);
                long bytesPerValue = engine.space().dataType() == ai.djl.ndarray.types.DataType.FLOAT64 ? 8 : 4;
                int p = engine.space().size();
                double damping = 0.01;
                for (int m : ms) {
                    int mm = Math.min(m, n);
                    int[] sample = Curvatures.subsample(n, mm, seed);
                    long s0 = System.nanoTime();
                    Curvatures.EmpiricalFisher fisher = (Curvatures.EmpiricalFisher) Curvatures.create(Curvatures.FISHER, engine, loss, sample, 0.0);
                    double setup = (System.nanoTime() - s0) / 1e9;
                    long fisherBytes = MemoryBudget.denseBytes(1, mm, p, bytesPerValue);
                    long woodburyBytes = MemoryBudget.denseBytes(4, mm, mm, bytesPerValue);
                    long c0 = System.nanoTime();
                    SolveResult[] cg = new ConjugateGradientSolver(1e-3, 100).solve(fisher, damping, q1, q2);
                    double cgSeconds = (System.nanoTime() - c0) / 1e9;
                    long w0 = System.nanoTime();
                    SolveResult[] wb;
                    try {
                        wb = new WoodburySolver().solve(fisher, damping, q1, q2);
                    } catch (dev.fudlr.reliability.ResourceLimitException e) {
                        // The memory budget refuses the m x m matrices: recorded as the outcome.
                        BenchSupport.log("woodbury m=%d refused: %s", mm, e.getMessage());
                        out.add(new Solve(mm, "cg (tol 1e-3)", setup, cgSeconds,
                                          Math.max(cg[0].iterations(), cg[1].iterations()),
                                          Math.max(cg[0].relativeResidual(), cg[1].relativeResidual()), Double.NaN, fisherBytes, 0,
                                          engine.memoryBudget().bytes()));
                        out.add(new Solve(mm, "woodbury: refused by the memory budget", setup, Double.NaN, 0, Double.NaN, Double.NaN,
                                          fisherBytes, woodburyBytes, engine.memoryBudget().bytes()));
                        for (SolveResult r : cg) {
                            r.solution().close();
                        }
                        fisher.release();
                        continue;
                    }
                    double wbSeconds = (System.nanoTime() - w0) / 1e9;
                    double diff = 0;
                    for (int k = 0; k < 2; k++) {
                        NDArray d = cg[k].solution().sub(wb[k].solution());
                        diff = Math.max(diff, Vectors.norm(d) / Math.max(Vectors.norm(wb[k].solution()), Double.MIN_NORMAL));
                        d.close();
                    }
                    int iters = Math.max(cg[0].iterations(), cg[1].iterations());
                    double cgRes = Math.max(cg[0].relativeResidual(), cg[1].relativeResidual());
                    double wbRes = Math.max(wb[0].relativeResidual(), wb[1].relativeResidual());
                    out.add(new Solve(mm, "cg (tol 1e-3)", setup, cgSeconds, iters, cgRes, diff, fisherBytes, 0, engine.memoryBudget().bytes()));
                    out.add(new Solve(mm, "woodbury", setup, wbSeconds, 1, wbRes, diff, fisherBytes, woodburyBytes, engine.memoryBudget().bytes()));
                    BenchSupport.log("woodbury m=%d: fisher setup %.2f s, cg %.3f s (%d it), woodbury %.3f s, rel. diff %.2e", mm, setup, cgSeconds, iters,
                        wbSeconds, diff);
                    for (SolveResult r : cg) {
                        r.solution().close();
                    }
                    for (SolveResult r : wb) {
                        r.solution().close();
                    }
                    fisher.release();
                }
                q1.close();
                q2.close();
            }
            return out;
        }

        @Override
        public void close() {
            models.values().forEach(DjlRecommenderModel::close);
        }
    }

    /** A seeded permutation of 0..n-1 (Fisher-Yates with SplittableRandom). */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Least-squares slope and intercept of BenchSupport.log(y) against BenchSupport.log(x): y ~ exp(b) x^a.
     * @param x positive abscissae.
     * @param y positive ordinates (non-positive or non-finite pairs are skipped).
     * @return {a, b, R^2}; NaNs when fewer than two usable points.
     */
    static double[] logLogFit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                pts.add(new double[]{Math.log(x[i]), Math.log(y[i])});
            }
        }
        if (pts.size() < 2) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN};
        }
        double mx = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (double[] p : pts) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
            syy += (p[1] - my) * (p[1] - my);
        }
        if (sxx == 0) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN};
        }
        double a = sxy / sxx;
        double r2 = syy == 0 ? 1.0 : (sxy * sxy) / (sxx * syy);
        return new double[]{a, my - a * mx, r2};
    }

    static String csv(List<Run> runs) {
        StringBuilder sb = new StringBuilder("part,n,rank,backend,parameters,items,train_s,epoch_s,fudlr_s,fudlr_epochs");
        STAGES.forEach(s -> sb.append(',').append(s).append("_s"));
        sb.append(",removed,solve_iterations,solve_damping,curvature_products,audit_mgu_before,audit_mgu_after,audit_ndcg_before,"
                  + "audit_ndcg_after,predicted_mgu_change,refusals,guard_sizes\n");
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%d,%.3f,%.3f,%.3f,%.3f", r.part(), r.n(), r.rank(), r.backend(),
                                    r.parameters(), r.items(), r.trainSeconds(), r.epochSeconds(), r.totalSeconds(),
                                    r.totalSeconds() / r.epochSeconds()));
            STAGES.forEach(s -> sb.append(String.format(Locale.ROOT, ",%.3f", r.stages().getOrDefault(s, Double.NaN))));
            sb.append(String.format(Locale.ROOT, ",%d,\"%s\",%.4g,%d,%.6f,%.6f,%.6f,%.6f,%.6f,\"%s\",\"%s\"%n", r.removed(), r.iterations(),
                                    r.damping(), r.products(), r.mguBefore(), r.mguAfter(), r.ndcgBefore(), r.ndcgAfter(), r.predicted(),
                                    r.refusals().replace("\"", "'"), joinSizes(r.guardSizes())));
        }
        return sb.toString();
    }

    static String solvesCsv(List<Solve> solves) {
        StringBuilder sb = new StringBuilder("m,solver,fisher_setup_s,solve_s,iterations,relative_residual,relative_difference_cg_vs_woodbury,"
                                             + "fisher_bytes,woodbury_bytes,budget_bytes\n");
        for (Solve s : solves) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%.4f,%.4f,%d,%.3e,%.3e,%d,%d,%d%n", s.m(), s.solver(), s.setupSeconds(),
                                    s.solveSeconds(), s.iterations(), s.residual(), s.relativeDifference(), s.fisherBytes(),
                                    s.woodburyBytes(), s.budgetBytes()));
        }
        return sb.toString();
    }

    static String markdown(List<Run> runs, List<Solve> solves, String data, int pre, int ep, long seed) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Data %s, tiny LoRA transformer %d+%d epochs, seed %d; FUDLR mgu@10 with defaults (force=true). "
                                + "Seconds per stage; 'epoch' = one LoRA epoch of the same model on the same n, same run.%n%n", data, pre, ep, seed));
        for (String part : List.of("samples", "ranks", "backends")) {
            List<Run> rs = runs.stream().filter(r -> r.part().equals(part)).toList();
            if (rs.isEmpty()) {
                continue;
            }
            sb.append("### ").append(switch (part) {
                case "samples" -> "Cost vs training samples n";
                case "ranks" -> "Cost vs trainable parameters (LoRA rank)";
                default -> "Curvature backends";
            }).append("\n\n| n | rank | backend | params | items | epoch s | FUDLR s | epoch-eq |");
            STAGES.forEach(s -> sb.append(' ').append(s).append(" |"));
            sb.append(" \\|S\\| | CG it. | damping | audit MGU@10 before → after | predicted Δ | refused |\n|");
            sb.append("---:|".repeat(8));
            STAGES.forEach(s -> sb.append("---:|"));
            sb.append("---:|---|---:|---|---:|---|\n");
            for (Run r : rs) {
                sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %d | %.2f | %.1f | %.2f |", r.n(), r.rank(), r.backend(),
                                        r.parameters(), r.items(), r.epochSeconds(), r.totalSeconds(), r.totalSeconds() / r.epochSeconds()));
                STAGES.forEach(s -> sb.append(String.format(Locale.ROOT, " %.2f |", r.stages().getOrDefault(s, Double.NaN))));
                sb.append(String.format(Locale.ROOT, " %d | %s | %.3g | %.4f → %.4f (%+.1f%%) | %+.4f | %s |%n", r.removed(), r.iterations(),
                                        r.damping(), r.mguBefore(), r.mguAfter(), 100 * (r.mguAfter() / r.mguBefore() - 1), r.predicted(),
                                        r.refusals().isEmpty() ? "no" : "yes"));
            }
            if (part.equals("samples") || part.equals("ranks")) {
                boolean samples = part.equals("samples");
                double[] x = rs.stream().mapToDouble(r -> samples ? r.n() : r.parameters()).toArray();
                sb.append(String.format(Locale.ROOT, "%nFitted growth exponent a (time ~ %s^a, log-log least squares over %d points; R² in brackets):%n%n",
                                        samples ? "n" : "trainable parameters", rs.size()));
                sb.append("| quantity | a | R² |\n|---|---:|---:|\n");
                List<String> names = new ArrayList<>(List.of("epoch", "FUDLR total"));
                names.addAll(STAGES);
                for (String name : names) {
                    double[] y = rs.stream().mapToDouble(r -> switch (name) {
                        case "epoch" -> r.epochSeconds();
                        case "FUDLR total" -> r.totalSeconds();
                        default -> r.stages().getOrDefault(name, Double.NaN);
                    }).toArray();
                    double[] fit = logLogFit(x, y);
                    sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, fit[0], fit[2]));
                }
            }
            sb.append('\n');
        }
        if (!solves.isEmpty()) {
            sb.append("### Woodbury (direct) vs CG on the Fisher backend\n\n| m (Hessian samples) | solver | Fisher setup s | solve s | iterations | "
                      + "rel. residual | rel. diff. CG vs Woodbury | G storage (m×p) | Woodbury m×m (×4) | budget |\n"
                      + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Solve s : solves) {
                sb.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.3f | %d | %.1e | %.1e | %s | %s | %s |%n", s.m(), s.solver(),
                                        s.setupSeconds(), s.solveSeconds(), s.iterations(), s.residual(), s.relativeDifference(),
                                        MemoryBudget.human(s.fisherBytes()), s.woodburyBytes() == 0 ? "-" : MemoryBudget.human(s.woodburyBytes()),
                                        MemoryBudget.human(s.budgetBytes())));
            }
        }
        return sb.toString();
    }

    /** A provenance value as plain text: a primitive's value, a list's values joined with '/'. */
    private static String text(com.oracle.labs.mlrg.olcut.provenance.Provenance p) {
        if (p instanceof com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance<?> prim) {
            return String.valueOf(prim.getValue());
        }
        if (p instanceof com.oracle.labs.mlrg.olcut.provenance.ListProvenance<?> list) {
            StringBuilder sb = new StringBuilder();
            for (com.oracle.labs.mlrg.olcut.provenance.Provenance e : list.getList()) {
                sb.append(sb.length() == 0 ? "" : "/").append(text(e));
            }
            return sb.toString();
        }
        return String.valueOf(p);
    }

    /** The selection sizes in the guard's attempt strings ({@code Attempt(size=600, ...)}), in order. */
    static int[] guardSizes(String attempts) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("size=(\\d+)").matcher(attempts);
        List<Integer> out = new ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static String joinSizes(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int v : sizes) {
            sb.append(sb.length() == 0 ? "" : "/").append(v);
        }
        return sb.toString();
    }

    private static String value(Map<String, String> values, String key) {
        String v = values.get(FudlrTransformer.PREFIX + key);
        if (v == null) {
            return "";
        }
        return v;
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
