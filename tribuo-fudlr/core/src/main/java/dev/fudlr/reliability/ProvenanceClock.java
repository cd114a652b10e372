/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The one clock behind every time written into a model file or report: {@code trained-at} of a
 * {@link org.tribuo.provenance.ModelProvenance}, {@code datasource-creation-time} of a data source provenance, and the
 * time of a post-training step.
 * <p>
 * By default it is the real time. When {@value #ENVIRONMENT_VARIABLE} is set (the reproducible-builds.org convention:
 * a whole number of seconds since 1970-01-01T00:00:00Z), every such time is that instant in UTC, and run-time
 * measurements (wall seconds per stage) are left out of model files ({@link #isFixed()}), so that the same inputs and
 * seed give byte-identical model files. The system property {@value #PROPERTY} takes precedence over the environment
 * variable (for launchers and tests that cannot set the environment). An empty value means unset.
 * <p>
 * Reads the setting on every call: a process may set the property between runs.
 */
public final class ProvenanceClock {

    /** The environment variable defined by reproducible-builds.org. */
    public static final String ENVIRONMENT_VARIABLE = "SOURCE_DATE_EPOCH";
    /** The system property that overrides the environment variable. */
    public static final String PROPERTY = "fudlr.sourceDateEpoch";

    private ProvenanceClock() {}

    /**
     * The time to record now.
     * @return the fixed instant (UTC) when {@value #ENVIRONMENT_VARIABLE} or {@value #PROPERTY} is set, else the
     * current time in the system's offset.
     * @throws IllegalStateException if the setting is not a whole, non-negative number of seconds.
     */
    public static OffsetDateTime now() {
        return fixedTime().orElseGet(OffsetDateTime::now);
    }

    /**
     * Whether the clock is fixed (reproducible mode): times are the configured instant and measured durations are not
     * recorded in model files.
     * @return true when {@value #ENVIRONMENT_VARIABLE} or {@value #PROPERTY} is set.
     * @throws IllegalStateException if the setting is malformed.
     */
    public static boolean isFixed() {
        return fixedTime().isPresent();
    }

    /**
     * The configured instant, if any.
     * @return the instant in UTC, or empty when neither the property nor the environment variable is set.
     * @throws IllegalStateException if the setting is malformed.
     */
    public static Optional<OffsetDateTime> fixedTime() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(parse(PROPERTY, property));
        }
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return Optional.of(parse(ENVIRONMENT_VARIABLE, env));
        }
        return Optional.empty();
    }

    /**
     * Parses a source date epoch.
     * @param name where the value came from (for the message).
     * @param value the value.
     * @return the instant in UTC.
     * @throws IllegalStateException if it is not a whole, non-negative number of seconds.
     */
    static OffsetDateTime parse(String name, String value) {
        String v = value.trim();
        // reproducible-builds.org: an integer of decimal digits, no sign, no fraction; malformed values are errors.
        if (!v.matches("[0-9]{1,18}")) {
            throw new IllegalStateException(name + "='" + value + "' is not a whole number of seconds since 1970-01-01T00:00:00Z "
                                            + "(see reproducible-builds.org/specs/source-date-epoch); fix or unset it");
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(v)).atOffset(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new IllegalStateException(name + "='" + value + "' is beyond the representable dates; fix or unset it", e);
        }
    }
}
