/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

import java.util.List;

/**
 * Attribute keys of the spans and metrics, in the {@code fudlr.*} namespace, plus the OpenTelemetry GenAI
 * convention's {@value #GEN_AI_REQUEST_MODEL_NAME} for the base model. Metric values go under
 * {@value #METRIC_PREFIX}{@code <metric name>} (for example {@code fudlr.metric.mgu@10}).
 */
public final class FudlrAttributes {

    /** The GenAI semantic-convention key naming the model in use. */
    public static final String GEN_AI_REQUEST_MODEL_NAME = "gen_ai.request.model";
    /** Base model: the MiniLM artifact's Maven coordinates, or {@value #ITEM_TRANSFORMER} for the small backbone. */
    public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey(GEN_AI_REQUEST_MODEL_NAME);
    /** The base-model name of the small item transformer trained from scratch. */
    public static final String ITEM_TRANSFORMER = "fudlr-item-transformer";

    /** Stage (span) name, on the stage-duration histogram and the samples counter. */
    public static final AttributeKey<String> STAGE = AttributeKey.stringKey("fudlr.stage");
    /** {@value #OUTCOME_OK} or {@value #OUTCOME_ERROR}, on the stage-duration histogram. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fudlr.outcome");
    /** Outcome of a stage that ended normally. */
    public static final String OUTCOME_OK = "ok";
    /** Outcome of a stage ended by an exception (or left open). */
    public static final String OUTCOME_ERROR = "error";

    /** Samples a stage processed (training samples, audit examples, scored samples). */
    public static final AttributeKey<Long> SAMPLES = AttributeKey.longKey("fudlr.samples");
    /** Training samples of a run. */
    public static final AttributeKey<Long> TRAIN_SAMPLES = AttributeKey.longKey("fudlr.train.samples");
    /** Audit (validation) examples of a run. */
    public static final AttributeKey<Long> AUDIT_SAMPLES = AttributeKey.longKey("fudlr.audit.samples");
    /** Trainable parameters of the model. */
    public static final AttributeKey<Long> PARAMETERS = AttributeKey.longKey("fudlr.model.parameters");
    /** Backbone name ({@code transformer} or {@code minilm}). */
    public static final AttributeKey<String> BACKBONE = AttributeKey.stringKey("fudlr.backbone");
    /** Training epochs (all phases). */
    public static final AttributeKey<Long> EPOCHS = AttributeKey.longKey("fudlr.train.epochs");
    /** Configured device. */
    public static final AttributeKey<String> DEVICE = AttributeKey.stringKey("fudlr.device");

    /** Objective metric names of a debias run. */
    public static final AttributeKey<List<String>> OBJECTIVES = AttributeKey.stringArrayKey("fudlr.objectives");
    /** Curvature backend name. */
    public static final AttributeKey<String> CURVATURE_BACKEND = AttributeKey.stringKey("fudlr.curvature.backend");
    /** Inverse-HVP solver name. */
    public static final AttributeKey<String> SOLVER = AttributeKey.stringKey("fudlr.ihvp.solver");
    /** Damping lambda of a solve. */
    public static final AttributeKey<Double> DAMPING = AttributeKey.doubleKey("fudlr.ihvp.damping");
    /** Right-hand sides solved together. */
    public static final AttributeKey<Long> RIGHT_HAND_SIDES = AttributeKey.longKey("fudlr.ihvp.rhs");
    /** Largest iteration count over the right-hand sides. */
    public static final AttributeKey<Long> ITERATIONS = AttributeKey.longKey("fudlr.ihvp.iterations");
    /** Largest final relative residual over the right-hand sides. */
    public static final AttributeKey<Double> RESIDUAL = AttributeKey.doubleKey("fudlr.ihvp.residual");
    /** Whether every right-hand side converged. */
    public static final AttributeKey<Boolean> CONVERGED = AttributeKey.booleanKey("fudlr.ihvp.converged");
    /** Whether non-positive curvature was met. */
    public static final AttributeKey<Boolean> NEGATIVE_CURVATURE = AttributeKey.booleanKey("fudlr.ihvp.negative_curvature");
    /** Curvature (Hessian-vector) products used. */
    public static final AttributeKey<Long> PRODUCTS = AttributeKey.longKey("fudlr.ihvp.products");

    /** Mask threshold. */
    public static final AttributeKey<Double> MASK_THRESHOLD = AttributeKey.doubleKey("fudlr.mask.threshold");
    /** Samples with a mask value above the threshold. */
    public static final AttributeKey<Long> MASK_CANDIDATES = AttributeKey.longKey("fudlr.mask.candidates");
    /** Samples selected (after the removal cap). */
    public static final AttributeKey<Long> MASK_SELECTED = AttributeKey.longKey("fudlr.mask.selected");
    /** Mask objective at the start. */
    public static final AttributeKey<Double> MASK_OBJECTIVE_INITIAL = AttributeKey.doubleKey("fudlr.mask.objective.initial");
    /** Mask objective at the end. */
    public static final AttributeKey<Double> MASK_OBJECTIVE_FINAL = AttributeKey.doubleKey("fudlr.mask.objective.final");

    /** Size of the selection a guard attempt unlearns. */
    public static final AttributeKey<Long> SELECTION_SIZE = AttributeKey.longKey("fudlr.selection.size");
    /** Relative accuracy drop measured by a guard attempt. */
    public static final AttributeKey<Double> ACCURACY_DROP = AttributeKey.doubleKey("fudlr.accuracy.drop");
    /** Samples finally unlearned. */
    public static final AttributeKey<Long> UNLEARNED = AttributeKey.longKey("fudlr.unlearn.removed");
    /** Whether the accuracy guard was satisfied. */
    public static final AttributeKey<Boolean> GUARD_SATISFIED = AttributeKey.booleanKey("fudlr.unlearn.guard_satisfied");

    /** The CLI subcommand (on {@value SpanNames#COMMAND}). */
    public static final AttributeKey<String> COMMAND = AttributeKey.stringKey("fudlr.command");
    /** The CLI exit code (on {@value SpanNames#COMMAND}, when the command returned one). */
    public static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("fudlr.exit_code");

    /** Prefix of metric-value attributes. */
    public static final String METRIC_PREFIX = "fudlr.metric.";

    private FudlrAttributes() {}

    /**
     * The attribute key of a metric value.
     * @param metricName the metric's canonical name (for example {@code mgu@10}).
     * @return {@code fudlr.metric.<name>}.
     */
    public static AttributeKey<Double> metric(String metricName) {
        return AttributeKey.doubleKey(METRIC_PREFIX + metricName);
    }

    /**
     * The attributes of a {@value SpanNames#DEBIAS} span.
     * @param baseModel the debiased model's base model ({@code UnlearnableRecommender.baseModelName()}).
     * @param objectives the objective metric names.
     * @param curvature the curvature backend name.
     * @param trainSamples training samples.
     * @param auditSamples audit examples.
     * @return the attributes.
     */
    public static Attributes debiasRun(String baseModel, List<String> objectives, String curvature, long trainSamples, long auditSamples) {
        return Attributes.builder()
            .put(GEN_AI_REQUEST_MODEL, baseModel)
            .put(OBJECTIVES, List.copyOf(objectives))
            .put(CURVATURE_BACKEND, curvature)
            .put(TRAIN_SAMPLES, trainSamples)
            .put(AUDIT_SAMPLES, auditSamples)
            .build();
    }

    /**
     * The attributes of a {@value SpanNames#TRAIN} span.
     * @param baseModel the base model being trained on (e.g. {@value #ITEM_TRANSFORMER}, or Maven coordinates).
     * @param backbone the backbone name.
     * @param samples training samples.
     * @param epochs epochs over them (all phases).
     * @param device the configured device.
     * @return the attributes.
     */
    public static Attributes training(String baseModel, String backbone, long samples, long epochs, String device) {
        return Attributes.builder()
            .put(GEN_AI_REQUEST_MODEL, baseModel)
            .put(BACKBONE, backbone)
            .put(TRAIN_SAMPLES, samples)
            .put(EPOCHS, epochs)
            .put(DEVICE, device)
            .build();
    }
}
