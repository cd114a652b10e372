/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The smoothing of every differentiable surrogate: mode, temperature, and whether the gradient flows through
 * the threshold.
 * <p>
 * The temperature is in score units (logits for a softmax recommender). Its default, {@value #DEFAULT_TEMPERATURE},
 * comes from the project's prototype: with softmax smoothing at temperature 1 the MGU@10 surrogate's
 * gradient pointed the wrong way (+35% MGU after debiasing), at 0.5 it worked. The right value depends on
 * the scale of the scores, so calibrate it against the exact metric
 * ({@code dev.fudlr.fairness.metric.SurrogateCalibration}) before trusting a surrogate as an objective.
 */
public final class SurrogateSettings implements Serializable, Configurable, Provenancable<ConfiguredObjectProvenance> {

    private static final long serialVersionUID = 1L;

    /** Default temperature (see the class documentation). */
    public static final double DEFAULT_TEMPERATURE = 0.5;

    /** Threshold smoothing, temperature {@value #DEFAULT_TEMPERATURE}, gradient through the threshold. */
    public static final SurrogateSettings DEFAULT = new SurrogateSettings(SmoothingMode.THRESHOLD, DEFAULT_TEMPERATURE, true);

    @Config(description = "Smoothing of top-K membership: THRESHOLD (sigmoid around the K-th score) or SOFTMAX.")
    private SmoothingMode mode = SmoothingMode.THRESHOLD;

    @Config(description = "Temperature in score units; smaller is closer to the exact metric and less smooth.")
    private double temperature = DEFAULT_TEMPERATURE;

    @Config(description = "THRESHOLD mode: include the derivative of the threshold (half to the K-th and half to the "
            + "(K+1)-th item), making the gradient exact for the evaluated function; false treats the threshold as a constant.")
    private boolean thresholdGradient = true;

    /**
     * For OLCUT.
     */
    private SurrogateSettings() {}

    /**
     * Settings.
     * @param mode the smoothing mode.
     * @param temperature positive and finite.
     * @param thresholdGradient see {@link #thresholdGradient()}.
     */
    public SurrogateSettings(SmoothingMode mode, double temperature, boolean thresholdGradient) {
        this.mode = mode;
        this.temperature = temperature;
        this.thresholdGradient = thresholdGradient;
        postConfig();
    }

    /**
     * Threshold smoothing at a temperature, gradient through the threshold.
     * @param temperature positive and finite.
     * @return the settings.
     */
    public static SurrogateSettings threshold(double temperature) {
        return new SurrogateSettings(SmoothingMode.THRESHOLD, temperature, true);
    }

    /**
     * Softmax smoothing at a temperature.
     * @param temperature positive and finite.
     * @return the settings.
     */
    public static SurrogateSettings softmax(double temperature) {
        return new SurrogateSettings(SmoothingMode.SOFTMAX, temperature, true);
    }

    /**
     * Validates the configuration.
     */
    @Override
    public void postConfig() {
        if (mode == null) {
            throw new PropertyException("", "mode", "The smoothing mode must be set");
        }
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new PropertyException("", "temperature", "The temperature must be positive and finite, got " + temperature);
        }
    }

    /**
     * The smoothing mode.
     * @return the mode.
     */
    public SmoothingMode mode() {
        return mode;
    }

    /**
     * The temperature.
     * @return tau.
     */
    public double temperature() {
        return temperature;
    }

    /**
     * Whether the gradient of THRESHOLD smoothing includes the threshold's own derivative. With it, the
     * gradient is the exact derivative of the evaluated surrogate and is shift invariant (adding a constant to
     * all of a user's scores changes nothing); without it, the threshold is a constant, as in a
     * straight-through estimator. Ignored by SOFTMAX.
     * @return true if the threshold's derivative is included.
     */
    public boolean thresholdGradient() {
        return thresholdGradient;
    }

    /**
     * The same settings at another temperature.
     * @param t positive and finite.
     * @return new settings.
     */
    public SurrogateSettings withTemperature(double t) {
        return new SurrogateSettings(mode, t, thresholdGradient);
    }

    /**
     * The settings as configuration provenance (recorded by the debiasing step that uses them).
     * @return the provenance.
     */
    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "SurrogateSettings");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SurrogateSettings)) {
            return false;
        }
        SurrogateSettings that = (SurrogateSettings) o;
        return Double.compare(temperature, that.temperature) == 0 && thresholdGradient == that.thresholdGradient && mode == that.mode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, temperature, thresholdGradient);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SurrogateSettings(mode=%s, temperature=%s, thresholdGradient=%s)", mode, temperature, thresholdGradient);
    }
}
