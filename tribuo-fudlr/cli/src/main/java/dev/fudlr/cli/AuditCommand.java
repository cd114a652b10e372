/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.reliability.AtomicFiles;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fudlr audit MODEL}: fairness and accuracy metrics of a saved recommender on a split of the data, as a table
 * (and optionally JSON). The metrics are computed as FUDLR records them ({@link ModelAudit}), so
 * {@code --split validation} reproduces a debiased model's recorded values.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
         description = "Fairness and accuracy metrics of a model on the validation or test users (table; --out writes JSON).")
final class AuditCommand implements Callable<Integer> {

    /** Table row and JSON field: audit examples left out because their target is outside the model's catalogue. */
    static final String SKIPPED = "skipped-unknown-targets";

    /**
     * The default metrics, at cut-off K: accuracy, popularity and coverage metrics, and the NDCG gap and impact ratio of
     * the first sensitive attribute of the data (gender for MovieLens), when there is one.
     */
    static List<String> defaultMetrics(int k, List<String> attributes) {
        String at = "@" + k;
        List<String> out = new ArrayList<>(List.of("hr" + at, "ndcg" + at, "mgu" + at, "dgu" + at, "arp" + at, "aplt" + at, "gini" + at,
                                                   "coverage" + at));
        if (!attributes.isEmpty()) {
            out.add("ndcg-gap" + at + ":" + attributes.get(0));
            out.add("impact-ratio" + at + ":" + attributes.get(0));
        }
        return out;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Model file (Tribuo protobuf).")
    Path modelFile;

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    DataOptions data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "validation or test (default: ${DEFAULT-VALUE}; validation reproduces the values FUDLR records).")
    String split;

    @Option(names = "--metrics", split = ",", paramLabel = "METRIC",
            description = "Metric names of the fairness-metrics registry, comma separated (e.g. mgu@10,ndcg-gap@10:gender). "
                          + "Default: hr, ndcg, mgu, dgu, arp, aplt, gini, coverage, and ndcg-gap and impact-ratio of the first "
                          + "sensitive attribute (gender for MovieLens) at -k. "
                          + "--list-metrics shows the grammar.")
    List<String> metrics;

    @Option(names = "-k", defaultValue = "10",
            description = "Cut-off of the default metrics, 1.." + MetricSpec.MAX_CUTOFF + " and at most the catalogue (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--attributes", split = ",", paramLabel = "KEY",
            description = "Sensitive attribute metadata keys (default: those of the data: gender, age, occupation for MovieLens, "
                          + "the user table's columns for --interactions).")
    List<String> attributes;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out file.")
    boolean force;

    @Option(names = "--list-metrics", description = "Print the metric families and their syntax, then exit.")
    boolean listMetrics;

    @Override
    public Integer call() throws Exception {
        if (listMetrics) {
            System.out.print(MetricRegistry.standard().describe());
            return 0;
        }
        if (modelFile == null) {
            throw new IllegalArgumentException("missing MODEL (the model file to audit)");
        }
        VerifyCommand.checkSplit(split, "--split");
        if (k < 1 || k > MetricSpec.MAX_CUTOFF) {
            throw new IllegalArgumentException("-k must be in 1.." + MetricSpec.MAX_CUTOFF + " (MetricSpec.MAX_CUTOFF), found " + k);
        }
        data.check();
        deviceOption.check();
        if (metrics != null) {
            parseMetrics(metrics);
        }
        if (out != null) {
            AtomicFiles.checkTarget(out, force, "--out");
        }
        Model<Label> model = ModelFiles.loadRecommender(modelFile, "MODEL");
        deviceOption.applyTo(model);
        try {
            RecommenderDataSource trainSource = data.source(SampleSplits.TRAIN);
            List<String> keys = attributes == null ? trainSource.sensitiveAttributes() : attributes;
            List<FairnessMetric> parsed = parseMetrics(metrics == null ? defaultMetrics(k, keys) : metrics);
            TrainingDataCheck.Outcome check = TrainingDataCheck.compare(model.getProvenance(), trainSource.getProvenance());
            if (check.problem() != null) {
                // Auditing on other data can be intended (a newer snapshot); say so, as items may not match.
                System.err.println("fudlr: warning: " + check.problem());
            }
            List<Example<Label>> train = new MutableDataset<>(trainSource).getData();
            List<Example<Label>> audit = new MutableDataset<>(data.source(split)).getData();
            ModelAudit.Result result = ModelAudit.run(model, train, audit, keys, parsed, 0);
            System.out.printf("%s (%s) on %d %s examples of %s, %d items%n", modelFile, model.getClass().getSimpleName(),
                              result.rows(), split, data.describe(), result.items());
            if (result.skippedUnknownTargets() > 0) {
                System.err.println("fudlr: warning: " + result.skippedUnknownTargets() + " " + split + " examples target items the "
                                   + "model never saw in training; they are left out of the audit, as FUDLR leaves them out");
            }
            System.out.print(table(result));
            if (out != null) {
                AtomicFiles.writeString(out, force, Json.write(json(result, model)));
                System.out.println("Wrote " + out.toAbsolutePath());
            }
        } finally {
            ModelFiles.close(model);
        }
        return 0;
    }

    static List<FairnessMetric> parseMetrics(List<String> names) {
        List<FairnessMetric> out = new ArrayList<>();
        for (String n : names) {
            String name = n.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(MetricRegistry.standard().parse(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--metrics: " + e.getMessage() + " (fudlr audit --list-metrics shows the syntax)", e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--metrics names no metric");
        }
        return out;
    }

    static String table(ModelAudit.Result result) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-40s %12s  %s%n", "metric", "value", "reading"));
        for (MetricResult r : result.results().values()) {
            sb.append(String.format(Locale.ROOT, "%-40s %12.6f  %s%n", r.name(), r.value(), reading(r)));
            for (Map.Entry<String, Double> e : r.breakdown().entrySet()) {
                sb.append(String.format(Locale.ROOT, "  %-38s %12.6f%n", e.getKey(), e.getValue()));
            }
            for (String f : r.flags()) {
                sb.append("  ! ").append(f).append('\n');
            }
        }
        Double loss = result.values().get(ModelAudit.VALIDATION_LOSS);
        if (loss != null) {
            sb.append(String.format(Locale.ROOT, "%-40s %12.6f  %s%n", "cross-entropy", loss, "lower is better"));
        }
        sb.append(String.format(Locale.ROOT, "%-40s %12d  %s%n", SKIPPED, result.skippedUnknownTargets(),
                                "examples left out: target never seen in training"));
        return sb.toString();
    }

    private static String reading(MetricResult r) {
        return switch (r.direction()) {
            case UNFAIRNESS -> "0 = fair, larger = worse";
            case SIGNED -> "0 = fair, sign = side favoured";
            case LOWER_IS_BETTER -> "lower is better";
            case HIGHER_IS_BETTER -> "higher is better";
            case DESCRIPTIVE -> "descriptive";
        };
    }

    private Map<String, Object> json(ModelAudit.Result result, Model<Label> model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", modelFile.toAbsolutePath().toString());
        root.put("model-class", model.getClass().getName());
        root.put("data", data.describe());
        root.put("split", split);
        root.put("examples", result.rows());
        root.put(SKIPPED, result.skippedUnknownTargets());
        root.put("items", result.items());
        Map<String, Object> metricsOut = new LinkedHashMap<>();
        for (MetricResult r : result.results().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", r.value());
            m.put("direction", r.direction().name().toLowerCase(Locale.ROOT));
            m.put("breakdown", r.breakdown());
            m.put("flags", r.flags());
            metricsOut.put(r.name(), m);
        }
        root.put("metrics", metricsOut);
        Double loss = result.values().get(ModelAudit.VALIDATION_LOSS);
        if (loss != null) {
            root.put("cross-entropy", loss);
        }
        return root;
    }
}
