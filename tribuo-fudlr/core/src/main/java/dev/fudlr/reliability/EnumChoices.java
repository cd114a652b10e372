/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Helpers for the closed "choice" settings that are Java enums. OLCUT parses an enum {@code @Config} field with
 * {@link Enum#valueOf} (exact, case-sensitive constant names); command-line flags and benchmark options keep accepting
 * the lowercase spellings users type ({@code ndcg}, {@code fairness-topk}, {@code float64}), which
 * {@link #parse} maps onto the constants.
 */
public final class EnumChoices {

    private EnumChoices() {}

    /**
     * The constant names of an enum, for messages.
     * @param type the enum class.
     * @return e.g. {@code "NDCG, LOSS"}.
     * @throws NullPointerException if {@code type} is not an enum.
     */
    public static String names(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> ((Enum<?>) e).name()).collect(Collectors.joining(", "));
    }

    /**
     * The lowercase spelling of a constant, {@code '_'} written {@code '-'} ({@code FAIRNESS_TOPK} is
     * {@code fairness-topk}): the values that reports, provenance instance values and the command line use.
     * {@link #match} reads it back.
     * @param constant the constant.
     * @return its label.
     */
    public static String label(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant a user's spelling names: case-insensitive, with {@code '-'} read as {@code '_'}
     * ({@code fairness-topk} is {@code FAIRNESS_TOPK}).
     * @param type the enum class.
     * @param value the text, may be null.
     * @param <E> the enum type.
     * @return the constant, or empty if none matches.
     */
    public static <E extends Enum<E>> Optional<E> match(Class<E> type, String value) {
        return constant(type, value).map(type::cast);
    }

    /**
     * As {@link #match}, for an enum class known only at run time (a {@code @Config} field's type).
     * @param type an enum class.
     * @param value the text, may be null.
     * @return the constant, or empty if none matches.
     */
    public static Optional<Enum<?>> constant(Class<?> type, String value) {
        if (value == null || !type.isEnum()) {
            return Optional.empty();
        }
        String key = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Object e : type.getEnumConstants()) {
            if (((Enum<?>) e).name().equals(key)) {
                return Optional.of((Enum<?>) e);
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #match}, failing for text that names no constant.
     * @param type the enum class.
     * @param value the text.
     * @param <E> the enum type.
     * @return the constant.
     * @throws IllegalArgumentException naming the accepted values if none matches.
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return match(type, value).orElseThrow(() -> new IllegalArgumentException(
            "'" + value + "' is not one of " + names(type) + " (case-insensitive, '-' for '_')"));
    }
}
