/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.debias.ReportKey;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.UnlearnableRecommender;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code fudlr verify MODEL}: checks a FUDLR-debiased model against what its provenance records: the SHA-256 of its
 * trainable parameters, the SHA-256 of its base (frozen) parameters against the debias run's and the training run's
 * records ({@link UnlearnableRecommender#baseParameterDigest()}), the internal consistency of the recorded unlearned
 * set, that the given data are the model's training data, and the exact audit metrics after debiasing, recomputed on
 * the given data. With {@code --original} it also checks the model it was made from (parameter hashes, provenance,
 * metrics before). One line per check; exit code 0 when every check passed, {@value FudlrCli#EXIT_NOT_VERIFIED} when
 * one failed.
 * <p>
 * A chain of debiasing steps is verified for its last step (the values in the outermost provenance).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
         description = {"Recompute the metrics and parameter hashes (trainable and frozen) recorded in a debiased model's provenance and check they match.",
                        "Exit code 0: verified; " + FudlrCli.EXIT_NOT_VERIFIED + ": a check failed; " + FudlrCli.EXIT_USAGE + ": bad input."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Debiased model file (from fudlr debias).")
    Path modelFile;

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    DataOptions data;

    @Option(names = "--audit-split", paramLabel = "SPLIT", defaultValue = "validation", description = "Split audited by the debias run (default: ${DEFAULT-VALUE}).")
    String auditSplit;

    @Option(names = "--original", paramLabel = "MODEL", description = "The model that was debiased: also check its hashes, provenance and metrics before.")
    Path originalFile;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-6",
            description = "Largest accepted difference of a metric, relative to max(1, |recorded|) (default: ${DEFAULT-VALUE}).")
    double tolerance;

    /** The outcome of one check. */
    private record Check(String status, String name, String detail) {}

    private final List<Check> checks = new ArrayList<>();

    @Override
    public Integer call() {
        checkSplit(auditSplit, "--audit-split");
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("--tolerance must be finite and >= 0, found " + tolerance);
        }
        deviceOption.check();
        Model<Label> model = ModelFiles.loadUnlearnable(modelFile, "MODEL", "verify");
        deviceOption.applyTo(model);
        Model<Label> original = null;
        try {
            if (!(model.getProvenance() instanceof PostTrainingModelProvenance pt)
                || !FudlrTransformer.class.getName().equals(pt.getTransformerProvenance().getClassName())) {
                throw new IllegalArgumentException("MODEL " + modelFile + " was not made by FUDLR (its provenance is a "
                                                   + model.getProvenance().getClass().getSimpleName()
                                                   + "); only debiased models record what verify checks");
            }
            if (originalFile != null) {
                original = ModelFiles.loadUnlearnable(originalFile, "--original", "verify");
                deviceOption.applyTo(original);
            }
            Map<String, Provenance> values = new LinkedHashMap<>(pt.getInstanceProvenance().getMap());
            System.out.println("Verifying " + modelFile + " against its provenance (" + pt.chainLength()
                               + " post-training step(s); the last is checked) on " + data.describe());
            RecommenderDataSource trainSource = data.source(SampleSplits.TRAIN);
            List<Example<Label>> train = new MutableDataset<>(trainSource).getData();
            List<Example<Label>> audit = new MutableDataset<>(data.source(auditSplit)).getData();

            checkParameters("parameters", (UnlearnableRecommender) model, values, FudlrReport.THETA_AFTER_SHA256);
            checkBaseParameters("base parameters", "MODEL", (UnlearnableRecommender) model, pt, values);
            // FUDLR audits only the examples whose target is in the model's catalogue (the rest are counted as skipped).
            int audited = RecommenderAudit.inCatalogue(((UnlearnableRecommender) model).items(), audit).size();
            boolean sameData = checkData(pt, trainSource, values, train.size(), audited);
            Map<String, Provenance> config = pt.getTransformerProvenance().getConfiguredParameters();
            if (sameData) {
                checkUnlearnedRecord(values, train);
                checkMetrics("metrics after", model, values, FudlrReport.METRICS_AFTER, config, train, audit);
            } else {
                // Metrics of other data would differ for that reason alone.
                skip("unlearned samples", "not checked: the data differ");
                skip("metrics after", "not recomputed: the data differ");
            }
            if (original != null) {
                if (original.getProvenance().equals(pt.getOriginalModelProvenance())) {
                    pass("original provenance", "--original is the model recorded as the one debiased");
                } else {
                    fail("original provenance", "--original " + originalFile + " is not the model recorded as the one debiased");
                }
                checkParameters("original parameters", (UnlearnableRecommender) original, values, FudlrReport.THETA_BEFORE_SHA256);
                checkBaseParameters("original base params", "--original", (UnlearnableRecommender) original, pt, values);
                if (sameData) {
                    checkMetrics("metrics before", original, values, FudlrReport.METRICS_BEFORE, config, train, audit);
                }
            } else {
                skip("metrics before", "pass --original MODEL to check the model before debiasing");
            }
        } finally {
            ModelFiles.close(model);
            ModelFiles.close(original);
        }
        int failed = 0;
        for (Check c : checks) {
            System.out.printf("%-4s %-22s %s%n", c.status(), c.name(), c.detail());
            if (c.status().equals("FAIL")) {
                failed++;
            }
        }
        if (failed > 0) {
            System.out.println("NOT VERIFIED: " + failed + " of " + checks.size() + " checks failed");
            return FudlrCli.EXIT_NOT_VERIFIED;
        }
        System.out.println("VERIFIED: every check passed");
        return 0;
    }

    static void checkSplit(String split, String option) {
        if (!SampleSplits.SPLITS.contains(split)) {
            throw new IllegalArgumentException(option + " must be one of " + SampleSplits.SPLITS + ", not '" + split + "'");
        }
    }

    private void pass(String name, String detail) {
        checks.add(new Check("PASS", name, detail));
    }

    private void fail(String name, String detail) {
        checks.add(new Check("FAIL", name, detail));
    }

    private void skip(String name, String detail) {
        checks.add(new Check("SKIP", name, detail));
    }

    private void checkParameters(String name, UnlearnableRecommender model, Map<String, Provenance> values, String key) {
        String recorded = string(values.get(key));
        if (recorded == null) {
            fail(name, "the provenance records no " + key);
            return;
        }
        String count = string(values.get(ReportKey.TRAINABLE_PARAMETERS.key()));
        if (count != null && !count.equals(Integer.toString(model.numTrainableParameters()))) {
            fail(name, "the model has " + model.numTrainableParameters() + " trainable parameters, the provenance records " + count);
            return;
        }
        String actual = sha256(model.trainableParametersAsDouble());
        if (actual.equals(recorded)) {
            pass(name, "SHA-256 of the " + model.numTrainableParameters() + " trainable parameters matches " + abbreviate(recorded));
        } else {
            fail(name, "SHA-256 of the trainable parameters is " + abbreviate(actual) + ", the provenance records "
                       + abbreviate(recorded) + " (the parameters were changed after debiasing)");
        }
    }

    /** A recorded base-parameter hash and where in the provenance chain it was recorded. */
    private record BaseRecord(String where, String sha256) {}

    /**
     * Recomputes the base-parameter digest of a model and compares it with every record of the same base: this debias
     * run's ({@link FudlrReport#BASE_PARAMETERS_SHA256}), earlier FUDLR steps' and the training run's
     * ({@link LmRecommenderTrainer#BASE_PARAMETERS_SHA256}). The walk down the chain stops at a step of another kind
     * (e.g. retraining), which may legitimately make new base weights. No record at all fails: a compliance check must
     * not pass what it could not check.
     */
    private void checkBaseParameters(String name, String label, UnlearnableRecommender model, PostTrainingModelProvenance pt,
                                     Map<String, Provenance> values) {
        Optional<BaseParameterDigest> digest = model.baseParameterDigest();
        if (digest.isEmpty()) {
            fail(name, label + " (" + model.getClass().getSimpleName() + ") does not report its base parameters, "
                       + "so its frozen weights cannot be verified");
            return;
        }
        BaseParameterDigest actual = digest.get();
        List<BaseRecord> records = new ArrayList<>();
        String step = "this debias run";
        PostTrainingModelProvenance current = pt;
        Map<String, ? extends Provenance> stepValues = values;
        String stopped = null;
        int depth = 0;
        while (true) {
            String sha = string(stepValues.get(FudlrReport.BASE_PARAMETERS_SHA256));
            if (sha != null) {
                records.add(new BaseRecord(step, sha));
            }
            ModelProvenance inner = current.getOriginalModelProvenance();
            depth++;
            if (inner instanceof PostTrainingModelProvenance next) {
                if (!FudlrTransformer.class.getName().equals(next.getTransformerProvenance().getClassName())) {
                    stopped = "a " + simpleName(next.getTransformerProvenance().getClassName()) + " step made this base";
                    break;
                }
                current = next;
                stepValues = next.getInstanceProvenance().getMap();
                step = "debias step " + (pt.chainLength() - depth);
            } else {
                String sha0 = string(inner.getInstanceProvenance().getMap().get(LmRecommenderTrainer.BASE_PARAMETERS_SHA256));
                if (sha0 != null) {
                    records.add(new BaseRecord("the training run", sha0));
                } else {
                    stopped = "the training run recorded none";
                }
                break;
            }
        }
        if (records.isEmpty()) {
            fail(name, "the provenance records no base-parameter hash (" + FudlrReport.BASE_PARAMETERS_SHA256 + " or "
                       + LmRecommenderTrainer.BASE_PARAMETERS_SHA256 + "): the model was made before tribuo-fudlr recorded base"
                       + " hashes, so its frozen weights cannot be verified; debias the original model again with this version");
            return;
        }
        List<String> differ = new ArrayList<>();
        for (BaseRecord r : records) {
            if (!r.sha256().equals(actual.sha256())) {
                differ.add(r.where() + " recorded " + abbreviate(r.sha256()));
            }
        }
        if (differ.isEmpty()) {
            List<String> where = records.stream().map(BaseRecord::where).toList();
            pass(name, "SHA-256 of the base parameters (" + actual.groups().size() + " groups) matches " + abbreviate(actual.sha256())
                       + " as recorded by " + String.join(" and ", where) + (stopped == null ? "" : " (" + stopped + ")"));
            return;
        }
        String why = " (the frozen weights or settings differ from the ones recorded)";
        if (actual.sha256().equals(string(values.get(FudlrReport.BASE_PARAMETERS_SHA256)))) {
            why = " (the base changed before this debias run, or an earlier record was edited)";
        } else if (values.get(FudlrReport.BASE_PARAMETER_GROUPS) instanceof MapProvenance<?> recordedGroups) {
            // The debias run's per-group digests say which weights changed.
            Map<String, String> byGroup = new LinkedHashMap<>();
            for (Pair<String, ? extends Provenance> e : recordedGroups) {
                byGroup.put(e.getA(), string(e.getB()));
            }
            why = "; changed: " + String.join(", ", actual.changedGroups(byGroup)) + why;
        }
        fail(name, "SHA-256 of " + label + "'s base (frozen) parameters is " + abbreviate(actual.sha256()) + ", but "
                   + String.join(" and ", differ) + why);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private void checkUnlearnedRecord(Map<String, Provenance> values, List<Example<Label>> train) {
        Provenance idsProv = values.get(FudlrReport.UNLEARNED_IDS);
        if (!(idsProv instanceof ListProvenance<?> list)) {
            fail("unlearned samples", "the provenance records no list " + FudlrReport.UNLEARNED_IDS);
            return;
        }
        List<String> ids = new ArrayList<>();
        for (Provenance p : list) {
            ids.add(string(p));
        }
        String count = string(values.get(FudlrReport.UNLEARNED_COUNT));
        String sha = string(values.get(FudlrReport.UNLEARNED_IDS_SHA256));
        String actualSha = sha256(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
        if (count == null || !count.equals(Integer.toString(ids.size()))) {
            fail("unlearned samples", "the recorded count " + count + " is not the number of recorded ids (" + ids.size() + ")");
            return;
        }
        if (!actualSha.equals(sha)) {
            fail("unlearned samples", "the SHA-256 of the recorded ids is " + abbreviate(actualSha) + ", the provenance records "
                                      + abbreviate(sha));
            return;
        }
        Set<String> trainIds = new HashSet<>();
        for (Example<Label> e : train) {
            trainIds.add(SampleEncoding.metadata(e, SampleEncoding.SAMPLE));
        }
        List<String> unknown = ids.stream().filter(id -> !trainIds.contains(id)).limit(3).toList();
        if (!unknown.isEmpty()) {
            fail("unlearned samples", "recorded ids not in the training split, e.g. " + unknown);
            return;
        }
        pass("unlearned samples", ids.size() + " ids, all training samples; their SHA-256 matches " + abbreviate(sha));
    }

    /** @return whether the data are the debias run's (as far as recorded). */
    private boolean checkData(PostTrainingModelProvenance pt, RecommenderDataSource trainSource, Map<String, Provenance> values,
                              int trainSize, int auditSize) {
        TrainingDataCheck.Outcome outcome = TrainingDataCheck.compare(pt, trainSource.getProvenance());
        String trainRecorded = string(values.get(ReportKey.TRAIN_SIZE.key()));
        String auditRecorded = string(values.get(ReportKey.AUDIT_SIZE.key()));
        if (outcome.problem() != null) {
            fail("data", outcome.problem());
        } else if (trainRecorded != null && !trainRecorded.equals(Integer.toString(trainSize))) {
            fail("data", "the training split has " + trainSize + " samples, the debias run had " + trainRecorded);
        } else if (auditRecorded != null && !auditRecorded.equals(Integer.toString(auditSize))) {
            fail("data", "the " + auditSplit + " split has " + auditSize + " examples, the debias run audited " + auditRecorded
                         + " (another --audit-split?)");
        } else {
            pass("data", (outcome.comparable() ? "the model's training data (content hash and options); " : "sizes only (no data source recorded); ")
                         + trainSize + " training samples, " + auditSize + " audit examples as recorded");
            return true;
        }
        return false;
    }

    private void checkMetrics(String name, Model<Label> model, Map<String, Provenance> values, String key,
                              Map<String, Provenance> config, List<Example<Label>> train, List<Example<Label>> audit) {
        if (!(values.get(key) instanceof MapProvenance<?> recordedProv)) {
            fail(name, "the provenance records no map " + key);
            return;
        }
        Map<String, Double> recorded = new LinkedHashMap<>();
        for (Pair<String, ? extends Provenance> e : recordedProv) {
            recorded.put(e.getA(), Double.parseDouble(string(e.getB())));
        }
        int auditK = Integer.parseInt(stringOr(config.get("auditK"), "10"));
        List<String> names = new ArrayList<>(strings(config.get("objectives")));
        names.add("ndcg@" + auditK);
        names.add("hr@" + auditK);
        List<FairnessMetric> metrics;
        try {
            metrics = MetricRegistry.standard().parseAll(names);
        } catch (IllegalArgumentException e) {
            fail(name, "the recorded objectives cannot be parsed here: " + e.getMessage());
            return;
        }
        ModelAudit.Result result = ModelAudit.run(model, train, audit, strings(config.get("attributes")), metrics, auditK);
        List<String> mismatches = new ArrayList<>();
        double worst = 0;
        for (Map.Entry<String, Double> e : recorded.entrySet()) {
            Double now = result.values().get(e.getKey());
            if (now == null) {
                mismatches.add(e.getKey() + " cannot be recomputed");
                continue;
            }
            double r = e.getValue();
            boolean same = Double.isNaN(r) ? Double.isNaN(now) : Math.abs(r - now) <= tolerance * Math.max(1, Math.abs(r));
            if (!same) {
                mismatches.add(String.format(Locale.ROOT, "%s recorded %.6g, recomputed %.6g", e.getKey(), r, now));
            } else if (!Double.isNaN(r)) {
                worst = Math.max(worst, Math.abs(r - now));
            }
        }
        if (mismatches.isEmpty()) {
            pass(name, String.format(Locale.ROOT, "%d recorded values recomputed on %d %s examples (largest difference %.2g)",
                                     recorded.size(), audit.size(), auditSplit, worst));
        } else {
            fail(name, mismatches.size() + " of " + recorded.size() + " values differ: "
                       + String.join("; ", mismatches.subList(0, Math.min(3, mismatches.size())))
                       + (mismatches.size() > 3 ? "; ..." : ""));
        }
    }

    private static String string(Provenance p) {
        if (p == null) {
            return null;
        }
        return p instanceof PrimitiveProvenance<?> pp ? String.valueOf(pp.getValue()) : p.toString();
    }

    private static String stringOr(Provenance p, String fallback) {
        String s = string(p);
        return s == null ? fallback : s;
    }

    private static List<String> strings(Provenance p) {
        List<String> out = new ArrayList<>();
        if (p instanceof ListProvenance<?> l) {
            for (Provenance item : l) {
                out.add(string(item));
            }
        } else if (p != null) {
            out.add(string(p));
        }
        return out;
    }

    private static String abbreviate(String sha) {
        return sha == null ? "(none)" : sha.length() > 16 ? sha.substring(0, 16) + "..." : sha;
    }

    /** SHA-256 of the parameters as little-endian IEEE doubles, as FudlrTransformer records it. */
    static String sha256(double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buf.putDouble(v);
        }
        return sha256(buf.array());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
