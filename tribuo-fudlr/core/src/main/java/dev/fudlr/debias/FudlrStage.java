/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import java.util.List;

/**
 * The stages of one FUDLR run, in pipeline order: the names under which their wall time is recorded
 * ({@code fudlr.stage-seconds}), shown in progress lines and ordered in the HTML report. One place, so that the
 * recorder, the progress total and the report cannot disagree (the report's own list used to miss {@code calibration},
 * and the progress total counted 11 stages of 10).
 */
public enum FudlrStage {
    /** Exact metrics of the original model on the audit users. */
    AUDIT("audit"),
    /** Surrogate temperatures chosen against the exact metrics. */
    CALIBRATION("calibration"),
    /** Parameter gradients of the objective surrogates and of the accuracy term. */
    SURROGATE_GRADIENTS("surrogate-gradients"),
    /** The damped inverse-Hessian solves. */
    INFLUENCE_SOLVES("influence-solves"),
    /** Per-sample effects a_ik and b_i over every training sample. */
    PER_SAMPLE_EFFECTS("per-sample-effects"),
    /** The bias-agnostic mask. */
    MASK("mask"),
    /** Newton removal with the accuracy guard's shrinking. */
    UNLEARNING_AND_GUARD("unlearning-and-guard"),
    /** The unlearning certificate. */
    CERTIFICATE("certificate"),
    /** Optional comparison with simpler selections of the same size ({@code compareBaselines}). */
    BASELINE_SELECTIONS("baseline-selections"),
    /** The report and the new model. */
    REPORT("report");

    private final String id;

    FudlrStage(String id) {
        this.id = id;
    }

    /** @return the recorded name, e.g. {@code "per-sample-effects"}. */
    public String id() {
        return id;
    }

    /** @return every stage's name, in pipeline order. */
    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(FudlrStage::id).toList();
    }
}
