/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.DebiasRefusedException;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.baselines.ScorerAudit;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.evaluation.Bootstrap;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.RecommenderScorer;
import dev.fudlr.model.baseline.MostPopularTrainer;
import dev.fudlr.unlearn.UnlearningCertificate;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fudlr demo}: the README's main job. Trains a most-popular reference and the LoRA item transformer on
 * the embedded synthetic data (or {@code --data}), prints their ranking metrics on the test users, then debiases
 * the transformer for popularity bias with FUDLR and prints MGU@10 / NDCG@10 / HR@10 before and after on the test
 * users (or FUDLR's refusal and its reason).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
         description = "Train the recommenders end to end on the embedded synthetic data (or --data) and print ranking metrics.")
final class DemoCommand implements Callable<Integer> {

    static final int[] KS = {5, 10, 20};

    /** The demo's fairness objective (popularity bias). */
    static final String OBJECTIVE = "mgu@10";

    /** Metrics reported on the test users before and after debiasing. */
    static final List<String> TEST_METRICS = List.of(OBJECTIVE, "ndcg@10", "hr@10");

    /** Bootstrap resamples of the paired intervals. */
    static final int RESAMPLES = 1000;

    /**
     * Users of the embedded synthetic data in the demo (other commands default to a smaller set): with 2,000 test
     * users one user's hit is 0.05% of HR@10, so the demo's before/after changes can be told from noise.
     */
    static final int DEMO_SYNTHETIC_USERS = 2000;

    @Mixin
    DataOptions data;

    @Option(names = "--pretrain-epochs", defaultValue = "" + LmRecommenderTrainer.DEFAULT_PRETRAIN_EPOCHS, description = "Epochs of full training of the base transformer (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(names = "--epochs", defaultValue = "" + LmRecommenderTrainer.DEFAULT_EPOCHS, description = "Epochs of LoRA-only fine-tuning (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "" + LmRecommenderTrainer.DEFAULT_LEARNING_RATE, description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--debias", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Then debias the transformer for popularity bias (MGU@10) with FUDLR and compare on the test users (default: ${DEFAULT-VALUE}).")
    boolean debias;

    @Option(names = "--accuracy-tolerance",
            description = "FUDLR's largest accepted relative drop of validation NDCG@10 (default: the library's, 0.03).")
    Double accuracyTolerance;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:<i> (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (spec != null && !spec.commandLine().getParseResult().hasMatchedOption("--synthetic-users")) {
            data.syntheticUsers = DEMO_SYNTHETIC_USERS;
        }
        data.check();
        out.println("fudlr demo: data " + data.describe());
        out.println("  CPU numerics: " + cpuNumerics());
        RecommenderDataSource trainSource = data.source(SampleSplits.TRAIN);
        SampleSplits splits = trainSource.getSplits();
        MutableDataset<Label> train = new MutableDataset<>(trainSource);
        MutableDataset<Label> test = new MutableDataset<>(data.source(SampleSplits.TEST));
        out.printf("  %d users, %d items, %d training samples, %d test users%n",
                   splits.users().size(), splits.catalogue().size(), train.size(), test.size());

        Map<String, Trainer<Label>> trainers = new LinkedHashMap<>();
        trainers.put("most-popular", new MostPopularTrainer(false));
        LmRecommenderTrainer transformer = LmRecommenderTrainer.builder()
            .maxHistory(data.historyLength).pretrainEpochs(pretrainEpochs).epochs(epochs)
            .learningRate(learningRate).seed(seed).device(device).build();
        trainers.put("lora-transformer", transformer);

        RecommenderComparison comparison = new RecommenderComparison(train, test, splits.seenItems(SampleSplits.TEST), KS);
        List<RecommenderComparison.Row> rows = comparison.run(trainers);
        out.println();
        out.println("Ranking on the test users (each user's earlier items excluded):");
        out.print(RecommenderComparison.table(rows, KS));
        double perEpoch = rows.get(1).trainSeconds() / Math.max(1, pretrainEpochs + epochs);
        out.printf("%ntransformer: %s%n  %.2f s per epoch on average over %d epochs%n",
                   transformer, perEpoch, pretrainEpochs + epochs);
        if (debias) {
            debias(out, rows.get(1).model(), train, test);
        }
        rows.forEach(r -> {
            if (r.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Native memory is freed with the JVM anyway.
                }
            }
        });
        return 0;
    }

    /**
     * FUDLR on the trained transformer (audit = validation users), then exact metrics before/after on the test users
     * with paired bootstrap intervals of the change, and the unlearning certificate in one line.
     */
    private void debias(PrintStream out, Model<Label> model, MutableDataset<Label> train, MutableDataset<Label> test) {
        MutableDataset<Label> validation = new MutableDataset<>(data.source(SampleSplits.VALIDATION));
        FudlrTransformer.Builder builder = FudlrTransformer.builder().objectives(OBJECTIVE).seed(seed);
        if (accuracyTolerance != null) {
            builder.accuracyTolerance(accuracyTolerance);
        }
        FudlrTransformer fudlr = builder.build();
        out.printf("%nFUDLR (popularity bias, %s; audit = %d validation users; library defaults):%n", OBJECTIVE, validation.size());
        try {
            PostTrainingResult<Label> result = fudlr.transform(model, train, validation);
            FudlrReport report = (FudlrReport) result.report();
            out.printf("  unlearned %d of %d training samples in %.1f s; audit %s %.4f -> %.4f, ndcg@10 %.4f -> %.4f%n",
                       report.unlearnedIds().size(), train.size(),
                       report.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum(), OBJECTIVE,
                       report.metricsBefore().get(OBJECTIVE), report.metricsAfter().get(OBJECTIVE),
                       report.metricsBefore().get("ndcg@10"), report.metricsAfter().get("ndcg@10"));
            printTestChanges(out, model, result.model(), train, test);
            printCertificate(out, report.certificate());
            if (result.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Native memory is freed with the JVM anyway.
                }
            }
        } catch (DebiasRefusedException e) {
            out.println("  " + e.getMessage());
            out.println("  hint: " + e.hint());
        }
    }

    /** Test metrics before and after, each change with its paired 95% bootstrap interval over the test users. */
    private void printTestChanges(PrintStream out, Model<Label> before, Model<Label> after, MutableDataset<Label> train,
                                  MutableDataset<Label> test) {
        List<FairnessMetric> metrics = MetricRegistry.standard().parseAll(TEST_METRICS);
        int k = ScorerAudit.cutoff(metrics);
        Recommendations x0 = ScorerAudit.recommendations((RecommenderScorer) before, train.getData(), test.getData(), k, List.of());
        Recommendations x1 = ScorerAudit.recommendations((RecommenderScorer) after, train.getData(), test.getData(), k, List.of());
        Map<String, Bootstrap.Interval> changes = Bootstrap.pairedDifferences(metrics, x0, x1, null, RESAMPLES, 0.95, seed);
        out.printf("  test users (%d); change after - before with its paired 95%% bootstrap interval (%,d resamples of users):%n",
                   x0.numUsers(), RESAMPLES);
        for (FairnessMetric m : metrics) {
            Bootstrap.Interval ci = changes.get(m.name());
            double v0 = m.value(x0);
            out.printf(Locale.ROOT, "  test %-8s %.4f -> %.4f  change %+.4f (%+.1f%%) [%+.4f, %+.4f]%s%n", m.name(), v0, m.value(x1),
                       ci.value(), 100 * ci.value() / v0, ci.lower(), ci.upper(),
                       ci.lower() > 0 || ci.upper() < 0 ? "" : "  (interval includes 0: not resolved on these users)");
        }
    }

    /**
     * The settings that decide libtorch's CPU numerics (the launcher pins them; docs/reliability.md): with the same
     * values the demo trains the same model on any x86-64 CPU with AVX2.
     */
    static String cpuNumerics() {
        return "ATen kernels " + env("ATEN_CPU_CAPABILITY", "native") + ", MKL " + env("MKL_CBWR", "native path")
               + ", " + env("OMP_NUM_THREADS", "all cores as") + " threads (docs/reliability.md)";
    }

    private static String env(String name, String unset) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? unset : v;
    }

    /** The certificate in one line: whether the Newton step moved the parameters towards retraining without S. */
    private static void printCertificate(PrintStream out, UnlearningCertificate cert) {
        if (cert == null) {
            return;
        }
        out.printf(Locale.ROOT, "  certificate: retained-risk gradient norm %.3g -> %.3g (x%.2f)%s%n", cert.residualBefore(),
                   cert.residualAfter(), cert.ratio(),
                   cert.flagged() ? "; FLAGGED: the step did not move towards the model retrained without S, "
                                    + "usually because the base model is far from a minimum (train longer)"
                                  : "; the step moved towards the model retrained without S");
    }
}
