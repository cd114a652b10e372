/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.debias.FudlrStage;
import ai.djl.ndarray.NDArray;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.debias.baselines.GroupReweightRetrain;
import dev.fudlr.debias.baselines.RetrainingMode;
import dev.fudlr.reliability.EnumChoices;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceCalculator;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.ScoreFunction;
import dev.fudlr.debias.stage.DampedSolve;
import dev.fudlr.debias.stage.MaskSelection;
import dev.fudlr.debias.stage.TemperatureCalibration;
import dev.fudlr.mask.MaskProblem;
import dev.fudlr.mask.MaskResult;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.RecommenderScorer;
import dev.fudlr.unlearn.NewtonRemoval;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fairness / accuracy trade-off sweep for MGU@10 (5 points by default; the published one has 10): FUDLR scores once
 * (calibration, surrogate gradients, Gauss-Newton solves, per-sample effects, the mask), then each operating point is
 * one Newton removal of the first |S| samples in the mask / net-benefit order plus a re-audit; the same removal sets
 * are retrained (warm: one LoRA epoch from the base without S; cold: 3 + 1 epochs from scratch for the {@code --cold}
 * points), and IFairLRS-style group reweighting is retrained warm at each {@code --alphas} strength. Every model is evaluated on the test users; costs are in
 * epoch-equivalents (one LoRA epoch over all training samples, timed in the same run).
 * <p>
 * Usage: {@code TradeOffSweep [--data DIR|synthetic] [--quick] [--seed 1] [--model-cache DIR] [--out DIR]
 * [--fractions 0.02,0.04,0.06,0.08,0.10] [--cold 0.02,0.10] [--alphas 0.2,0.4,0.6,0.8,1.0] [--reweight-target calibrated]};
 * {@code --replot DIR} redraws the plot of an earlier run from its CSV.
 */
public final class TradeOffSweep {


    private TradeOffSweep() {}

    /** One evaluated operating point. */
    record Point(String method, String setting, int removed, double seconds, double valMgu, double valNdcg, double testMgu,
                 double testNdcg, String note) {}

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = BenchSupport.parse(args, List.of(
            "alphas", "cold", "data", "fractions", "model-cache", "out", "replot", "reweight-target", "seed"));
        boolean quick = opt.containsKey("quick");
        String data = opt.getOrDefault("data", quick ? "synthetic" : "../shared/data/ml-100k");
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        Path cache = opt.containsKey("model-cache") ? Path.of(opt.get("model-cache")) : null;
        Path out = Path.of(opt.getOrDefault("out", "target/bench-tradeoff"));
        double[] fractions = doubles(opt.getOrDefault("fractions", "0.02,0.04,0.06,0.08,0.10"));
        double[] cold = opt.getOrDefault("cold", "0.02,0.10").isEmpty() ? new double[0] : doubles(opt.getOrDefault("cold", "0.02,0.10"));
        double[] alphas = doubles(opt.getOrDefault("alphas", "0.2,0.4,0.6,0.8,1.0"));
        // The option keeps its lowercase values (uniform, history, calibrated); any case is accepted.
        GroupReweightRetrain.Target reweightTarget = EnumChoices.parse(GroupReweightRetrain.Target.class,
                                                                       opt.getOrDefault("reweight-target", "calibrated"));
        Files.createDirectories(out);
        if (opt.containsKey("replot")) {
            replot(Path.of(opt.get("replot")));
            return;
        }
        long wall0 = System.nanoTime();

        SampleSplits splits = BenchSupport.splits(data);
        List<Example<Label>> train = splits.train();
        MutableDataset<Label> trainData = BenchSupport.dataset(train, "train");
        BenchSupport.Base b = BenchSupport.base(cache, seed, quick, trainData);
        DjlRecommenderModel base = b.model();
        List<Example<Label>> audit = BenchSupport.inCatalogue(base, splits.validation());
        MutableDataset<Label> auditDataset = BenchSupport.dataset(audit, "validation");
        List<Example<Label>> test = splits.test();
        int n = train.size();
        MetricRegistry registry = MetricRegistry.standard();
        FairnessMetric mgu = registry.parse("mgu@10");
        FairnessMetric ndcg = registry.parse("ndcg@10");
        AuditData testAudit = RecommenderAudit.build(base.items(), train, test, List.of(SampleEncoding.GENDER));
        LmRecommenderTrainer trainer = BenchSupport.trainer(seed, quick);

        // The cost unit: one LoRA epoch over all training samples, from the base, this run.
        long u0 = System.nanoTime();
        trainer.setInvocationCount(0);
        trainer.continueTraining(base, trainData, 1).close();
        double epoch = BenchSupport.since(u0);
        BenchSupport.log("one LoRA epoch: %.1f s", epoch);

        List<Point> points = new ArrayList<>();
        double[] baseTest = evaluate(base, test, testAudit, mgu, ndcg);
        Map<String, Double> stages = new LinkedHashMap<>();
        int[] order;
        int[] sizes = new int[fractions.length];
        for (int p = 0; p < fractions.length; p++) {
            sizes[p] = (int) Math.round(fractions[p] * n);
        }
        String maskNote;
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(base), base.manager(), 256)) {
            // --- FUDLR scoring, as FudlrTransformer does it (defaults: Gauss-Newton, damping 0.01, subsample 2000)
            long t = System.nanoTime();
            AuditData auditData = RecommenderAudit.build(base.items(), train, audit, List.of(SampleEncoding.GENDER));
            ScoreMatrix scores0 = ScoreMatrix.ofFloats(base.scores(audit));
            Recommendations recs0 = Recommendations.fromScores(scores0, auditData, 10);
            double valMgu0 = mgu.compute(recs0).value();
            double valNdcg0 = ndcg.compute(recs0).value();
            stages.put(FudlrStage.AUDIT.id(), BenchSupport.since(t));
            t = System.nanoTime();
            double tauMgu = calibrate(mgu, scores0, auditData);
            double tauNdcg = calibrate(ndcg, scores0, auditData);
            stages.put(FudlrStage.CALIBRATION.id(), BenchSupport.since(t));
            t = System.nanoTime();
            SampleLoss trainLoss = RecommenderObjectives.loss(base, train);
            ScoreFunction auditScores = RecommenderObjectives.scores(base, audit);
            GradientEngine.ValueAndGradient fair = engine.surrogateGradient(auditScores, dev.fudlr.debias.SurrogateObjective.of(
                mgu.surrogate(SurrogateSettings.DEFAULT.withTemperature(tauMgu)), auditData), null);
            GradientEngine.ValueAndGradient acc = engine.surrogateGradient(auditScores, dev.fudlr.debias.SurrogateObjective.of(
                ndcg.surrogate(SurrogateSettings.DEFAULT.withTemperature(tauNdcg)), auditData), null);
            NDArray accQuery = acc.gradient().neg();
            stages.put(FudlrStage.SURROGATE_GRADIENTS.id(), BenchSupport.since(t));
            t = System.nanoTime();
            double wd = weightDecay(base);
            CurvatureOperator curv = Curvatures.create(Curvatures.FISHER, engine, trainLoss, Curvatures.subsample(n, 2000, 12345L), wd);
            ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-3, 100);
            DampedSolve.Outcome solved = DampedSolve.DEFAULT.solve(engine, trainLoss, curv, cg, fair.gradient(), accQuery);
            double lambda = solved.damping();
            stages.put(FudlrStage.INFLUENCE_SOLVES.id(), BenchSupport.since(t));
            t = System.nanoTime();
            double[][] effects = new InfluenceCalculator(engine, trainLoss, curv, cg, lambda)
                .removalScores(GradientEngine.range(n), GradientEngine.DirectionalMode.EXACT, solved.directions());
            stages.put(FudlrStage.PER_SAMPLE_EFFECTS.id(), BenchSupport.since(t));
            t = System.nanoTime();
            // The product's mask stage: problem, optimiser and removal order (FudlrTransformer's defaults: beta 1,
            // gamma 0.1, eta 0.1, 300 steps at 0.1, threshold 0.5); a point beyond the mask's own count continues
            // with the next-best samples.
            MaskProblem problem = MaskSelection.problem(effects, List.of(mgu), new double[]{1.0}, new double[]{fair.value()}, acc.value(),
                                                        1.0, 0.1, 0.1);
            MaskResult mask = MaskSelection.optimizer(300, 0.1, 0.0, 12345L).optimize(problem);
            double[] m = mask.mask();
            order = MaskSelection.removalOrder(problem, m, 0.5);
            long above = Arrays.stream(m).filter(v -> v > 0.5).count();
            stages.put(FudlrStage.MASK.id(), BenchSupport.since(t));
            maskNote = String.format(Locale.ROOT, "mask selected %d samples (%.1f%% of n) above 0.5; calibrated tau MGU %.3g, NDCG %.3g; damping %.3g",
                                     above, 100.0 * above / n, tauMgu, tauNdcg, lambda);
            BenchSupport.log("FUDLR scoring: %s; %s", stages, maskNote);

            // --- FUDLR points: one Newton removal + re-audit each
            NewtonRemoval removal = new NewtonRemoval(engine, trainLoss, curv, cg, lambda, DampedSolve.DEFAULT_ESCALATION, DampedSolve.DEFAULT_MAX_DAMPING);
            for (int p = 0; p < fractions.length; p++) {
                int[] set = Arrays.copyOf(order, sizes[p]);
                long p0 = System.nanoTime();
                NewtonRemoval.Result r = removal.remove(set);
                DjlRecommenderModel edited = base.copyWithTrainableParameters(r.thetaAfter(), base.getProvenance());
                double[] val = evaluate(edited, audit, auditData, mgu, ndcg);
                double seconds = BenchSupport.since(p0);
                double[] te = evaluate(edited, test, testAudit, mgu, ndcg);
                edited.close();
                points.add(new Point("fudlr", pct(fractions[p]), set.length, seconds, val[0], val[1], te[0], te[1],
                                     "Newton removal + validation re-audit; damping " + r.damping()));
                BenchSupport.log("fudlr %s: %.1f s, test MGU %.4f NDCG %.4f", pct(fractions[p]), seconds, te[0], te[1]);
            }
            points.add(0, new Point("base", "-", 0, Double.NaN, valMgu0, valNdcg0, baseTest[0], baseTest[1], b.trainSeconds() > 0
                ? String.format(Locale.ROOT, "trained in %.0f s", b.trainSeconds()) : "from the model cache"));
            fair.gradient().close();
            acc.gradient().close();
            accQuery.close();
            for (NDArray d : solved.directions()) {
                d.close();
            }
        }
        AuditData auditData = RecommenderAudit.build(base.items(), train, audit, List.of(SampleEncoding.GENDER));

        // --- retraining without S, warm (1 LoRA epoch from the base, same run seed as the unit epoch)
        for (int p = 0; p < fractions.length; p++) {
            int[] set = Arrays.copyOf(order, sizes[p]);
            long p0 = System.nanoTime();
            trainer.setInvocationCount(0);
            DjlRecommenderModel warm = trainer.continueTraining(base, BenchSupport.without(trainData, set), 1);
            double[] val = evaluate(warm, audit, auditData, mgu, ndcg);
            double seconds = BenchSupport.since(p0);
            double[] te = evaluate(warm, test, testAudit, mgu, ndcg);
            warm.close();
            points.add(new Point("retrain-warm", pct(fractions[p]), set.length, seconds, val[0], val[1], te[0], te[1], "1 LoRA epoch from the base without S"));
            BenchSupport.log("retrain-warm %s: %.1f s, test MGU %.4f NDCG %.4f", pct(fractions[p]), seconds, te[0], te[1]);
        }
        // --- cold retraining for the chosen points only
        for (double f : cold) {
            int[] set = Arrays.copyOf(order, (int) Math.round(f * n));
            long p0 = System.nanoTime();
            DjlRecommenderModel re = BenchSupport.trainer(seed, quick).trainTransformer(BenchSupport.without(trainData, set));
            double[] val = evaluate(re, audit, auditData, mgu, ndcg);
            double seconds = BenchSupport.since(p0);
            double[] te = evaluate(re, test, testAudit, mgu, ndcg);
            re.close();
            points.add(new Point("retrain-cold", pct(f), set.length, seconds, val[0], val[1], te[0], te[1],
                                 (quick ? BenchSupport.QUICK_PRETRAIN_EPOCHS : BenchSupport.PRETRAIN_EPOCHS) + " + 1 epochs from scratch without S"));
            BenchSupport.log("retrain-cold %s: %.1f s, test MGU %.4f NDCG %.4f", pct(f), seconds, te[0], te[1]);
        }
        // --- IFairLRS-style group reweighting + warm retraining at 5 strengths
        for (double alpha : alphas) {
            GroupReweightRetrain rw = GroupReweightRetrain.builder().target(reweightTarget).alpha(alpha).mode(RetrainingMode.WARM).warmEpochs(1)
                .trainer(BenchSupport.trainer(seed, quick)).build();
            long p0 = System.nanoTime();
            Model<Label> model = rw.transform(base, trainData, auditDataset).model();
            double[] val = evaluate((RecommenderScorer) model, audit, auditData, mgu, ndcg);
            double seconds = BenchSupport.since(p0);
            double[] te = evaluate((RecommenderScorer) model, test, testAudit, mgu, ndcg);
            if (model instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) model).close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            points.add(new Point("reweight-warm", String.format(Locale.ROOT, "alpha %.2f", alpha), 0, seconds, val[0], val[1], te[0], te[1],
                                 "group weights (pop, " + reweightTarget.label() + " target) + 1 LoRA epoch"));
            BenchSupport.log("reweight alpha %.2f: %.1f s, test MGU %.4f NDCG %.4f", alpha, seconds, te[0], te[1]);
        }
        double wall = BenchSupport.since(wall0);
        Report rep = new Report(data, quick, seed, n, test.size(), base.numTrainableParameters(), epoch, stages, points, fractions, cold, maskNote, wall);
        base.close();
        String md = rep.markdown();
        Files.writeString(out.resolve("tradeoff.md"), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("tradeoff.csv"), rep.csv(), StandardCharsets.UTF_8);
        rep.plot(out);
        System.out.println(md);
        System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %s; wall %.1f s%n", BenchSupport.peakRss(), wall);
    }

    /** Redraws the trade-off plot of an earlier run from its tradeoff.csv. */
    static void replot(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("tradeoff.csv"), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int mgu = header.indexOf("test_mgu10");
        int ndcg = header.indexOf("test_ndcg10");
        List<Point> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            points.add(new Point(c[0], c[1], 0, Double.NaN, Double.NaN, Double.NaN, Double.parseDouble(c[mgu]), Double.parseDouble(c[ndcg]), ""));
        }
        new Report("", false, 0, 0, 0, 0, Double.NaN, Map.of(), points, new double[0], new double[0], "", Double.NaN).plot(dir);
    }

    private static double calibrate(FairnessMetric metric, ScoreMatrix scores, AuditData audit) {
        TemperatureCalibration.Outcome o = TemperatureCalibration.DEFAULT.calibrate(metric, scores, audit);
        if (!o.calibrated()) {
            BenchSupport.log("no calibrated temperature for %s (%s); using 0.1", metric.name(), o.rows());
            return 0.1;
        }
        return o.temperature();
    }

    /** MGU@10 and NDCG@10 of a model on the given users. */
    static double[] evaluate(RecommenderScorer model, List<Example<Label>> users, AuditData audit, FairnessMetric mgu, FairnessMetric ndcg) {
        Recommendations recs = Recommendations.fromScores(ScoreMatrix.ofFloats(model.scores(users)), audit, 10);
        return new double[]{mgu.compute(recs).value(), ndcg.compute(recs).value()};
    }

    private static double weightDecay(DjlRecommenderModel model) {
        Provenance p = model.getProvenance().getTrainerProvenance().getConfiguredParameters().get("weightDecay");
        return p instanceof DoubleProvenance ? ((DoubleProvenance) p).getValue() : 0.0;
    }

    private static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%% of n", 100 * f);
    }

    /** Tables, CSV and the plot. */
    private record Report(String data, boolean quick, long seed, int n, int testUsers, int parameters, double epoch,
                          Map<String, Double> stages, List<Point> points, double[] fractions, double[] cold, String maskNote,
                          double wall) {

        Point base() {
            return points.stream().filter(p -> p.method().equals("base")).findFirst().orElseThrow();
        }

        List<Point> of(String method) {
            return points.stream().filter(p -> p.method().equals(method)).toList();
        }

        double scoring() {
            return stages.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        String markdown() {
            Point base = base();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Data %s%s, seed %d: n = %,d training samples, %d test users, %,d LoRA parameters. Cost unit: one "
                                    + "LoRA epoch over all samples = %.1f s (this run). Base on the test users: MGU@10 %.4f, NDCG@10 %.4f. %s.%n%n",
                                    data, quick ? " (quick: small model)" : "", seed, n, testUsers, parameters, epoch, base.testMgu(), base.testNdcg(),
                                    maskNote));
            sb.append("FUDLR scoring stages (s): ");
            stages.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.2f, ", k, v)));
            sb.append(String.format(Locale.ROOT, "total %.1f s = %.2f epoch-eq.%n%n", scoring(), scoring() / epoch));
            sb.append("| method | point | |S| | cost (epoch-eq) | val MGU@10 | test MGU@10 | Δ test MGU | test NDCG@10 | Δ test NDCG |\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Point p : points) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.4f | %.4f | %s | %.4f | %s |%n", p.method(), p.setting(), p.removed(),
                                        Double.isNaN(p.seconds()) ? "-" : String.format(Locale.ROOT, "%.3f", p.seconds() / epoch), p.valMgu(),
                                        p.testMgu(), rel(p.testMgu(), base.testMgu()), p.testNdcg(), rel(p.testNdcg(), base.testNdcg())));
            }
            List<Point> fudlr = of("fudlr");
            List<Point> warm = of("retrain-warm");
            List<Point> coldPts = of("retrain-cold");
            List<Point> reweight = of("reweight-warm");
            double fullDebias = scoring() + fudlr.get(0).seconds();
            double further = fudlr.stream().skip(1).mapToDouble(Point::seconds).max().orElse(Double.NaN);
            double furtherMean = fudlr.stream().skip(1).mapToDouble(Point::seconds).average().orElse(Double.NaN);
            double fudlrSweep = scoring() + fudlr.stream().mapToDouble(Point::seconds).sum();
            double warmSweep = warm.stream().mapToDouble(Point::seconds).sum();
            double reweightSweep = reweight.stream().mapToDouble(Point::seconds).sum();
            double coldMean = coldPts.stream().mapToDouble(Point::seconds).average().orElse(Double.NaN);
            // Cold cost barely depends on |S| (epochs over n - |S| samples): unmeasured points are extrapolated by the mean.
            int points = fractions.length;
            boolean coldAll = coldPts.size() == points;
            double coldSweep = coldAll ? coldPts.stream().mapToDouble(Point::seconds).sum() : coldMean * points;
            sb.append(String.format(Locale.ROOT, "%nCosts in epoch-equivalents (1 = %.1f s); targets of issue 8 / issue 23:%n%n", epoch));
            sb.append("| quantity | value | target (8 / 23) | met? |\n|---|---:|---:|---|\n");
            sb.append(String.format(Locale.ROOT, "| FUDLR full debias (scoring + mask + first point's update and re-audit) | %.2f | <= 2 / <= 1 | %s |%n",
                                    fullDebias / epoch, yes2(fullDebias / epoch <= 2, fullDebias / epoch <= 1)));
            sb.append(String.format(Locale.ROOT, "| FUDLR each further point (max; mean %.3f) | %.3f | <= 0.3 / <= 0.1 | %s |%n", furtherMean / epoch,
                                    further / epoch, yes2(further / epoch <= 0.3, further / epoch <= 0.1)));
            sb.append(String.format(Locale.ROOT, "| FUDLR %d-point sweep | %.2f | | |%n", points, fudlrSweep / epoch));
            sb.append(String.format(Locale.ROOT, "| retrain without S, warm, %d points | %.2f | | |%n", points, warmSweep / epoch));
            sb.append(String.format(Locale.ROOT, "| retrain without S, cold, %d points (%s) | %.2f | | |%n", points,
                                    coldAll ? "all measured" : coldPts.size() + " measured, mean x " + points, coldSweep / epoch));
            sb.append(String.format(Locale.ROOT, "| reweight + warm retrain, %d points | %.2f | | |%n", reweight.size(), reweightSweep / epoch));
            sb.append(String.format(Locale.ROOT, "| sweep ratio: warm retraining / FUDLR | %.2fx | >= 5x / >= 10x | %s |%n", warmSweep / fudlrSweep,
                                    yes2(warmSweep / fudlrSweep >= 5, warmSweep / fudlrSweep >= 10)));
            sb.append(String.format(Locale.ROOT, "| sweep ratio: cold retraining / FUDLR | %.2fx | >= 5x / >= 30x | %s |%n", coldSweep / fudlrSweep,
                                    yes2(coldSweep / fudlrSweep >= 5, coldSweep / fudlrSweep >= 30)));
            sb.append(String.format(Locale.ROOT, "| sweep ratio: reweight + retrain / FUDLR | %.2fx | >= 5x / >= 10x | %s |%n", reweightSweep / fudlrSweep,
                                    yes2(reweightSweep / fudlrSweep >= 5, reweightSweep / fudlrSweep >= 10)));
            sb.append("\nPoints meeting the quality target (test MGU@10 down >= 30% at a relative NDCG@10 loss <= 3%):\n\n");
            for (String method : List.of("fudlr", "retrain-warm", "retrain-cold", "reweight-warm")) {
                List<String> ok = new ArrayList<>();
                for (Point p : of(method)) {
                    double dm = (p.testMgu() - base.testMgu()) / base.testMgu();
                    double dn = (p.testNdcg() - base.testNdcg()) / base.testNdcg();
                    if (dm <= -0.30 && dn >= -0.03) {
                        ok.add(p.setting());
                    }
                }
                sb.append("* ").append(method).append(": ").append(ok.isEmpty() ? "none" : String.join(", ", ok)).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "%nWhole run %.1f s.%n", wall));
            return sb.toString();
        }

        String csv() {
            StringBuilder sb = new StringBuilder("method,point,removed,seconds,epoch_seconds,val_mgu10,val_ndcg10,test_mgu10,test_ndcg10,note\n");
            for (Point p : points) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.3f,%.6f,%.6f,%.6f,%.6f,\"%s\"%n", p.method(), p.setting(), p.removed(), p.seconds(),
                                        epoch, p.valMgu(), p.valNdcg(), p.testMgu(), p.testNdcg(), p.note().replace("\"", "'")));
            }
            return sb.toString();
        }

        void plot(Path out) throws IOException {
            XyPlot plot = new XyPlot("MGU@10 / NDCG@10 trade-off on the test users", "test MGU@10 (lower = fairer)", "test NDCG@10", false);
            Point base = base();
            plot.add(new XyPlot.Series("base", new double[]{base.testMgu()}, new double[]{base.testNdcg()}, false));
            for (String method : List.of("fudlr", "retrain-warm", "retrain-cold", "reweight-warm")) {
                List<Point> ps = of(method);
                if (!ps.isEmpty()) {
                    plot.add(new XyPlot.Series(method, ps.stream().mapToDouble(Point::testMgu).toArray(),
                                               ps.stream().mapToDouble(Point::testNdcg).toArray(), true));
                }
            }
            plot.writePng(out.resolve("tradeoff.png"));
            plot.writeSvg(out.resolve("tradeoff.svg"));
        }

        private static String rel(double v, double base) {
            return String.format(Locale.ROOT, "%+.1f%%", 100 * (v - base) / base);
        }

        private static String yes(boolean b) {
            return b ? "yes" : "no";
        }

        /** Met? for issue 8's target, then issue 23's. */
        private static String yes2(boolean issue8, boolean issue23) {
            return yes(issue8) + " / " + yes(issue23);
        }
    }
}
