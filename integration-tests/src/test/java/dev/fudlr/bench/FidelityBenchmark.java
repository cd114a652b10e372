/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import ai.djl.ndarray.NDArray;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.debias.stage.DampedSolve;
import dev.fudlr.debias.stage.TemperatureCalibration;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.SurrogateCalibration;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceCalculator;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.ScoreFunction;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.unlearn.NewtonRemoval;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Influence fidelity on the benchmark model: for many removal sets S (random sets of 0.5-10% of n, top and bottom sets
 * by predicted effect on the MGU@10 surrogate and on the validation loss, sets of whole users, of occupation groups and
 * of popular / long-tail targets), compares the predicted change of (i) the validation loss, (ii) the MGU@10 surrogate at
 * the calibrated temperature and (iii) the exact MGU@10 on the validation users with the actual change after retraining
 * without S from the frozen base (one LoRA-only epoch, warm start), and reports Pearson and Spearman correlations.
 * <p>
 * Predictions: first order (sum of the per-sample effects a_i over S) for every curvature backend, and the Newton
 * removal theta' = theta + (1/n)(H + lambda I)^-1 sum_S g_i (primary backend) evaluated exactly. Actual change:
 * (retrain with S weighted 0) minus (retrain on all data), both one LoRA epoch from the base with the same run seed, so
 * both runs see the same mini-batches and the difference is the removal's effect, not batch-order noise; a second
 * control with another seed measures that noise, and {@code --removal-check K} retrains K sets by really dropping S
 * (different mini-batches) for comparison.
 * <p>
 * Usage: {@code FidelityBenchmark [--data DIR|synthetic] [--quick] [--seed 1] [--model-cache DIR] [--out DIR]
 * [--sets N] [--backends fisher,identity,exact,finite-difference] [--removal-check K] [--hessian-subsample 2000]
 * [--damping 0.01] [--backend-cg-iterations 100]} (the first backend is the primary one); {@code --replot DIR} redraws the
 * plots of an earlier run from its CSV.
 */
public final class FidelityBenchmark {

    /** Outcomes, in table order. */
    private static final String[] QUANTITIES = {"validation loss", "MGU@10 surrogate", "exact MGU@10"};

    private FidelityBenchmark() {}

    /** One removal set. */
    record RemovalSet(String family, String name, int[] indices) {}

    /** Evaluation of one parameter vector on the validation users. */
    record Eval(double loss, double surrogate, double mgu, double ndcg) {
        double get(int q) {
            return q == 0 ? loss : q == 1 ? surrogate : mgu;
        }

        Eval minus(Eval o) {
            return new Eval(loss - o.loss, surrogate - o.surrogate, mgu - o.mgu, ndcg - o.ndcg);
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = BenchSupport.parse(args, List.of(
            "backend-cg-iterations", "backends", "damping", "data", "hessian-subsample", "model-cache", "out",
            "removal-check", "replot", "seed", "sets"));
        boolean quick = opt.containsKey("quick");
        String data = opt.getOrDefault("data", quick ? "synthetic" : "../shared/data/ml-100k");
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        Path cache = opt.containsKey("model-cache") ? Path.of(opt.get("model-cache")) : null;
        Path out = Path.of(opt.getOrDefault("out", "target/bench-fidelity"));
        int maxSets = Integer.parseInt(opt.getOrDefault("sets", "1000"));
        List<String> backends = List.of(opt.getOrDefault("backends", "fisher,identity,exact,finite-difference").split(","));
        int removalCheck = Integer.parseInt(opt.getOrDefault("removal-check", "3"));
        int hessianSubsample = Integer.parseInt(opt.getOrDefault("hessian-subsample", "2000"));
        double damping = Double.parseDouble(opt.getOrDefault("damping", "0.01"));
        // The matrix-free backends (exact, finite-difference) pay one or two passes over the Hessian sample per CG
        // iteration: the comparison caps them so the run stays within its time budget (unconverged solves are reported).
        int backendCgIterations = Integer.parseInt(opt.getOrDefault("backend-cg-iterations", "100"));
        Files.createDirectories(out);
        if (opt.containsKey("replot")) {
            replot(Path.of(opt.get("replot")), opt.getOrDefault("backends", "fisher").split(",")[0]);
            return;
        }
        long wall0 = System.nanoTime();

        SampleSplits splits = BenchSupport.splits(data);
        List<Example<Label>> train = splits.train();
        MutableDataset<Label> trainData = BenchSupport.dataset(train, "train");
        BenchSupport.Base b = BenchSupport.base(cache, seed, quick, trainData);
        DjlRecommenderModel base = b.model();
        List<Example<Label>> audit = BenchSupport.inCatalogue(base, splits.validation());
        int n = train.size();
        BenchSupport.log("n = %d training samples, %d validation users, %d trainable parameters", n, audit.size(), base.numTrainableParameters());
        double wd = weightDecay(base);
        AuditData auditData = RecommenderAudit.build(base.items(), train, audit, List.of(SampleEncoding.GENDER));
        MetricRegistry registry = MetricRegistry.standard();
        FairnessMetric mgu = registry.parse("mgu@10");
        FairnessMetric ndcg = registry.parse("ndcg@10");
        LmRecommenderTrainer trainer = BenchSupport.trainer(seed, quick);

        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(base), base.manager(), 256)) {
            SampleLoss trainLoss = RecommenderObjectives.loss(base, train);
            SampleLoss validationLoss = RecommenderObjectives.loss(base, audit);
            ScoreFunction auditScores = RecommenderObjectives.scores(base, audit);
            int[] allAudit = GradientEngine.range(audit.size());
            double[] theta0;
            try (NDArray t = engine.theta()) {
                theta0 = engine.space().toHost(t);
            }
            // --- scoring: calibration, queries, solves per backend, per-sample effects (all backends in one pass)
            long s0 = System.nanoTime();
            ScoreMatrix scores0 = dev.fudlr.debias.SurrogateObjective.scores(engine, auditScores, null);
            TemperatureCalibration.Outcome calibration = TemperatureCalibration.DEFAULT.calibrate(mgu, scores0, auditData);
            List<SurrogateCalibration.Row> calRows = calibration.rows();
            double tau = calibration.temperature();
            if (!calibration.calibrated()) {
                tau = 0.1;
                BenchSupport.log("calibration found no improving temperature (%s); using tau = 0.1", calRows);
            }
            Surrogate surrogate = mgu.surrogate(SurrogateSettings.DEFAULT.withTemperature(tau));
            BenchSupport.log("calibrated MGU@10 surrogate temperature %.3g", tau);
            Evaluator evaluator = new Evaluator(engine, validationLoss, allAudit, auditScores, auditData, surrogate, mgu, ndcg);
            GradientEngine.ValueAndGradient vg = engine.surrogateGradient(auditScores, dev.fudlr.debias.SurrogateObjective.of(surrogate, auditData), null);
            NDArray qSurrogate = vg.gradient();
            NDArray qLoss = engine.gradient(validationLoss, allAudit, 1.0 / audit.size(), null);
            double queriesSeconds = BenchSupport.since(s0);
            int[] hessianSample = hessianSubsample > 0 ? Curvatures.subsample(n, hessianSubsample, 12345L) : GradientEngine.range(n);
            ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-3, 100);
            ConjugateGradientSolver cappedCg = new ConjugateGradientSolver(1e-3, backendCgIterations);
            Map<String, BackendRun> runs = new LinkedHashMap<>();
            List<NDArray> directions = new ArrayList<>();
            for (String backend : backends) {
                long c0 = System.nanoTime();
                CurvatureOperator curv = Curvatures.create(backend, engine, trainLoss, hessianSample, wd);
                ConjugateGradientSolver solver = runs.isEmpty() ? cg : cappedCg;
                DampedSolve.Outcome solved = new DampedSolve(damping, DampedSolve.DEFAULT_ESCALATION, DampedSolve.DEFAULT_MAX_DAMPING)
                    .solve(engine, trainLoss, curv, solver, qLoss, qSurrogate);
                double lambda = solved.damping();
                List<String> attempts = solved.attempts();
                double seconds = BenchSupport.since(c0);
                BenchSupport.log("backend %s: solves %.1f s, damping %.3g, %s", backend, seconds, lambda, attempts);
                runs.put(backend, new BackendRun(backend, curv, lambda, seconds, String.join("; ", attempts), directions.size()));
                directions.add(solved.directions()[0]);
                directions.add(solved.directions()[1]);
            }
            long e0 = System.nanoTime();
            double[][] effects = new InfluenceCalculator(engine, trainLoss, runs.values().iterator().next().curvature, cg, damping)
                .removalScores(GradientEngine.range(n), GradientEngine.DirectionalMode.EXACT, directions.toArray(NDArray[]::new));
            double effectsSeconds = BenchSupport.since(e0);
            BenchSupport.log("per-sample effects (%d directions) in %.1f s", directions.size(), effectsSeconds);
            BackendRun primary = runs.values().iterator().next();

            // --- removal sets
            List<RemovalSet> sets = removalSets(train, effects, primary.column, n, seed, maxSets);
            BenchSupport.log("%d removal sets", sets.size());

            // --- predictions: first order per backend, Newton removal with the primary backend
            Eval before = evaluator.at(theta0);
            NewtonRemoval removal = new NewtonRemoval(engine, trainLoss, primary.curvature, cg, primary.damping, DampedSolve.DEFAULT_ESCALATION,
                                                      DampedSolve.DEFAULT_MAX_DAMPING);
            Map<String, double[][]> firstOrder = new LinkedHashMap<>();
            for (BackendRun r : runs.values()) {
                double[][] p = new double[sets.size()][2];
                for (int s = 0; s < sets.size(); s++) {
                    for (int i : sets.get(s).indices()) {
                        p[s][0] += effects[i][r.column];
                        p[s][1] += effects[i][r.column + 1];
                    }
                }
                firstOrder.put(r.name, p);
            }
            Eval[] newton = new Eval[sets.size()];
            long n0 = System.nanoTime();
            for (int s = 0; s < sets.size(); s++) {
                NewtonRemoval.Result r = removal.remove(sets.get(s).indices());
                newton[s] = evaluator.at(r.thetaAfter()).minus(before);
            }
            double newtonSeconds = BenchSupport.since(n0);
            BenchSupport.log("%d Newton removals + evaluations in %.1f s", sets.size(), newtonSeconds);

            // --- actual: paired warm retraining
            long r0 = System.nanoTime();
            trainer.setInvocationCount(0);
            DjlRecommenderModel controlModel = trainer.continueTraining(base, trainData, 1);
            double epochSeconds = BenchSupport.since(r0);
            Eval control = evaluator.at(controlModel.trainableParametersAsDouble());
            double check = consistency(controlModel, audit, engine, auditScores);
            controlModel.close();
            BenchSupport.log("control retrain (1 LoRA epoch, all data): %.1f s; engine vs model score check max |diff| %.2g", epochSeconds, check);
            trainer.setInvocationCount(1);
            DjlRecommenderModel noiseModel = trainer.continueTraining(base, trainData, 1);
            Eval noise = evaluator.at(noiseModel.trainableParametersAsDouble()).minus(control);
            noiseModel.close();
            Eval[] actual = new Eval[sets.size()];
            for (int s = 0; s < sets.size(); s++) {
                trainer.setInvocationCount(0);
                DjlRecommenderModel m = trainer.continueTraining(base, BenchSupport.zeroWeighted(train, sets.get(s).indices()), 1);
                actual[s] = evaluator.at(m.trainableParametersAsDouble()).minus(control);
                m.close();
                BenchSupport.log("set %d/%d %s: actual dSurrogate %+.3g, first-order %+.3g, Newton %+.3g", s + 1, sets.size(),
                                 sets.get(s).name(), actual[s].surrogate(), firstOrder.get(primary.name)[s][1], newton[s].surrogate());
            }
            double retrainSeconds = BenchSupport.since(r0);
            // Removal check: really drop S (other mini-batches) for a few sets spread over the list.
            Map<Integer, Eval> dropped = new LinkedHashMap<>();
            for (int c = 0; c < Math.min(removalCheck, sets.size()); c++) {
                int s = checkIndex(sets, c, removalCheck);
                trainer.setInvocationCount(0);
                DjlRecommenderModel m = trainer.continueTraining(base, BenchSupport.without(trainData, sets.get(s).indices()), 1);
                dropped.put(s, evaluator.at(m.trainableParametersAsDouble()).minus(control));
                m.close();
            }
            double wallSeconds = BenchSupport.since(wall0);

            // --- report
            Report rep = new Report(data, quick, seed, n, audit.size(), base.numTrainableParameters(), tau, calRows, before, epochSeconds,
                                    queriesSeconds, effectsSeconds, newtonSeconds, retrainSeconds, wallSeconds, runs, sets, firstOrder,
                                    newton, actual, noise, dropped, primary.name, hessianSample.length, b.trainSeconds());
            String md = rep.markdown();
            Files.writeString(out.resolve("fidelity.md"), md, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("fidelity-sets.csv"), rep.csv(), StandardCharsets.UTF_8);
            rep.plots(out);
            System.out.println(md);
            System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %s; wall %.1f s%n", BenchSupport.peakRss(), wallSeconds);
            vg.gradient().close();
            qLoss.close();
        } finally {
            base.close();
        }
    }

    /** Which set the c-th removal check retrains: spread over the list (whose families are contiguous). */
    private static int checkIndex(List<RemovalSet> sets, int c, int count) {
        return (int) Math.min(sets.size() - 1, Math.round((c + 0.5) * sets.size() / (double) count));
    }

    /** One curvature backend's solves. */
    private record BackendRun(String name, CurvatureOperator curvature, double damping, double seconds, String attempts, int column) {}

    /** Largest difference between the model's own scores and the engine's at the model's theta (same forward pass?). */
    private static double consistency(DjlRecommenderModel m, List<Example<Label>> audit, GradientEngine engine, ScoreFunction f) {
        List<Example<Label>> few = audit.subList(0, Math.min(32, audit.size()));
        float[][] own = m.scores(few);
        ScoreMatrix viaEngine;
        try (NDArray at = engine.space().fromHost(engine.vectors(), m.trainableParametersAsDouble())) {
            viaEngine = dev.fudlr.debias.SurrogateObjective.scores(engine, f, at);
        }
        double max = 0;
        for (int u = 0; u < own.length; u++) {
            for (int j = 0; j < own[u].length; j++) {
                max = Math.max(max, Math.abs(own[u][j] - viaEngine.get(u, j)));
            }
        }
        return max;
    }

    private static double weightDecay(DjlRecommenderModel model) {
        Provenance p = model.getProvenance().getTrainerProvenance().getConfiguredParameters().get("weightDecay");
        return p instanceof DoubleProvenance ? ((DoubleProvenance) p).getValue() : 0.0;
    }

    /**
     * The removal sets, in families: random (0.5-10% of n), top / bottom by the primary backend's MGU-surrogate effect
     * and by its validation-loss effect, whole users, occupation groups, popular / long-tail targets.
     */
    static List<RemovalSet> removalSets(List<Example<Label>> train, double[][] effects, int column, int n, long seed, int maxSets) {
        List<RemovalSet> sets = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(seed * 7919 + 17);
        double[] randomFractions = {0.005, 0.01, 0.02, 0.03, 0.05, 0.05, 0.075, 0.1};
        for (double f : randomFractions) {
            sets.add(new RemovalSet("random", String.format(Locale.ROOT, "random %.1f%%", 100 * f), sample(n, size(f, n), rnd)));
        }
        Integer[] bySurrogate = order(effects, column + 1, n);
        for (double f : new double[]{0.005, 0.01, 0.02, 0.05, 0.1}) {
            int k = size(f, n);
            sets.add(new RemovalSet("mgu-lowering", String.format(Locale.ROOT, "most MGU-lowering %.1f%%", 100 * f), first(bySurrogate, k, false)));
            sets.add(new RemovalSet("mgu-raising", String.format(Locale.ROOT, "most MGU-raising %.1f%%", 100 * f), first(bySurrogate, k, true)));
        }
        Integer[] byLoss = order(effects, column, n);
        for (double f : new double[]{0.01, 0.05}) {
            int k = size(f, n);
            sets.add(new RemovalSet("loss-lowering", String.format(Locale.ROOT, "most loss-lowering %.0f%%", 100 * f), first(byLoss, k, false)));
            sets.add(new RemovalSet("loss-raising", String.format(Locale.ROOT, "most loss-raising %.0f%%", 100 * f), first(byLoss, k, true)));
        }
        // Whole users (the unit of a deletion request), until the fraction is reached.
        Map<String, List<Integer>> byUser = group(train, SampleEncoding.USER);
        List<String> users = new ArrayList<>(byUser.keySet());
        for (double f : new double[]{0.01, 0.03, 0.05}) {
            List<String> shuffled = new ArrayList<>(users);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                String x = shuffled.get(i);
                shuffled.set(i, shuffled.get(j));
                shuffled.set(j, x);
            }
            List<Integer> members = new ArrayList<>();
            int count = 0;
            for (String u : shuffled) {
                if (members.size() >= size(f, n)) {
                    break;
                }
                members.addAll(byUser.get(u));
                count++;
            }
            sets.add(new RemovalSet("users", String.format(Locale.ROOT, "%d whole users (%.1f%%)", count, 100.0 * members.size() / n), toArray(members)));
        }
        // Occupation groups of 1-10% of the samples (the three largest such groups).
        Map<String, List<Integer>> byOccupation = group(train, SampleEncoding.OCCUPATION);
        byOccupation.entrySet().stream().filter(e -> e.getValue().size() >= 0.01 * n && e.getValue().size() <= 0.1 * n)
            .sorted(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
            .limit(3).forEach(e -> sets.add(new RemovalSet("occupation", String.format(Locale.ROOT, "occupation %s (%.1f%%)", e.getKey(),
                                                                                             100.0 * e.getValue().size() / n), toArray(e.getValue()))));
        // Targets among the most / least popular items (samples ordered by their target's training count).
        Map<String, Integer> counts = new HashMap<>();
        for (Example<Label> e : train) {
            counts.merge(e.getOutput().getLabel(), 1, Integer::sum);
        }
        Integer[] byPopularity = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byPopularity, Comparator.comparingInt((Integer i) -> -counts.get(train.get(i).getOutput().getLabel())).thenComparingInt(i -> i));
        for (double f : new double[]{0.02, 0.05}) {
            int k = size(f, n);
            sets.add(new RemovalSet("popular-targets", String.format(Locale.ROOT, "most popular targets %.0f%%", 100 * f), first(byPopularity, k, false)));
            sets.add(new RemovalSet("tail-targets", String.format(Locale.ROOT, "long-tail targets %.0f%%", 100 * f), first(byPopularity, k, true)));
        }
        if (sets.size() <= maxSets) {
            return sets;
        }
        // Keep an evenly spread subset (every family keeps members since families are contiguous).
        List<RemovalSet> kept = new ArrayList<>();
        for (int s = 0; s < maxSets; s++) {
            kept.add(sets.get((int) Math.floor(s * sets.size() / (double) maxSets)));
        }
        return kept;
    }

    private static int size(double fraction, int n) {
        return Math.max(1, (int) Math.round(fraction * n));
    }

    private static int[] sample(int n, int k, SplittableRandom rnd) {
        int[] perm = IntStream.range(0, n).toArray();
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        return Arrays.copyOf(perm, k);
    }

    /** Indices sorted by one effect column, ascending (ties by index). */
    private static Integer[] order(double[][] effects, int col, int n) {
        Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> effects[i][col]).thenComparingInt(i -> i));
        return idx;
    }

    private static int[] first(Integer[] order, int k, boolean fromEnd) {
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = fromEnd ? order[order.length - 1 - i] : order[i];
        }
        return out;
    }

    private static Map<String, List<Integer>> group(List<Example<Label>> train, String key) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            String v = SampleEncoding.metadata(train.get(i), key);
            m.computeIfAbsent(v == null ? "?" : v, k -> new ArrayList<>()).add(i);
        }
        return m;
    }

    private static int[] toArray(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Exact validation-user measures at a parameter vector, through the engine (the frozen base's weights). */
    static final class Evaluator {
        private final GradientEngine engine;
        private final SampleLoss loss;
        private final int[] all;
        private final ScoreFunction scores;
        private final AuditData audit;
        private final Surrogate surrogate;
        private final FairnessMetric mgu;
        private final FairnessMetric ndcg;

        Evaluator(GradientEngine engine, SampleLoss loss, int[] all, ScoreFunction scores, AuditData audit, Surrogate surrogate,
                  FairnessMetric mgu, FairnessMetric ndcg) {
            this.engine = engine;
            this.loss = loss;
            this.all = all;
            this.scores = scores;
            this.audit = audit;
            this.surrogate = surrogate;
            this.mgu = mgu;
            this.ndcg = ndcg;
        }

        Eval at(double[] theta) {
            try (NDArray at = engine.space().fromHost(engine.vectors(), theta)) {
                double l = engine.meanLoss(loss, all, at);
                ScoreMatrix s = dev.fudlr.debias.SurrogateObjective.scores(engine, scores, at);
                Recommendations recs = Recommendations.fromScores(s, audit, 10);
                return new Eval(l, surrogate.value(s, audit), mgu.compute(recs).value(), ndcg.compute(recs).value());
            }
        }
    }

    /** Tables, CSV and plots of one run. */
    private record Report(String data, boolean quick, long seed, int n, int users, int parameters, double tau,
                          List<SurrogateCalibration.Row> calibration, Eval before, double epochSeconds, double queriesSeconds,
                          double effectsSeconds, double newtonSeconds, double retrainSeconds, double wallSeconds,
                          Map<String, BackendRun> runs, List<RemovalSet> sets, Map<String, double[][]> firstOrder, Eval[] newton,
                          Eval[] actual, Eval noise, Map<Integer, Eval> dropped, String primary, int hessianSample,
                          double baseTrainSeconds) {

        double[][] newtonColumns() {
            return IntStream.range(0, QUANTITIES.length).mapToObj(this::newtonColumn).toArray(double[][]::new);
        }

        double[][] actualColumns() {
            return IntStream.range(0, QUANTITIES.length).mapToObj(this::actualColumn).toArray(double[][]::new);
        }

        double[] actualColumn(int q) {
            return Arrays.stream(actual).mapToDouble(e -> e.get(q)).toArray();
        }

        double[] newtonColumn(int q) {
            return Arrays.stream(newton).mapToDouble(e -> e.get(q)).toArray();
        }

        /** First-order predictor of quantity q: the loss effects for q = 0, the surrogate effects otherwise. */
        double[] firstOrderColumn(String backend, int q) {
            double[][] p = firstOrder.get(backend);
            int c = q == 0 ? 0 : 1;
            return Arrays.stream(p).mapToDouble(r -> r[c]).toArray();
        }

        String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Data %s%s, seed %d: n = %,d training samples, %d validation users, %,d LoRA parameters; "
                                    + "base %s. MGU@10 surrogate temperature %.3g (calibrated). Validation before: loss %.4f, surrogate %.4f, "
                                    + "MGU@10 %.4f, NDCG@10 %.4f.%n%n", data, quick ? " (quick: small model)" : "", seed, n, users, parameters,
                                    Double.isNaN(baseTrainSeconds) ? "from the model cache" : String.format(Locale.ROOT, "trained in %.0f s", baseTrainSeconds),
                                    tau, before.loss(), before.surrogate(), before.mgu(), before.ndcg()));
            sb.append(String.format(Locale.ROOT, "%d removal sets; actual change = (1 LoRA epoch from the base with S weighted 0) - "
                                    + "(1 LoRA epoch on all data), same run seed. One epoch = %.1f s.%n%n", sets.size(), epochSeconds));
            sb.append("| outcome | predictor | Pearson | Spearman | sets |\n|---|---|---:|---:|---:|\n");
            for (int q = 0; q < QUANTITIES.length; q++) {
                double[] a = actualColumn(q);
                Correlations.Result fo = Correlations.of(firstOrderColumn(primary, q), a);
                Correlations.Result nw = Correlations.of(newtonColumn(q), a);
                String foName = q == 0 ? "first order: sum of loss effects b_i" : "first order: sum of surrogate effects a_i";
                sb.append(String.format(Locale.ROOT, "| %s | %s (%s) | %.3f | %.3f | %d |%n", QUANTITIES[q], foName, primary, fo.pearson(), fo.spearman(), fo.pairs()));
                sb.append(String.format(Locale.ROOT, "| %s | Newton removal, exact re-evaluation (%s) | %.3f | %.3f | %d |%n", QUANTITIES[q], primary,
                                        nw.pearson(), nw.spearman(), nw.pairs()));
            }
            sb.append('\n').append(agreement(newtonColumns(), actualColumns()));
            // The influence-chosen families spread the predictions widely; the others are the harder test.
            List<Integer> unchosen = new ArrayList<>();
            for (int s = 0; s < sets.size(); s++) {
                if (!INFLUENCE_CHOSEN.contains(sets.get(s).family())) {
                    unchosen.add(s);
                }
            }
            sb.append(String.format(Locale.ROOT, "%nSets not chosen by influence (random, users, occupation, popular/tail targets; %d sets):%n%n", unchosen.size()));
            sb.append("| outcome | Spearman first order | Spearman Newton | Pearson Newton |\n|---|---:|---:|---:|\n");
            for (int q = 0; q < QUANTITIES.length; q++) {
                double[] a = pick(actualColumn(q), unchosen);
                Correlations.Result fo = Correlations.of(pick(firstOrderColumn(primary, q), unchosen), a);
                Correlations.Result nw = Correlations.of(pick(newtonColumn(q), unchosen), a);
                sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", QUANTITIES[q], fo.spearman(), nw.spearman(), nw.pearson()));
            }
            sb.append("\nBy family (MGU@10 surrogate, first order vs actual; Spearman within a family of few sets is indicative only):\n\n");
            sb.append("| family | sets | Spearman | Pearson | mean predicted | mean actual |\n|---|---:|---:|---:|---:|---:|\n");
            Map<String, List<Integer>> families = new LinkedHashMap<>();
            for (int s = 0; s < sets.size(); s++) {
                families.computeIfAbsent(sets.get(s).family(), k -> new ArrayList<>()).add(s);
            }
            double[] fo = firstOrderColumn(primary, 1);
            double[] ac = actualColumn(1);
            for (Map.Entry<String, List<Integer>> e : families.entrySet()) {
                double[] x = e.getValue().stream().mapToDouble(s -> fo[s]).toArray();
                double[] y = e.getValue().stream().mapToDouble(s -> ac[s]).toArray();
                Correlations.Result r = Correlations.of(x, y);
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %+.3g | %+.3g |%n", e.getKey(), x.length, r.spearman(), r.pearson(),
                                        Arrays.stream(x).average().orElse(Double.NaN), Arrays.stream(y).average().orElse(Double.NaN)));
            }
            sb.append("\nCurvature backends (same sets, same actual changes; first-order predictions; solve = both queries, "
                      + String.format(Locale.ROOT, "Hessian subsample %,d, CG tolerance 1e-3, damping escalated x10 from the start value until converged", hessianSample)
                      + "):\n\n");
            sb.append("| backend | solve s | solve (epochs) | damping | Spearman loss | Spearman surrogate | Spearman exact MGU | Pearson surrogate | attempts |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (BackendRun r : runs.values()) {
                Correlations.Result l = Correlations.of(firstOrderColumn(r.name(), 0), actualColumn(0));
                Correlations.Result s = Correlations.of(firstOrderColumn(r.name(), 1), actualColumn(1));
                Correlations.Result m = Correlations.of(firstOrderColumn(r.name(), 2), actualColumn(2));
                sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.3g | %.3f | %.3f | %.3f | %.3f | %s |%n", r.name(), r.seconds(),
                                        r.seconds() / epochSeconds, r.damping(), l.spearman(), s.spearman(), m.spearman(), s.pearson(), r.attempts()));
            }
            sb.append(String.format(Locale.ROOT, "%nNoise floor: a second control run with another run seed (other mini-batch order) differs from the "
                                    + "control by loss %+.3g, surrogate %+.3g, exact MGU@10 %+.3g, NDCG@10 %+.3g; median |actual| over the sets: "
                                    + "loss %.3g, surrogate %.3g, exact MGU@10 %.3g.%n", noise.loss(), noise.surrogate(), noise.mgu(), noise.ndcg(),
                                    medianAbs(actualColumn(0)), medianAbs(actualColumn(1)), medianAbs(actualColumn(2))));
            if (!dropped.isEmpty()) {
                sb.append("\nRemoval check: the same sets retrained by really dropping S (other mini-batches than the control):\n\n");
                sb.append("| set | |S| | predicted surrogate (first order) | Newton | actual, S weighted 0 | actual, S dropped |\n|---|---:|---:|---:|---:|---:|\n");
                double[] f1 = firstOrderColumn(primary, 1);
                for (Map.Entry<Integer, Eval> e : dropped.entrySet()) {
                    int s = e.getKey();
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %+.3g | %+.3g | %+.3g | %+.3g |%n", sets.get(s).name(), sets.get(s).indices().length,
                                            f1[s], newton[s].surrogate(), actual[s].surrogate(), e.getValue().surrogate()));
                }
            }
            sb.append(String.format(Locale.ROOT, "%nTimes: queries + calibration %.1f s; per-sample effects for %d directions %.1f s; %d Newton removals "
                                    + "+ exact evaluations %.1f s; %d + 2 retraining epochs %.1f s; whole run %.1f s.%n", queriesSeconds,
                                    2 * runs.size(), effectsSeconds, sets.size(), newtonSeconds, sets.size(), retrainSeconds, wallSeconds));
            sb.append("\nCalibration rows: ").append(calibration).append('\n');
            return sb.toString();
        }

        String csv() {
            StringBuilder sb = new StringBuilder("family,set,size");
            for (String b : firstOrder.keySet()) {
                sb.append(",pred_loss_").append(b).append(",pred_surrogate_").append(b);
            }
            sb.append(",newton_loss,newton_surrogate,newton_mgu,newton_ndcg,actual_loss,actual_surrogate,actual_mgu,actual_ndcg\n");
            for (int s = 0; s < sets.size(); s++) {
                sb.append(sets.get(s).family()).append(",\"").append(sets.get(s).name()).append("\",").append(sets.get(s).indices().length);
                for (double[][] p : firstOrder.values()) {
                    sb.append(String.format(Locale.ROOT, ",%.6g,%.6g", p[s][0], p[s][1]));
                }
                Eval nw = newton[s];
                Eval ac = actual[s];
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g%n", nw.loss(), nw.surrogate(), nw.mgu(), nw.ndcg(),
                                        ac.loss(), ac.surrogate(), ac.mgu(), ac.ndcg()));
            }
            return sb.toString();
        }

        void plots(Path out) throws IOException {
            double[][] nw = new double[QUANTITIES.length][];
            double[][] ac = new double[QUANTITIES.length][];
            for (int q = 0; q < QUANTITIES.length; q++) {
                nw[q] = newtonColumn(q);
                ac[q] = actualColumn(q);
            }
            writePlots(out, sets.stream().map(RemovalSet::family).toList(), nw, ac, primary);
        }
    }

    /**
     * The three predicted-vs-actual scatter plots (PNG and SVG), one series per set family.
     * @param out the directory.
     * @param families each set's family.
     * @param newton per outcome, the Newton-predicted change of each set.
     * @param actual per outcome, the actual change of each set.
     * @param primary the curvature backend of the Newton predictions.
     * @throws IOException if writing fails.
     */
    static void writePlots(Path out, List<String> families, double[][] newton, double[][] actual, String primary) throws IOException {
        String[] files = {"fidelity-loss", "fidelity-surrogate", "fidelity-mgu"};
        for (int q = 0; q < QUANTITIES.length; q++) {
            double[] a = actual[q];
            double[] p = newton[q];
            Correlations.Result r = Correlations.of(p, a);
            XyPlot plot = new XyPlot(String.format(Locale.ROOT, "%s (Spearman %.2f, Pearson %.2f)", QUANTITIES[q], r.spearman(), r.pearson()),
                                     "predicted change (Newton removal, " + primary + ")", "actual change (retrain - control)", true);
            Map<String, List<Integer>> byFamily = new LinkedHashMap<>();
            for (int s = 0; s < families.size(); s++) {
                byFamily.computeIfAbsent(families.get(s), k -> new ArrayList<>()).add(s);
            }
            for (Map.Entry<String, List<Integer>> e : byFamily.entrySet()) {
                plot.add(new XyPlot.Series(e.getKey(), e.getValue().stream().mapToDouble(s -> p[s]).toArray(),
                                           e.getValue().stream().mapToDouble(s -> a[s]).toArray(), false));
            }
            plot.writePng(out.resolve(files[q] + ".png"));
            plot.writeSvg(out.resolve(files[q] + ".svg"));
        }
    }

    /**
     * Newton-predicted vs actual per outcome: the correlations, the least-squares slope of actual on predicted (1 = the
     * prediction has the right scale) and how many sets have the predicted sign.
     */
    static String agreement(double[][] newton, double[][] actual) {
        StringBuilder sb = new StringBuilder("| outcome | Spearman (Newton) | Pearson (Newton) | slope actual/predicted | same sign |\n|---|---:|---:|---:|---:|\n");
        for (int q = 0; q < QUANTITIES.length; q++) {
            double[] x = newton[q];
            double[] y = actual[q];
            Correlations.Result r = Correlations.of(x, y);
            double mx = Arrays.stream(x).average().orElse(Double.NaN);
            double my = Arrays.stream(y).average().orElse(Double.NaN);
            double sxy = 0;
            double sxx = 0;
            int same = 0;
            for (int i = 0; i < x.length; i++) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                same += x[i] * y[i] > 0 ? 1 : 0;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.2f | %d / %d |%n", QUANTITIES[q], r.spearman(), r.pearson(), sxy / sxx, same, x.length));
        }
        return sb.toString();
    }

    /** Redraws the plots of an earlier run from its fidelity-sets.csv (no model, no data needed). */
    static void replot(Path dir, String primary) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("fidelity-sets.csv"), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        String[][] names = {{"newton_loss", "newton_surrogate", "newton_mgu"}, {"actual_loss", "actual_surrogate", "actual_mgu"}};
        int rows = lines.size() - 1;
        double[][][] v = new double[2][QUANTITIES.length][rows];
        List<String> families = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            // Only the set name is quoted, and it holds no quote.
            String[] cells = lines.get(r + 1).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            families.add(cells[0]);
            for (int k = 0; k < 2; k++) {
                for (int q = 0; q < QUANTITIES.length; q++) {
                    int c = header.indexOf(names[k][q]);
                    if (c < 0) {
                        throw new IllegalArgumentException("Column " + names[k][q] + " missing from " + dir.resolve("fidelity-sets.csv"));
                    }
                    v[k][q][r] = Double.parseDouble(cells[c]);
                }
            }
        }
        writePlots(dir, families, v[0], v[1], primary);
        System.out.print(agreement(v[0], v[1]));
    }

    /** Families whose sets were chosen by their predicted effects. */
    private static final List<String> INFLUENCE_CHOSEN = List.of("mgu-lowering", "mgu-raising", "loss-lowering", "loss-raising");

    private static double[] pick(double[] v, List<Integer> idx) {
        return idx.stream().mapToDouble(i -> v[i]).toArray();
    }

    private static double medianAbs(double[] v) {
        double[] a = Arrays.stream(v).filter(Double::isFinite).map(Math::abs).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
