/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A generated shop log of a shape unlike MovieLens, for the interaction-log tests: string ids ({@code u-0007},
 * {@code sku_B12}), no timestamps (users' rows interleaved, so the order rule matters), ratings on a 0..10 scale,
 * a few repeated purchases, non-default column names, a user table with the attribute {@code region} (three groups
 * plus missing values) and {@code plan}, and an item table with quoted names holding commas and '|'-separated tags.
 * <p>
 * Popularity skew: half of the users buy mostly by popularity (Zipf over a random item ranking), the others by their
 * region's favourite tag, so a recommender trained on the log over-recommends the head.
 */
public final class InteractionLogFixture {

    /** The regions, in the order of their frequency. */
    public static final List<String> REGIONS = List.of("north", "south", "island");
    /** The item tags. */
    public static final List<String> TAGS = List.of("garden", "kitchen", "toys", "books", "outdoor");
    /** The {@code --column} options (and configuration) the files need. */
    public static final List<String> COLUMN_OPTIONS = List.of("--column", "user=customer_id", "--column", "item=product_id",
            "--column", "rating=stars", "--column", "item-text=name", "--column", "item-categories=tags");

    /**
     * The written files.
     * @param interactions {@code orders.csv}: customer_id, product_id, stars, channel.
     * @param users {@code customers.tsv}: customer_id, region, plan.
     * @param items {@code products.csv}: product_id, name, tags, price.
     */
    public record LogFiles(Path interactions, Path users, Path items) {}

    private InteractionLogFixture() {}

    /**
     * The column names of the files.
     * @return the columns.
     */
    public static InteractionLogReader.Columns columns() {
        return new InteractionLogReader.Columns("customer_id", "product_id", null, "stars", "name", "tags");
    }

    /**
     * Writes a log.
     * @param dir the directory.
     * @param numUsers users.
     * @param numItems items (at least 30).
     * @param seed the random seed.
     * @return the files.
     * @throws IOException if writing fails.
     */
    public static LogFiles write(Path dir, int numUsers, int numItems, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> items = new ArrayList<>();
        List<Integer> tagOf = new ArrayList<>();
        List<String> products = new ArrayList<>(List.of("product_id,name,tags,price"));
        for (int i = 0; i < numItems; i++) {
            String id = String.format(Locale.ROOT, "sku_%c%02d", (char) ('A' + i % 26), i);
            int tag = rng.nextInt(TAGS.size());
            String tags = TAGS.get(tag) + (rng.nextInt(3) == 0 ? "|" + TAGS.get((tag + 1) % TAGS.size()) : "");
            items.add(id);
            tagOf.add(tag);
            // Names hold commas and quotes: the CSV quoting rule.
            products.add(id + ",\"Item " + i + ", size " + "SML".charAt(i % 3) + (i % 7 == 0 ? " \"\"deluxe\"\"" : "") + "\"," + tags
                    + "," + (5 + i % 20) + ".99");
        }
        List<Integer> byRank = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            byRank.add(i);
        }
        Collections.shuffle(byRank, rng);
        double[] zipf = new double[numItems];
        for (int r = 0; r < numItems; r++) {
            zipf[r] = 1.0 / (r + 1);
        }
        List<String> customers = new ArrayList<>(List.of("customer_id\tregion\tplan"));
        List<List<String>> rowsOfUser = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            String id = String.format(Locale.ROOT, "u-%04d", u + 1);
            double p = rng.nextDouble();
            int region = p < 0.45 ? 0 : p < 0.8 ? 1 : 2;
            boolean known = rng.nextInt(10) != 0;
            if (u % 17 != 5) { // some users are missing from the table: unknown region and plan
                customers.add(id + "\t" + (known ? REGIONS.get(region) : "") + "\t" + (rng.nextBoolean() ? "free" : "paid"));
            }
            boolean popular = rng.nextBoolean();
            int n = 10 + rng.nextInt(13);
            Set<Integer> taken = new LinkedHashSet<>();
            List<String> rows = new ArrayList<>();
            while (taken.size() < n) {
                boolean byPopularity = popular && rng.nextDouble() < 0.7;
                int item = byPopularity ? byRank.get(draw(zipf, rng)) : preferred(tagOf, (region + 1) % TAGS.size(), rng);
                if (!taken.add(item)) {
                    continue;
                }
                int stars = byPopularity ? 3 + rng.nextInt(6) : 6 + rng.nextInt(5);
                rows.add(id + "," + items.get(item) + "," + stars + "," + (rng.nextBoolean() ? "web" : "app"));
                if (rng.nextInt(25) == 0) { // a repeated purchase, later in the file: dropped (the first is kept)
                    rows.add(id + "," + items.get(item) + ",10,app");
                }
            }
            rowsOfUser.add(rows);
        }
        List<String> orders = new ArrayList<>(List.of("customer_id,product_id,stars,channel"));
        interleave(rowsOfUser, orders, rng);
        Path interactions = write(dir.resolve("orders.csv"), orders);
        Path users = write(dir.resolve("customers.tsv"), customers);
        Path itemsFile = write(dir.resolve("products.csv"), products);
        return new LogFiles(interactions, users, itemsFile);
    }

    /** Emits the users' rows in a random interleaving that keeps each user's own order. */
    private static void interleave(List<List<String>> rowsOfUser, List<String> out, Random rng) {
        int[] next = new int[rowsOfUser.size()];
        List<Integer> open = new ArrayList<>();
        for (int u = 0; u < rowsOfUser.size(); u++) {
            open.add(u);
        }
        while (!open.isEmpty()) {
            int k = rng.nextInt(open.size());
            int u = open.get(k);
            out.add(rowsOfUser.get(u).get(next[u]++));
            if (next[u] == rowsOfUser.get(u).size()) {
                open.remove(k);
            }
        }
    }

    private static int draw(double[] weights, Random rng) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** An item drawn with weight 4 for the favourite tag, 1 otherwise. */
    private static int preferred(List<Integer> tagOf, int favourite, Random rng) {
        double[] w = new double[tagOf.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = tagOf.get(i) == favourite ? 4 : 1;
        }
        return draw(w, rng);
    }

    /**
     * Writes lines (UTF-8, '\n').
     * @param file the file.
     * @param lines the lines.
     * @return the file.
     * @throws IOException if writing fails.
     */
    public static Path write(Path file, List<String> lines) throws IOException {
        return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
