/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.SurrogateCalibration;
import dev.fudlr.fairness.surrogate.ScoreBlocks;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * FUDLR's calibration stage: per objective, the surrogate temperature at which a small step along the surrogate's
 * gradient moves the exact metric the way the surrogate predicts ({@link SurrogateCalibration}), chosen from a grid.
 * @param temperatures the candidate temperatures (each finite and &gt; 0).
 * @param step the relative size of the probing step ({@link SurrogateCalibration#run}'s eta).
 * @param valueTolerance the largest relative error of the surrogate's value accepted.
 */
public record TemperatureCalibration(double[] temperatures, double step, double valueTolerance) {

    /** The grid FUDLR searches by default. */
    public static final double[] DEFAULT_TEMPERATURES = {0.02, 0.05, 0.1, 0.25, 0.5, 1.0};

    /** FUDLR's default calibration. */
    public static final TemperatureCalibration DEFAULT = new TemperatureCalibration(DEFAULT_TEMPERATURES, 0.1, 0.15);

    /** Validates and copies. */
    public TemperatureCalibration {
        temperatures = temperatures.clone();
        for (double t : temperatures) {
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("calibration temperatures must be finite and > 0, found " + Arrays.toString(temperatures));
            }
        }
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("calibrationStep must be finite and > 0, found " + step);
        }
        if (!(valueTolerance >= 0) || Double.isInfinite(valueTolerance)) {
            throw new IllegalArgumentException("calibrationValueTolerance must be finite and >= 0, found " + valueTolerance);
        }
    }

    @Override
    public double[] temperatures() {
        return temperatures.clone();
    }

    /**
     * The outcome for one metric.
     * @param metric the metric's name.
     * @param temperature the chosen temperature, NaN when none fits.
     * @param rows the probe at each temperature.
     */
    public record Outcome(String metric, double temperature, List<SurrogateCalibration.Row> rows) {
        /** @return true when a temperature fits. */
        public boolean calibrated() {
            return !Double.isNaN(temperature);
        }

        /** @return the temperature whose surrogate value is closest to the exact one: the least bad guess. */
        public double closestInValue() {
            return rows.stream().min(Comparator.comparingDouble(SurrogateCalibration.Row::relativeValueError)).orElseThrow().temperature();
        }

        /** @return the chosen temperature, else {@link #closestInValue()}. */
        public double temperatureOrClosest() {
            return calibrated() ? temperature : closestInValue();
        }
    }

    /**
     * Calibrates one metric's surrogate on the audit scores.
     * @param metric the metric.
     * @param scores the audit users' scores of the model.
     * @param audit the audit data.
     * @return the outcome.
     */
    public Outcome calibrate(FairnessMetric metric, ScoreMatrix scores, AuditData audit) {
        return outcome(metric, SurrogateCalibration.run(metric, SurrogateSettings.DEFAULT, scores, audit, temperatures, step));
    }

    /**
     * Calibrates one metric's separable surrogate on audit scores held in blocks elsewhere.
     * @param metric the metric.
     * @param scores the audit users' scores of the model.
     * @param before the recommendations of those scores.
     * @return the outcome.
     */
    public Outcome calibrate(FairnessMetric metric, ScoreBlocks scores, Recommendations before) {
        return outcome(metric, SurrogateCalibration.run(metric, SurrogateSettings.DEFAULT, scores, before, temperatures, step));
    }

    private Outcome outcome(FairnessMetric metric, List<SurrogateCalibration.Row> rows) {
        return new Outcome(metric.name(), SurrogateCalibration.choose(rows, valueTolerance), List.copyOf(rows));
    }
}
