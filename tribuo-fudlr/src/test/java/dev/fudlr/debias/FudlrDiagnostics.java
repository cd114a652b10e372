/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import ai.djl.ndarray.NDArray;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.metric.FairnessMetric;
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
import dev.fudlr.influence.SolveResult;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.unlearn.NewtonRemoval;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A research harness, not a test: on a trained recommender, for several surrogate temperatures, selects the
 * samples whose removal the surrogate predicts to lower the metric most, applies the Newton removal, and compares
 * the predicted change with the exact metric change on audit and test users (and random removal of the same size).
 * <p>
 * Usage: {@code FudlrDiagnostics <ml-100k dir | synthetic> <pretrainEpochs> <epochs> <metric> <fraction> [cache]}.
 */
public final class FudlrDiagnostics {

    private FudlrDiagnostics() {}

    public static void main(String[] args) throws Exception {
        String data = args[0];
        int pre = Integer.parseInt(args[1]);
        int ep = Integer.parseInt(args[2]);
        String metricName = args[3];
        double fraction = Double.parseDouble(args[4]);
        Path cache = args.length > 5 ? Path.of(args[5]) : null;
        double[] taus = args.length > 6 ? Arrays.stream(args[6].split(",")).mapToDouble(Double::parseDouble).toArray()
            : new double[]{0.05, 0.1, 0.25, 0.5, 1.0, 2.0};
        String curvature = args.length > 7 ? args[7] : Curvatures.EXACT;
        double damping = args.length > 8 ? Double.parseDouble(args[8]) : 0.1;

        SampleSplits splits = "synthetic".equals(data)
            ? MovieLensDataSource.splits(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults()), new SampleBuilder())
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(data), new SampleBuilder());
        List<Example<Label>> train = splits.train();
        List<Example<Label>> audit = splits.validation();
        List<Example<Label>> test = splits.test();
        DjlRecommenderModel model;
        if (cache != null && Files.exists(cache)) {
            model = (DjlRecommenderModel) Model.deserializeFromFile(cache);
        } else {
            MovieLensDataSource src = "synthetic".equals(data)
                ? new MovieLensDataSource(SyntheticGenerator.Config.defaults(), SampleSplits.TRAIN, new SampleBuilder())
                : new MovieLensDataSource(MovieLensFormat.ML_100K, Path.of(data), SampleSplits.TRAIN, new SampleBuilder());
            long t0 = System.nanoTime();
            model = LmRecommenderTrainer.builder().pretrainEpochs(pre).epochs(ep).learningRate(3e-3).seed(1).device("cpu")
                .build().trainTransformer(new MutableDataset<>(src));
            System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            if (cache != null) {
                model.serializeToFile(cache);
            }
        }
        int n = train.size();
        List<String> attrs = List.of(SampleEncoding.GENDER);
        AuditData auditData = RecommenderAudit.build(model.items(), train, audit, attrs);
        AuditData testData = RecommenderAudit.build(model.items(), train, test, attrs);
        MetricRegistry registry = MetricRegistry.standard();
        FairnessMetric metric = registry.parse(metricName);
        FairnessMetric ndcg = registry.parse("ndcg@10");
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), 256)) {
            SampleLoss trainLoss = RecommenderObjectives.loss(model, train);
            ScoreFunction auditScores = RecommenderObjectives.scores(model, audit);
            ScoreFunction testScores = RecommenderObjectives.scores(model, test);
            NDArray theta = engine.theta();
            double[] thetaHost = engine.space().toHost(theta);
            Surrogate[] surrogates = new Surrogate[taus.length];
            NDArray[] queries = new NDArray[taus.length];
            double[] surrogateBefore = new double[taus.length];
            for (int t = 0; t < taus.length; t++) {
                surrogates[t] = metric.surrogate(SurrogateSettings.DEFAULT.withTemperature(taus[t]));
                GradientEngine.ValueAndGradient vg = engine.surrogateGradient(auditScores, SurrogateObjective.of(surrogates[t], auditData), null);
                surrogateBefore[t] = vg.value();
                queries[t] = vg.gradient();
            }
            double[] exactBeforeA = exact(engine, auditScores, theta, auditData, metric, ndcg);
            double[] exactBeforeT = exact(engine, testScores, theta, testData, metric, ndcg);
            System.out.printf(Locale.ROOT, "n=%d params=%d audit %s=%.4f ndcg=%.4f | test %.4f ndcg=%.4f%n", n,
                              engine.space().size(), metricName, exactBeforeA[0], exactBeforeA[1], exactBeforeT[0], exactBeforeT[1]);
            int[] hs = Curvatures.subsample(n, 2000, 12345L);
            long t0 = System.nanoTime();
            CurvatureOperator curv = Curvatures.create(curvature, engine, trainLoss, hs, 0.0);
            ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-3, 100);
            double lambda = damping;
            InfluenceCalculator calc = new InfluenceCalculator(engine, trainLoss, curv, cg, lambda);
            SolveResult[] solved = calc.solve(queries);
            NDArray[] dirs = new NDArray[taus.length];
            for (int t = 0; t < taus.length; t++) {
                dirs[t] = solved[t].solution();
                System.out.println("solve tau=" + taus[t] + " " + solved[t]);
            }
            double[][] effects = calc.removalScores(GradientEngine.range(n), GradientEngine.DirectionalMode.EXACT, dirs);
            System.out.printf(Locale.ROOT, "solves+effects %.1f s%n", (System.nanoTime() - t0) / 1e9);
            // Rank agreement of the per-sample effects between temperatures.
            NewtonRemoval removal = new NewtonRemoval(engine, trainLoss, curv, cg, lambda, 10.0, 100.0);
            int size = (int) Math.round(fraction * n);
            System.out.println("tau | surr before | sel | pred dSurr | actual dSurr | audit dExact (rel) | test dExact (rel) | audit dNDCG | test dNDCG | x3: audit dExact, dNDCG");
            List<int[]> sets = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int t = 0; t < taus.length; t++) {
                final int tt = t;
                int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> effects[i][tt]))
                    .mapToInt(Integer::intValue).toArray();
                sets.add(Arrays.copyOf(order, size));
                labels.add("tau=" + taus[t]);
            }
            SplittableRandom rnd = new SplittableRandom(99);
            int[] perm = IntStream.range(0, n).toArray();
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int x = perm[i]; perm[i] = perm[j]; perm[j] = x;
            }
            sets.add(Arrays.copyOf(perm, size));
            labels.add("random");
            for (int s = 0; s < sets.size(); s++) {
                int[] set = sets.get(s);
                NewtonRemoval.Result r = removal.remove(set);
                double[] after = r.thetaAfter();
                StringBuilder sb = new StringBuilder(labels.get(s));
                for (double scale : new double[]{1.0, 3.0}) {
                    double[] scaled = new double[after.length];
                    for (int j = 0; j < after.length; j++) {
                        scaled[j] = thetaHost[j] + scale * (after[j] - thetaHost[j]);
                    }
                    NDArray at = engine.space().fromHost(engine.vectors(), scaled);
                    double[] ea = exact(engine, auditScores, at, auditData, metric, ndcg);
                    double[] et = exact(engine, testScores, at, testData, metric, ndcg);
                    if (scale == 1.0) {
                        int tIdx = Math.min(s, taus.length - 1);
                        double pred = 0;
                        for (int i : set) {
                            pred += effects[i][tIdx];
                        }
                        double surrAfter = surrogates[tIdx].value(SurrogateObjective.scores(engine, auditScores, at), auditData);
                        sb.append(String.format(Locale.ROOT, " | %.4f | %d | %+.5f | %+.5f", surrogateBefore[tIdx], set.length, pred,
                                                surrAfter - surrogateBefore[tIdx]));
                        sb.append(String.format(Locale.ROOT, " | %+.4f (%+.1f%%) | %+.4f (%+.1f%%) | %+.4f | %+.4f",
                                                ea[0] - exactBeforeA[0], 100 * (ea[0] / exactBeforeA[0] - 1),
                                                et[0] - exactBeforeT[0], 100 * (et[0] / exactBeforeT[0] - 1),
                                                ea[1] - exactBeforeA[1], et[1] - exactBeforeT[1]));
                    } else {
                        sb.append(String.format(Locale.ROOT, " | x%.0f: %+.1f%%, %+.4f | test %+.1f%%, %+.4f", scale,
                                                100 * (ea[0] / exactBeforeA[0] - 1), ea[1] - exactBeforeA[1],
                                                100 * (et[0] / exactBeforeT[0] - 1), et[1] - exactBeforeT[1]));
                    }
                    at.close();
                }
                sb.append(String.format(Locale.ROOT, " | step %.4g damping %.3g", r.stepNorm(), r.damping()));
                System.out.println(sb);
            }
        }
    }

    private static double[] exact(GradientEngine engine, ScoreFunction f, NDArray at, AuditData data,
                                  FairnessMetric metric, FairnessMetric ndcg) {
        Recommendations recs = Recommendations.fromScores(SurrogateObjective.scores(engine, f, at), data, Math.max(10, metric.cutoff()));
        return new double[]{metric.compute(recs).value(), ndcg.compute(recs).value()};
    }
}
