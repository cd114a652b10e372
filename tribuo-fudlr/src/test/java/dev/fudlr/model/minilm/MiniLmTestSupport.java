/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared test inputs: real movie titles. */
final class MiniLmTestSupport {

    /** Well-known public film titles, used when ML-100K is not available. */
    static final List<String> FALLBACK_TITLES = List.of(
        "Toy Story (1995)", "GoldenEye (1995)", "Four Rooms (1995)", "Get Shorty (1995)", "Copycat (1995)",
        "Twelve Monkeys (1995)", "Babe (1995)", "Dead Man Walking (1995)", "Richard III (1995)", "Seven (Se7en) (1995)",
        "The Usual Suspects (1995)", "Mighty Aphrodite (1995)", "Postino, Il (1994)", "Mr. Holland's Opus (1995)",
        "French Twist (Gazon maudit) (1995)", "From Dusk Till Dawn (1996)", "White Balloon, The (1995)",
        "Antonia's Line (1995)", "Angels and Insects (1995)", "Muppet Treasure Island (1996)", "Braveheart (1995)",
        "Taxi Driver (1976)", "Rumble in the Bronx (1995)", "Birdcage, The (1996)", "Brothers McMullen, The (1995)",
        "Bad Boys (1995)", "Apollo 13 (1995)", "Batman Forever (1995)", "Belle de jour (1967)", "Crimson Tide (1995)",
        "Star Wars (1977)", "Pulp Fiction (1994)", "Fargo (1996)");

    private MiniLmTestSupport() {}

    /**
     * Up to {@code n} titles from ML-100K's u.item when {@code fudlr.ml100k.dir} is set, else the fallback list.
     * @param n how many.
     * @return titles.
     */
    static List<String> titles(int n) {
        String dir = System.getProperty("fudlr.ml100k.dir");
        if (dir != null && Files.isRegularFile(Path.of(dir, "u.item"))) {
            try {
                List<String> out = new ArrayList<>();
                for (String line : Files.readAllLines(Path.of(dir, "u.item"), StandardCharsets.ISO_8859_1)) {
                    String[] f = line.split("\\|");
                    if (f.length > 1 && !f[1].isBlank()) {
                        out.add(f[1]);
                    }
                    if (out.size() == n) {
                        break;
                    }
                }
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return FALLBACK_TITLES.subList(0, Math.min(n, FALLBACK_TITLES.size()));
    }
}
