/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.PostTrainingReport;
import dev.fudlr.mask.MaskProblem;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.reliability.ProvenanceClock;
import dev.fudlr.unlearn.UnlearningCertificate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report of one {@link FudlrTransformer} run: what was unlearned, the exact metrics before and after, the mask,
 * the solver diagnostics, the certificate, the surrogate sanity check and the wall time per stage (recorded in
 * provenance unless {@link ProvenanceClock#isFixed()}: see {@code docs/reliability.md}). Its
 * {@link #provenanceValues()} (keys prefixed {@value FudlrTransformer#PREFIX}) become the instance values of the
 * debiased model's provenance. Immutable.
 */
public final class FudlrReport implements PostTrainingReport {

    /** Key: number of unlearned samples. */
    public static final String UNLEARNED_COUNT = ReportKey.UNLEARNED_COUNT.key();
    /** Key: the sorted unlearned sample ids. */
    public static final String UNLEARNED_IDS = ReportKey.UNLEARNED_IDS.key();
    /** Key: SHA-256 of the sorted ids joined by newlines. */
    public static final String UNLEARNED_IDS_SHA256 = ReportKey.UNLEARNED_IDS_SHA256.key();
    /** Key: exact metrics before. */
    public static final String METRICS_BEFORE = ReportKey.METRICS_BEFORE.key();
    /** Key: exact metrics after. */
    public static final String METRICS_AFTER = ReportKey.METRICS_AFTER.key();
    /** Key: the certificate's flag. */
    public static final String CERTIFICATE_FLAGGED = ReportKey.CERTIFICATE_FLAGGED.key();
    /** Key: SHA-256 of the trainable parameters before. */
    public static final String THETA_BEFORE_SHA256 = ReportKey.THETA_SHA256_BEFORE.key();
    /** Key: SHA-256 of the trainable parameters after. */
    public static final String THETA_AFTER_SHA256 = ReportKey.THETA_SHA256_AFTER.key();
    /**
     * Key: SHA-256 of the base (frozen) parameters of the model debiased, {@code baseParameterDigest().sha256()}; the
     * debiased model's are the same (FUDLR changes only the trainable parameters).
     */
    public static final String BASE_PARAMETERS_SHA256 = ReportKey.BASE_PARAMETERS_SHA256.key();
    /** Key: SHA-256 of each group of the base parameters (a map of strings: group to hex digest). */
    public static final String BASE_PARAMETER_GROUPS = ReportKey.BASE_PARAMETERS_GROUPS.key();

    /** Key: the minimum group size k of the small-group suppression. */
    public static final String MIN_GROUP_SIZE = ReportKey.PRIVACY_MIN_GROUP_SIZE.key();
    /** Key: the metric breakdown entries left out because their group has fewer than k users ("key: suppressed (n &lt; k)"). */
    public static final String SUPPRESSED = ReportKey.PRIVACY_SUPPRESSED.key();

    private final Map<String, Provenance> values;
    private final List<String> unlearnedIds;
    private final int[] unlearnedIndices;
    private final Map<String, Double> before;
    private final Map<String, Double> after;
    private final Map<String, double[]> surrogate;
    private final UnlearningCertificate certificate;
    private final Map<String, BaselineRun> baselines;
    private final MaskProblem maskProblem;
    private final Map<String, Double> stageSeconds;
    private final String summary;

    private FudlrReport(Builder b) {
        this.unlearnedIds = Collections.unmodifiableList(new ArrayList<>(b.ids));
        this.unlearnedIndices = b.indices.clone();
        this.before = Collections.unmodifiableMap(new LinkedHashMap<>(b.before));
        this.after = Collections.unmodifiableMap(new LinkedHashMap<>(b.after));
        this.surrogate = Collections.unmodifiableMap(new LinkedHashMap<>(b.surrogate));
        this.certificate = b.certificate;
        this.baselines = Collections.unmodifiableMap(new LinkedHashMap<>(b.baselines));
        this.maskProblem = b.maskProblem;
        this.stageSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(b.stageSeconds));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        this.summary = b.summary();
    }

    @Override
    public Map<String, Provenance> provenanceValues() {
        return values;
    }

    @Override
    public String summary() {
        return summary;
    }

    /** @return the unlearned sample ids (metadata {@code sample}), sorted. */
    public List<String> unlearnedIds() {
        return unlearnedIds;
    }

    /** @return the unlearned training indices, ascending (a copy). */
    public int[] unlearnedIndices() {
        return unlearnedIndices.clone();
    }

    /**
     * @return exact audit metrics before (objectives with breakdowns, ndcg@K, hr@K, validation-loss), without the
     * per-group values of groups smaller than the run's minimum group size ({@link SmallGroups}).
     */
    public Map<String, Double> metricsBefore() {
        return before;
    }

    /** @return exact audit metrics after. */
    public Map<String, Double> metricsAfter() {
        return after;
    }

    /**
     * The surrogate check per objective: {surrogate value before, predicted change, exact change}.
     * @return objective name to the three values.
     */
    public Map<String, double[]> surrogateCheck() {
        Map<String, double[]> out = new LinkedHashMap<>();
        surrogate.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** @return wall seconds per stage, in order. */
    public Map<String, Double> stageSeconds() {
        return stageSeconds;
    }

    /**
     * The comparison selections unlearned in the same run (empty unless {@code compareBaselines}); in memory only,
     * their metrics are also in the provenance.
     * @return rule name to run.
     */
    public Map<String, BaselineRun> baselineSelections() {
        return baselines;
    }

    /**
     * The mask objective with every sample's predicted effects (in memory only, not in provenance), so that a caller
     * can ask what the influence model predicts for any other set, e.g. a known ground truth.
     * @return the problem, empty when the run stopped before the mask stage.
     */
    public java.util.Optional<MaskProblem> maskProblem() {
        return java.util.Optional.ofNullable(maskProblem);
    }

    /** A comparison selection of the same size, unlearned with the same solver. */
    public static final class BaselineRun {
        private final String rule;
        private final int[] indices;
        private final double[] thetaAfter;
        private final Map<String, Double> metricsAfter;

        BaselineRun(String rule, int[] indices, double[] thetaAfter, Map<String, Double> metricsAfter) {
            this.rule = rule;
            this.indices = indices.clone();
            this.thetaAfter = thetaAfter.clone();
            this.metricsAfter = Collections.unmodifiableMap(new LinkedHashMap<>(metricsAfter));
        }

        /** @return the selection rule. */
        public String rule() {
            return rule;
        }

        /** @return the removed training indices, ascending (a copy). */
        public int[] indices() {
            return indices.clone();
        }

        /** @return the trainable parameters after the removal (a copy). */
        public double[] thetaAfter() {
            return thetaAfter.clone();
        }

        /** @return exact audit metrics after the removal. */
        public Map<String, Double> metricsAfter() {
            return metricsAfter;
        }
    }

    /**
     * Whether every objective's predicted change had the sign of its exact change.
     * @return true if all agree.
     */
    public boolean surrogatesAgree() {
        return surrogate.values().stream().allMatch(v -> Math.signum(v[1]) == Math.signum(v[2]));
    }

    /** @return the certificate, or null when nothing was unlearned. */
    public UnlearningCertificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return summary;
    }

    /** Collects the values during a run. */
    static final class Builder {
        private final Map<String, Provenance> values = new LinkedHashMap<>();
        private final Map<String, Double> before = new LinkedHashMap<>();
        private final Map<String, Double> after = new LinkedHashMap<>();
        private final Map<String, double[]> surrogate = new LinkedHashMap<>();
        private List<String> ids = List.of();
        private int[] indices = new int[0];
        private UnlearningCertificate certificate;
        private final Map<String, BaselineRun> baselines = new LinkedHashMap<>();
        private MaskProblem maskProblem;
        private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
        private final StringBuilder text = new StringBuilder();

        private List<String> refusals = List.of();
        private List<String> skippedObjectives = List.of();
        private int minGroupSize = 1;
        private final java.util.Set<String> suppressedKeys = new java.util.TreeSet<>();

        private void put(String key, Provenance p) {
            values.put(key, p);
        }

        private void putDouble(String key, double v) {
            put(key, new DoubleProvenance(key, v));
        }

        private void putInt(String key, int v) {
            put(key, new IntProvenance(key, v));
        }

        private void putBoolean(String key, boolean v) {
            put(key, new BooleanProvenance(key, v));
        }

        private void putString(String key, String v) {
            put(key, new StringProvenance(key, v));
        }

        private void putStrings(String key, List<String> v) {
            List<StringProvenance> l = new ArrayList<>(v.size());
            for (String s : v) {
                l.add(new StringProvenance("value", s));
            }
            put(key, new ListProvenance<>(l));
        }

        private void putDoubles(String key, Map<String, Double> m) {
            Map<String, DoubleProvenance> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, new DoubleProvenance(k, v)));
            put(key, new MapProvenance<>(out));
        }

        /**
         * Sets the minimum group size k; metric maps given afterwards lose the values of smaller groups.
         * @param k at least 1 (1 = no suppression).
         * @return this.
         */
        Builder minGroupSize(int k) {
            SmallGroups.checkK(k);
            this.minGroupSize = k;
            putInt(ReportKey.PRIVACY_MIN_GROUP_SIZE.key(), k);
            return this;
        }

        /** The metric values without the values of small groups; the left-out keys are recorded. */
        private Map<String, Double> suppress(Map<String, Double> v) {
            Map<String, Double> kept = SmallGroups.metrics(v, minGroupSize, suppressedKeys);
            if (!suppressedKeys.isEmpty()) {
                List<String> entries = new ArrayList<>();
                for (String k : suppressedKeys) {
                    entries.add(k + ": " + SmallGroups.label(minGroupSize));
                }
                putStrings(ReportKey.PRIVACY_SUPPRESSED.key(), entries);
            }
            return kept;
        }

        Builder before(Map<String, Double> v) {
            Map<String, Double> kept = suppress(v);
            before.putAll(kept);
            putDoubles(ReportKey.METRICS_BEFORE.key(), kept);
            return this;
        }

        Builder after(Map<String, Double> v) {
            Map<String, Double> kept = suppress(v);
            after.putAll(kept);
            putDoubles(ReportKey.METRICS_AFTER.key(), kept);
            return this;
        }

        Builder trainSize(int n) {
            putInt(ReportKey.TRAIN_SIZE.key(), n);
            return this;
        }

        Builder auditSkipped(int n) {
            putInt(ReportKey.AUDIT_SKIPPED_UNKNOWN_TARGETS.key(), n);
            return this;
        }

        Builder auditSize(int n) {
            putInt(ReportKey.AUDIT_SIZE.key(), n);
            return this;
        }

        Builder weightDecay(double wd) {
            putDouble(ReportKey.WEIGHT_DECAY.key(), wd);
            return this;
        }

        Builder parameters(int count, String sha) {
            putInt(ReportKey.TRAINABLE_PARAMETERS.key(), count);
            putString(ReportKey.THETA_SHA256_BEFORE.key(), sha);
            return this;
        }

        Builder thetaAfter(String sha) {
            putString(ReportKey.THETA_SHA256_AFTER.key(), sha);
            return this;
        }

        Builder baseParameters(BaseParameterDigest digest) {
            putString(ReportKey.BASE_PARAMETERS_SHA256.key(), digest.sha256());
            Map<String, StringProvenance> groups = new TreeMap<>();
            digest.groups().forEach((g, d) -> groups.put(g, new StringProvenance(g, d)));
            put(ReportKey.BASE_PARAMETERS_GROUPS.key(), new MapProvenance<>(groups));
            return this;
        }

        Builder correction(String outcome, List<String> steps) {
            putString(ReportKey.CORRECTION.key(), outcome);
            text.append("correction: ").append(outcome).append(' ').append(steps).append('\n');
            return this;
        }

        Builder effectsKernel(String kernel) {
            putString(ReportKey.EFFECTS_KERNEL.key(), kernel);
            return this;
        }

        Builder querySolve(String backend, double damping, boolean converged, int[] iterations, double[] residuals,
                           List<String> attempts, long products) {
            putString(ReportKey.SOLVE_CURVATURE.key(), backend);
            putDouble(ReportKey.SOLVE_DAMPING.key(), damping);
            putBoolean(ReportKey.SOLVE_CONVERGED.key(), converged);
            List<IntProvenance> it = new ArrayList<>();
            List<DoubleProvenance> res = new ArrayList<>();
            for (int k = 0; k < iterations.length; k++) {
                it.add(new IntProvenance("iterations", iterations[k]));
                res.add(new DoubleProvenance("relative-residual", residuals[k]));
            }
            put(ReportKey.SOLVE_ITERATIONS.key(), new ListProvenance<>(it));
            put(ReportKey.SOLVE_RELATIVE_RESIDUALS.key(), new ListProvenance<>(res));
            putStrings(ReportKey.SOLVE_ATTEMPTS.key(), attempts);
            put(ReportKey.SOLVE_CURVATURE_PRODUCTS.key(), new LongProvenance(ReportKey.SOLVE_CURVATURE_PRODUCTS.key(), products));
            text.append(String.format("solves: %s damping %.3g converged %s iterations %s%n", backend, damping, converged,
                                      java.util.Arrays.toString(iterations)));
            return this;
        }

        Builder mask(int[] histogram, double threshold, double initialObjective, double finalObjective, int candidates,
                     int selected, boolean capped) {
            List<IntProvenance> h = new ArrayList<>();
            for (int c : histogram) {
                h.add(new IntProvenance("count", c));
            }
            put(ReportKey.MASK_HISTOGRAM.key(), new ListProvenance<>(h));
            putDouble(ReportKey.MASK_THRESHOLD.key(), threshold);
            putDouble(ReportKey.MASK_INITIAL_OBJECTIVE.key(), initialObjective);
            putDouble(ReportKey.MASK_FINAL_OBJECTIVE.key(), finalObjective);
            putInt(ReportKey.MASK_CANDIDATES.key(), candidates);
            putInt(ReportKey.MASK_SELECTED.key(), selected);
            putBoolean(ReportKey.MASK_CAPPED.key(), capped);
            text.append(String.format("mask: J %.5g -> %.5g, %d above threshold, %d selected%s, histogram %s%n", initialObjective,
                                      finalObjective, candidates, selected, capped ? " (capped)" : "", java.util.Arrays.toString(histogram)));
            return this;
        }

        Builder guard(boolean satisfied, List<String> attempts) {
            putBoolean(ReportKey.GUARD_SATISFIED.key(), satisfied);
            putStrings(ReportKey.GUARD_ATTEMPTS.key(), attempts);
            text.append("guard: satisfied ").append(satisfied).append(' ').append(attempts).append('\n');
            return this;
        }

        Builder removal(List<String> attempts, double damping, boolean converged, double stepNorm) {
            putStrings(ReportKey.REMOVAL_ATTEMPTS.key(), attempts);
            putDouble(ReportKey.REMOVAL_DAMPING.key(), damping);
            putBoolean(ReportKey.REMOVAL_CONVERGED.key(), converged);
            putDouble(ReportKey.REMOVAL_STEP_NORM.key(), stepNorm);
            return this;
        }

        Builder certificate(UnlearningCertificate c) {
            this.certificate = c;
            putDouble(ReportKey.CERTIFICATE_RESIDUAL_BEFORE.key(), c.residualBefore());
            putDouble(ReportKey.CERTIFICATE_RESIDUAL_AFTER.key(), c.residualAfter());
            putDouble(ReportKey.CERTIFICATE_RESIDUAL_AFTER_LOW.key(), c.residualAfterInterval()[0]);
            putDouble(ReportKey.CERTIFICATE_RESIDUAL_AFTER_HIGH.key(), c.residualAfterInterval()[1]);
            putInt(ReportKey.CERTIFICATE_SAMPLES.key(), c.sampled());
            putDouble(ReportKey.CERTIFICATE_TRAINING_RESIDUAL.key(), c.trainingResidual());
            putBoolean(ReportKey.CERTIFICATE_FLAGGED.key(), c.flagged());
            text.append(c).append('\n');
            return this;
        }

        Builder surrogate(String name, double valueBefore, double predicted, double exact) {
            surrogate.put(name, new double[]{valueBefore, predicted, exact});
            boolean agree = Math.signum(predicted) == Math.signum(exact);
            putBoolean(ReportKey.Family.SURROGATE.key(name, "sign-agreement"), agree);
            putDouble(ReportKey.Family.SURROGATE.key(name, "value-before"), valueBefore);
            putDouble(ReportKey.Family.SURROGATE.key(name, "predicted-change"), predicted);
            putDouble(ReportKey.Family.SURROGATE.key(name, "exact-change"), exact);
            text.append(String.format("%s: surrogate predicted change %.4g, exact change %.4g%s%n", name, predicted, exact,
                                      agree ? "" : " (SIGN DISAGREEMENT: the surrogate does not track the metric here)"));
            return this;
        }

        Builder maskProblem(MaskProblem problem) {
            this.maskProblem = problem;
            return this;
        }

        Builder baselineSelection(String rule, int[] sortedIndices, double[] thetaAfter, Map<String, Double> metricsAfter) {
            Map<String, Double> kept = suppress(metricsAfter);
            baselines.put(rule, new BaselineRun(rule, sortedIndices, thetaAfter, kept));
            putInt(ReportKey.Family.BASELINE.key(rule, "count"), sortedIndices.length);
            putDoubles(ReportKey.Family.BASELINE.key(rule, "metrics-after"), kept);
            text.append(rule).append(" at equal |S|: ").append(metricsAfter).append('\n');
            return this;
        }

        Builder calibration(String name, double temperature, List<String> rows) {
            putDouble(ReportKey.Family.CALIBRATION.key(name, "temperature"), temperature);
            putStrings(ReportKey.Family.CALIBRATION.key(name, "rows"), rows);
            text.append(String.format(Locale.ROOT, "%s: surrogate temperature %g%n", name, temperature));
            return this;
        }

        Builder fairnessDistance(double before, double after) {
            putDouble(ReportKey.FAIRNESS_DISTANCE_BEFORE.key(), before);
            putDouble(ReportKey.FAIRNESS_DISTANCE_AFTER.key(), after);
            text.append(String.format(Locale.ROOT, "weighted fairness distance (exact, audit): %.5f -> %.5f%n", before, after));
            return this;
        }

        Builder skippedObjective(String metric, String reason) {
            List<String> skipped = new ArrayList<>(skippedObjectives);
            skipped.add(metric + ": " + reason);
            skippedObjectives = skipped;
            putStrings(ReportKey.SKIPPED_OBJECTIVES.key(), skipped);
            text.append("SKIPPED OBJECTIVE ").append(metric).append(" (weight 0; the other objectives were debiased): ").append(reason).append('\n');
            return this;
        }

        Builder refusal(String reason, boolean forced) {
            List<String> reasons = new ArrayList<>(refusals);
            reasons.add(reason);
            refusals = reasons;
            putStrings(ReportKey.REFUSALS.key(), reasons);
            putBoolean(ReportKey.FORCED.key(), forced);
            text.append(forced ? "REFUSAL OVERRIDDEN (force=true): " : "REFUSED: ").append(reason).append('\n');
            return this;
        }

        Builder unlearned(List<String> sortedIds, int[] sortedIndices) {
            this.ids = sortedIds;
            this.indices = sortedIndices.clone();
            putInt(ReportKey.UNLEARNED_COUNT.key(), sortedIds.size());
            putStrings(ReportKey.UNLEARNED_IDS.key(), sortedIds);
            putString(ReportKey.UNLEARNED_IDS_SHA256.key(), FudlrTransformer.sha256(String.join("\n", sortedIds).getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Builder environment(String deviceSpec, String device, String versions) {
            putString(ReportKey.DEVICE.key(), deviceSpec + " (" + device + ")");
            putString(ReportKey.VERSIONS.key(), versions);
            return this;
        }

        /**
         * Where the per-sample pass ran, when not in this JVM (e.g. a Spark cluster's facts).
         * @param facts flat key-value facts; nothing is recorded when empty.
         * @return this.
         */
        Builder execution(Map<String, String> facts) {
            if (!facts.isEmpty()) {
                Map<String, StringProvenance> m = new TreeMap<>();
                facts.forEach((k, v) -> m.put(k, new StringProvenance(k, v)));
                put(ReportKey.EXECUTION.key(), new MapProvenance<>(m));
                text.append("execution: ").append(new TreeMap<>(facts)).append('\n');
            }
            return this;
        }

        /**
         * Adds report-only values computed by {@link ReportDetails} (trade-off curve, top samples, group counts).
         * @param details instance values whose keys carry the prefix and are not recorded yet.
         * @return this.
         */
        Builder details(Map<String, Provenance> details) {
            for (Map.Entry<String, Provenance> e : details.entrySet()) {
                if (!e.getKey().startsWith(FudlrTransformer.PREFIX) || values.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("Detail key '" + e.getKey() + "' lacks the prefix " + FudlrTransformer.PREFIX
                                                       + " or is already recorded");
                }
                values.put(e.getKey(), e.getValue());
            }
            return this;
        }

        Builder seconds(Map<String, Double> s) {
            stageSeconds.putAll(s);
            // Measurements differ between runs of the same inputs: with a fixed provenance clock (SOURCE_DATE_EPOCH,
            // reproducible mode) they stay in memory, logs and telemetry but out of the model file.
            // The summary is shown in HTML reports, so it follows the same rule (stageSeconds() keeps them either way).
            if (!ProvenanceClock.isFixed()) {
                putDoubles(ReportKey.STAGE_SECONDS.key(), s);
                text.append("seconds: ").append(s).append('\n');
            }
            return this;
        }

        private String summary() {
            StringBuilder sb = new StringBuilder("FUDLR: unlearned ").append(ids.size()).append(" samples\n");
            for (Map.Entry<String, Double> e : before.entrySet()) {
                if (!e.getKey().contains("/")) {
                    sb.append(String.format("  %s: %.5g -> %.5g%n", e.getKey(), e.getValue(), after.getOrDefault(e.getKey(), Double.NaN)));
                }
            }
            return sb.append(text).toString();
        }

        /** @return the text so far (for a refusal's message). */
        String partialText() {
            return text.toString();
        }

        FudlrReport build() {
            return new FudlrReport(this);
        }
    }
}
