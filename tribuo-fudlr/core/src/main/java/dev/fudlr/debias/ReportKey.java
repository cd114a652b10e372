/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

/**
 * Every instance-value key a FUDLR run records in the debiased model's provenance, in one place: {@link FudlrReport}
 * writes them, and the HTML report, {@code fudlr verify} and the checks read them through these constants (never by
 * literal). Keys are {@value #PREFIX} followed by the name; per-objective and per-rule values form the
 * {@link Family families} below.
 */
public enum ReportKey {
    /** Number of audit examples. */
    AUDIT_SIZE("audit-size"),
    /** Audit examples left out (target not in the catalogue). */
    AUDIT_SKIPPED_UNKNOWN_TARGETS("audit-skipped-unknown-targets"),
    /** SHA-256 of each group of the base parameters. */
    BASE_PARAMETERS_GROUPS("base-parameters-groups"),
    /** SHA-256 of the base (frozen) parameters. */
    BASE_PARAMETERS_SHA256("base-parameters-sha256"),
    /** The certificate's flag. */
    CERTIFICATE_FLAGGED("certificate.flagged"),
    /** Certificate residual after. */
    CERTIFICATE_RESIDUAL_AFTER("certificate.residual-after"),
    /** Lower end of the 95% interval of the certificate's residual after (equal to it when computed on all samples). */
    CERTIFICATE_RESIDUAL_AFTER_LOW("certificate.residual-after-low"),
    /** Upper end of that interval. */
    CERTIFICATE_RESIDUAL_AFTER_HIGH("certificate.residual-after-high"),
    /** Retained samples the residual after was estimated from (0 = all of them). */
    CERTIFICATE_SAMPLES("certificate.samples"),
    /** Certificate residual before. */
    CERTIFICATE_RESIDUAL_BEFORE("certificate.residual-before"),
    /** Certificate training residual. */
    CERTIFICATE_TRAINING_RESIDUAL("certificate.training-residual"),
    /** The corrective Newton steps' outcome (none, accepted with the steps taken, or why the uncorrected removal was kept). */
    CORRECTION("correction"),
    /** Device. */
    DEVICE("device"),
    /** How the per-sample effects were computed (a {@code GradientEngine.DirectionalKernel}: tangent, per-sample parameters, ...). */
    EFFECTS_KERNEL("effects.kernel"),
    /** Where the per-sample pass ran when not in the debiasing JVM (map of facts, e.g. {@code spark.executors}). */
    EXECUTION("execution"),
    /** Fairness distance after. */
    FAIRNESS_DISTANCE_AFTER("fairness-distance-after"),
    /** Fairness distance before. */
    FAIRNESS_DISTANCE_BEFORE("fairness-distance-before"),
    /** Forced. */
    FORCED("forced"),
    /** Guard attempts. */
    GUARD_ATTEMPTS("guard.attempts"),
    /** Guard satisfied. */
    GUARD_SATISFIED("guard.satisfied"),
    /** Mask candidates. */
    MASK_CANDIDATES("mask.candidates"),
    /** Mask capped. */
    MASK_CAPPED("mask.capped"),
    /** Mask final objective. */
    MASK_FINAL_OBJECTIVE("mask.final-objective"),
    /** Mask histogram. */
    MASK_HISTOGRAM("mask.histogram"),
    /** Mask initial objective. */
    MASK_INITIAL_OBJECTIVE("mask.initial-objective"),
    /** Mask selected. */
    MASK_SELECTED("mask.selected"),
    /** Mask threshold. */
    MASK_THRESHOLD("mask.threshold"),
    /** Exact metrics after. */
    METRICS_AFTER("metrics-after"),
    /** Exact metrics before. */
    METRICS_BEFORE("metrics-before"),
    /** The minimum group size k of the small-group suppression. */
    PRIVACY_MIN_GROUP_SIZE("privacy.min-group-size"),
    /** Metric breakdown entries left out because their group is smaller than k. */
    PRIVACY_SUPPRESSED("privacy.suppressed"),
    /** Refusals. */
    REFUSALS("refusals"),
    /** Removal attempts. */
    REMOVAL_ATTEMPTS("removal.attempts"),
    /** Removal converged. */
    REMOVAL_CONVERGED("removal.converged"),
    /** Removal damping. */
    REMOVAL_DAMPING("removal.damping"),
    /** Removal step norm. */
    REMOVAL_STEP_NORM("removal.step-norm"),
    /** Skipped objectives. */
    SKIPPED_OBJECTIVES("skipped-objectives"),
    /** Solve attempts. */
    SOLVE_ATTEMPTS("solve.attempts"),
    /** Solve converged. */
    SOLVE_CONVERGED("solve.converged"),
    /** Solve curvature. */
    SOLVE_CURVATURE("solve.curvature"),
    /** Solve curvature products. */
    SOLVE_CURVATURE_PRODUCTS("solve.curvature-products"),
    /** Solve damping. */
    SOLVE_DAMPING("solve.damping"),
    /** Solve iterations. */
    SOLVE_ITERATIONS("solve.iterations"),
    /** Solve relative residuals. */
    SOLVE_RELATIVE_RESIDUALS("solve.relative-residuals"),
    /** Wall time per stage (left out with a fixed provenance clock). */
    STAGE_SECONDS("stage-seconds"),
    /** SHA-256 of the trainable parameters after. */
    THETA_SHA256_AFTER("theta-sha256-after"),
    /** SHA-256 of the trainable parameters before. */
    THETA_SHA256_BEFORE("theta-sha256-before"),
    /** Number of training samples scored. */
    TRAIN_SIZE("train-size"),
    /** Number of trainable parameters. */
    TRAINABLE_PARAMETERS("trainable-parameters"),
    /** Number of unlearned samples. */
    UNLEARNED_COUNT("unlearned-count"),
    /** The sorted unlearned sample ids. */
    UNLEARNED_IDS("unlearned-ids"),
    /** SHA-256 of the sorted ids joined by newlines. */
    UNLEARNED_IDS_SHA256("unlearned-ids-sha256"),
    /** Versions. */
    VERSIONS("versions"),
    /** The weight decay of the training objective. */
    WEIGHT_DECAY("weight-decay");

    /** The prefix of every key. */
    public static final String PREFIX = "fudlr.";

    private final String name;

    ReportKey(String name) {
        this.name = name;
    }

    /** @return the full key, {@value #PREFIX} + name. */
    public String key() {
        return PREFIX + name;
    }

    /** Keys per objective ({@code surrogate.<metric>.<field>}, {@code calibration.<metric>.<field>}) or per rule ({@code baseline.<rule>.<field>}). */
    public enum Family {
        /** The surrogate sanity check per objective: sign-agreement, value-before, predicted-change, exact-change. */
        SURROGATE("surrogate."),
        /** The temperature calibration per objective: temperature, rows. */
        CALIBRATION("calibration."),
        /** The comparison selections per rule: count, metrics-after. */
        BASELINE("baseline.");

        private final String name;

        Family(String name) {
            this.name = name;
        }

        /** @return the prefix shared by the family's keys. */
        public String prefix() {
            return PREFIX + name;
        }

        /**
         * @param member the objective or rule.
         * @param field the field.
         * @return the full key.
         */
        public String key(String member, String field) {
            return prefix() + member + "." + field;
        }
    }
}
