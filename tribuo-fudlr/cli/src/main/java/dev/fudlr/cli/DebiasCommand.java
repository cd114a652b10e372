/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.UnlearnableRecommender;
import dev.fudlr.reliability.AtomicFiles;
import dev.fudlr.reliability.ConfigFiles;
import dev.fudlr.reliability.EnumChoices;
import dev.fudlr.reliability.SafeXml;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fudlr debias MODEL --out FILE}: runs {@link FudlrTransformer} on a saved recommender (e.g. a
 * {@code DjlRecommenderModel}) with its
 * training data, writes the debiased model atomically and prints the report. The transformer comes from an OLCUT
 * configuration file ({@code --config}, component {@code --component}, default the file's first FudlrTransformer) or
 * from the defaults; the flags (and {@code --set NAME=VALUE} for any other setting) override either, by the
 * transformer's configuration field names, so OLCUT validates them exactly as it validates a file.
 */
@Command(name = "debias", mixinStandardHelpOptions = true,
         description = {"Debias a model with FUDLR (mask + unlearning, no retraining) and write the new model.",
                        "Settings: --config XML, or the defaults; the flags below and --set NAME=VALUE override them."})
final class DebiasCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file to debias (e.g. a DjlRecommenderModel from fudlr train).")
    Path modelFile;

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    DataOptions data;

    @Option(names = "--audit-split", paramLabel = "SPLIT", defaultValue = "validation",
            description = "Split whose users are audited and guard accuracy (default: ${DEFAULT-VALUE}).")
    String auditSplit;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Debiased model file to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the report's summary as text.")
    Path summaryFile;

    @Option(names = "--config", paramLabel = "XML", description = "OLCUT configuration holding a FudlrTransformer (e.g. examples/.../fudlr-gender.xml).")
    Path config;

    @Option(names = "--component", paramLabel = "NAME", description = "FudlrTransformer component in --config (default: the first in the file).")
    String component;

    @Option(names = "--objective", split = ",", paramLabel = "METRIC",
            description = "Fairness objectives, comma separated (objectives; default mgu@10), e.g. ndcg-gap@10:gender.")
    List<String> objectives;

    @Option(names = "--objective-weights", split = ",", paramLabel = "W", description = "Weight per objective (objectiveWeights).")
    List<String> objectiveWeights;

    @Option(names = "--attributes", split = ",", paramLabel = "KEY", description = "Sensitive attribute keys (attributes).")
    List<String> attributes;

    @Option(names = "--max-removal-fraction", paramLabel = "F", description = "Largest fraction of training samples unlearned (maxRemovalFraction).")
    String maxRemovalFraction;

    @Option(names = "--accuracy-tolerance", paramLabel = "T", description = "Largest relative accuracy drop accepted (accuracyTolerance).")
    String accuracyTolerance;

    @Option(names = "--accuracy-measure", paramLabel = "M", description = "ndcg or loss, case-insensitive (accuracyMeasure).")
    String accuracyMeasure;

    @Option(names = "--curvature", paramLabel = "C", description = "Curvature backend, e.g. exact, fisher, finite-difference or identity (curvature).")
    String curvature;

    @Option(names = "--damping", paramLabel = "L", description = "Initial damping of the inverse-Hessian solves (damping).")
    String damping;

    @Option(names = "--hessian-subsample", paramLabel = "N", description = "Training samples in the Hessian, 0 = all (hessianSubsample).")
    String hessianSubsample;

    @Option(names = "--cg-tolerance", paramLabel = "T", description = "Conjugate-gradient relative tolerance (cgTolerance).")
    String cgTolerance;

    @Option(names = "--cg-max-iterations", paramLabel = "N", description = "Conjugate-gradient iteration cap (cgMaxIterations).")
    String cgMaxIterations;

    @Option(names = "--mask-steps", paramLabel = "N", description = "Adam steps of the mask (maskSteps).")
    String maskSteps;

    @Option(names = "--mask-threshold", paramLabel = "T", description = "Mask threshold of the selection (maskThreshold).")
    String maskThreshold;

    @Option(names = "--beta", paramLabel = "B", description = "Weight of the accuracy term (beta).")
    String beta;

    @Option(names = "--gamma", paramLabel = "G", description = "Per-sample removal cost (gamma).")
    String gamma;

    @Option(names = "--audit-k", paramLabel = "K", description = "K of the audit's top-K lists (auditK).")
    String auditK;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the Hessian subsample and mask (seed).")
    String seed;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "Any other FudlrTransformer setting by field name (lists comma separated; choices case-insensitive, e.g. selection=fairness-topk), e.g. --set eta=0.2. Repeatable.")
    Map<String, String> settings;

    @Override
    public Integer call() throws Exception {
        VerifyCommand.checkSplit(auditSplit, "--audit-split");
        if (SampleSplits.TRAIN.equals(auditSplit)) {
            throw new IllegalArgumentException("--audit-split must be validation or test, not train");
        }
        AtomicFiles.checkTarget(out, force, "--out");
        if (summaryFile != null) {
            AtomicFiles.checkTarget(summaryFile, force, "--summary");
        }
        data.check();
        deviceOption.check();
        FudlrTransformer transformer = transformer();
        // FudlrTransformer itself says which model classes it debiases; a model without parameters fails here.
        Model<Label> model = ModelFiles.loadUnlearnable(modelFile, "MODEL", "FUDLR");
        deviceOption.applyTo(model);
        try {
            RecommenderDataSource trainSource = data.source(SampleSplits.TRAIN);
            TrainingDataCheck.Outcome check = TrainingDataCheck.compare(model.getProvenance(), trainSource.getProvenance());
            if (check.problem() != null) {
                throw new IllegalArgumentException((data.isInteractionLog() ? "--interactions: " : "--data: ") + check.problem()
                                                   + "; FUDLR unlearns the model's own training samples, so pass the same data and options");
            }
            MutableDataset<Label> train = new MutableDataset<>(trainSource);
            MutableDataset<Label> audit = new MutableDataset<>(data.source(auditSplit));
            System.out.printf("Debiasing %s on %d training samples, auditing %d %s examples of %s%n  with %s%n", modelFile,
                              train.size(), audit.size(), auditSplit, data.describe(), transformer);
            if (!check.comparable()) {
                System.out.println("  (the model's provenance records no data source of tribuo-fudlr: the data could not be checked)");
            }
            PostTrainingResult<Label> result = transformer.transform(model, train, audit);
            try {
                warnIfHashIsNotOfStoredParameters(result);
                AtomicFiles.write(out, force, result.model()::serializeToFile);
                String summary = result.report().summary();
                System.out.println();
                System.out.print(summary.endsWith("\n") ? summary : summary + "\n");
                if (result.report() instanceof FudlrReport r) {
                    System.out.println();
                    System.out.print(beforeAfter(r));
                }
                if (summaryFile != null) {
                    AtomicFiles.writeString(summaryFile, force, summary);
                }
                System.out.println("Wrote " + out.toAbsolutePath() + (summaryFile == null ? "" : " and " + summaryFile.toAbsolutePath()));
                System.out.println("Check it with: fudlr verify " + out + " (with the same data options)");
            } finally {
                ModelFiles.close(result.model());
            }
        } finally {
            ModelFiles.close(model);
        }
        return 0;
    }

    /**
     * FUDLR records the hash of the parameters it computed; a float32 model stores them rounded, and then
     * {@code fudlr verify} cannot match the hash. Say so at once rather than leave it to a later verification.
     */
    private static void warnIfHashIsNotOfStoredParameters(PostTrainingResult<Label> result) {
        if (result.model() instanceof UnlearnableRecommender r) {
            Provenance recorded = result.report().provenanceValues().get(FudlrReport.THETA_AFTER_SHA256);
            String stored = VerifyCommand.sha256(r.trainableParametersAsDouble());
            if (recorded != null && !recorded.toString().equals(stored)) {
                System.err.println("fudlr: warning: the recorded parameter hash (" + FudlrReport.THETA_AFTER_SHA256
                                   + ") is not the hash of the parameters the model stores (float32 rounding?); "
                                   + "fudlr verify will report a parameter mismatch for this model");
            }
        }
    }

    /** The exact metrics before and after (objectives and accuracy; breakdowns left to the report). */
    static String beforeAfter(FudlrReport r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-36s %12s %12s%n", "metric", "before", "after"));
        for (Map.Entry<String, Double> e : r.metricsBefore().entrySet()) {
            if (!e.getKey().contains("/")) {
                sb.append(String.format(Locale.ROOT, "%-36s %12.6f %12.6f%n", e.getKey(), e.getValue(),
                                        r.metricsAfter().getOrDefault(e.getKey(), Double.NaN)));
            }
        }
        return sb.toString();
    }

    /** The transformer: configuration file or defaults, then the overrides. */
    FudlrTransformer transformer() {
        Map<String, String> overrides = overrides();
        // The file is checked (SafeXml) once; the component order and OLCUT both come from the checked bytes.
        SafeXml.Checked checked = config == null ? null : ConfigFiles.checked(config);
        try (ConfigurationManager cm = checked == null ? new ConfigurationManager() : ConfigFiles.load(checked)) {
            String name;
            if (checked == null) {
                name = "fudlr";
                cm.addConfiguration(new ConfigurationData(name, FudlrTransformer.class.getName()));
            } else {
                name = ConfigFiles.component(checked, cm, config, component, FudlrTransformer.class);
            }
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                cm.overrideConfigurableProperty(name, e.getKey(), property(e.getKey(), e.getValue()));
            }
            return ConfigFiles.lookup(cm, name, FudlrTransformer.class);
        }
    }

    /** Flags and --set values by configuration field name, in a stable order. */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        putList(o, "objectives", objectives);
        putList(o, "objectiveWeights", objectiveWeights);
        putList(o, "attributes", attributes);
        put(o, "maxRemovalFraction", maxRemovalFraction);
        put(o, "accuracyTolerance", accuracyTolerance);
        put(o, "accuracyMeasure", accuracyMeasure);
        put(o, "curvature", curvature);
        put(o, "damping", damping);
        put(o, "hessianSubsample", hessianSubsample);
        put(o, "cgTolerance", cgTolerance);
        put(o, "cgMaxIterations", cgMaxIterations);
        put(o, "maskSteps", maskSteps);
        put(o, "maskThreshold", maskThreshold);
        put(o, "beta", beta);
        put(o, "gamma", gamma);
        put(o, "auditK", auditK);
        put(o, "seed", seed);
        if (settings != null) {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                if (o.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("--set " + e.getKey() + " repeats a setting given by a flag");
                }
                o.put(e.getKey(), e.getValue());
            }
        }
        return o;
    }

    private static void put(Map<String, String> o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putList(Map<String, String> o, String name, List<String> values) {
        if (values != null) {
            o.put(name, String.join(",", values));
        }
    }

    /** An OLCUT property for a FudlrTransformer field: a list for list and array fields, else a single value. */
    static Property property(String field, String value) {
        Field f = configField(field);
        if (List.class.isAssignableFrom(f.getType()) || f.getType().isArray()) {
            List<SimpleProperty> items = new ArrayList<>();
            for (String s : value.split(",")) {
                if (!s.trim().isEmpty()) {
                    items.add(new SimpleProperty(s.trim()));
                }
            }
            return new ListProperty(items);
        }
        if (f.getType().isEnum()) {
            // OLCUT takes the exact constant name (NDCG, FAIRNESS_TOPK); the flags keep the lowercase spellings users
            // type (--accuracy-measure ndcg, --set selection=fairness-topk). Unknown text is left to OLCUT's check,
            // which names the accepted constants.
            return new SimpleProperty(EnumChoices.constant(f.getType(), value).map(Enum::name).orElse(value));
        }
        return new SimpleProperty(value);
    }

    private static Field configField(String name) {
        List<String> known = new ArrayList<>();
        for (Field f : FudlrTransformer.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(Config.class)) {
                if (f.getName().equals(name)) {
                    return f;
                }
                known.add(f.getName());
            }
        }
        throw new IllegalArgumentException("FudlrTransformer has no setting '" + name + "' (settings: " + String.join(", ", known) + ")");
    }
}
