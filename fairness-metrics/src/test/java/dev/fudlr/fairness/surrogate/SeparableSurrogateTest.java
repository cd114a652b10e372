/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.metric.composite.CompositeMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The separable form of every surrogate ({@link SeparableSurrogate}): users split into blocks (uneven, not contiguous,
 * one of a single user) give the whole's value and gradient rows once the blocks' sums are added; one block of all
 * users is {@link Surrogate#evaluate} bit for bit; and the bound form survives Java serialization, as it must to be
 * sent to Spark executors.
 */
class SeparableSurrogateTest {

    private static final int USERS = 40;
    private static final int ITEMS = 30;
    private static final double TOLERANCE = 1e-12;

    /** Every metric of {@link SurrogateTest}, plus other aggregations, intersections, cut-offs and composites. */
    private static final List<String> METRICS;

    static {
        List<String> m = new ArrayList<>(SurrogateTest.METRICS);
        m.addAll(List.of("mgu@5", "ndcg@10", "gp@3:pop3;items=pop3", "ndcg-gap@3:gender;agg=worst", "hr-gap@3:age;users=relevant",
                "recall-gap@3:gender*age;agg=mad", "exposure-parity@3:gender;unknown=group", "exposure-parity@3:gender*age",
                "gini@5;discount=true", "aplt@5;items=genre;tail=g2", "item-exposure@3;items=genre;reference=relevance",
                "0.3*gini@3+arp@3/20+0.1*exposure-parity@3:gender+item-exposure@3;reference=relevance",
                "0.5*ndcg-gap@3:age;agg=signed+0.4*aplt@3+dgu@3;items=genre"));
        METRICS = List.copyOf(m);
    }

    /** Families whose metrics have no surrogate (exact counts or ratios; see their classes). */
    private static final Set<String> WITHOUT_SURROGATE = Set.of("coverage", "impact-ratio", "test-coverage");

    private static final List<SurrogateSettings> SETTINGS = List.of(SurrogateSettings.DEFAULT, SurrogateSettings.softmax(0.7));

    private static List<FairnessMetric> metrics() {
        return MetricRegistry.standard().parseAll(METRICS);
    }

    /**
     * 40 users x 30 items: gender (with an unknown user) and age, history excluded, and 0 to 3 targets per user (some
     * users without one, so that users=relevant leaves users out).
     */
    private static AuditData audit(Random rng) {
        AuditData base = TestData.randomAudit(rng, USERS, ITEMS, true);
        int[][] targets = new int[USERS][];
        int[][] history = new int[USERS][];
        for (int u = 0; u < USERS; u++) {
            history[u] = base.history(u);
            Set<Integer> seen = new LinkedHashSet<>();
            for (int h : history[u]) {
                seen.add(h);
            }
            int n = u % 9 == 4 ? 0 : 1 + rng.nextInt(3);
            List<Integer> t = new ArrayList<>();
            while (t.size() < n) {
                int i = rng.nextInt(ITEMS);
                if (seen.add(i)) {
                    t.add(i);
                }
            }
            targets[u] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        return AuditData.builder(USERS, ITEMS).targets(Targets.sets(targets, ITEMS)).history(history).excludeHistory()
                .itemCounts(base.itemCounts("t")).attribute(base.attribute("gender")).attribute(base.attribute("age"))
                .itemGroups(base.itemGroups("genre")).build();
    }

    /** A shuffled partition of the users into blocks of 1, 15 and 24 users (each block in shuffled order). */
    private static int[][] blocks(Random rng) {
        int[] perm = new int[USERS];
        for (int u = 0; u < USERS; u++) {
            perm[u] = u;
        }
        for (int i = USERS - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        return new int[][]{Arrays.copyOfRange(perm, 0, 1), Arrays.copyOfRange(perm, 1, 16), Arrays.copyOfRange(perm, 16, USERS)};
    }

    private static ScoreMatrix rows(ScoreMatrix scores, int[] users) {
        double[] flat = new double[users.length * scores.cols()];
        for (int r = 0; r < users.length; r++) {
            System.arraycopy(scores.row(users[r]), 0, flat, r * scores.cols(), scores.cols());
        }
        return ScoreMatrix.ofFlat(flat, users.length, scores.cols());
    }

    /**
     * The blocked computation: forward every block (checking that its sums have the bound {@link SeparableSurrogate#size()}),
     * add the sums, value and adjoint of the total, then every block's backward pass, its rows put back where its users are.
     * @param localSums the mutation of {@link #usingBlockLocalSumsInTheBackwardPassGivesAnotherGradient}: each block's
     *                  backward pass reads its own sums and their adjoint instead of the total's.
     * @param skipFirst another mutation: the first block's sums are left out of the total.
     */
    private static SurrogateResult blocked(SeparableSurrogate sep, ScoreMatrix scores, AuditData audit, int[][] blocks,
                                           boolean localSums, boolean skipFirst) {
        List<SeparableSurrogate.Part> parts = new ArrayList<>();
        double[] total = new double[sep.size()];
        for (int b = 0; b < blocks.length; b++) {
            SeparableSurrogate.Part part = sep.forward(rows(scores, blocks[b]), audit.rows(blocks[b]));
            parts.add(part);
            double[] sums = part.sums();
            assertEquals(sep.size(), sums.length, sep.name() + ": sums of block " + b + " of " + blocks[b].length + " users");
            if (!(skipFirst && b == 0)) {
                SeparableSurrogate.add(total, sums);
            }
        }
        double[] adjoint = sep.adjoint(total);
        int cols = scores.cols();
        double[] gradient = new double[scores.rows() * cols];
        for (int b = 0; b < blocks.length; b++) {
            double[] g = new double[blocks[b].length * cols];
            double[] sums = localSums ? parts.get(b).sums() : total;
            parts.get(b).backward(sums, localSums ? sep.adjoint(sums) : adjoint, g);
            for (int r = 0; r < blocks[b].length; r++) {
                System.arraycopy(g, r * cols, gradient, blocks[b][r] * cols, cols);
            }
        }
        return new SurrogateResult(sep.name(), sep.value(total), gradient, scores.rows(), cols);
    }

    private static SurrogateResult blocked(SeparableSurrogate sep, ScoreMatrix scores, AuditData audit, int[][] blocks) {
        return blocked(sep, scores, audit, blocks, false, false);
    }

    private static SeparableSurrogate bind(FairnessMetric m, SurrogateSettings settings, AuditData audit) {
        Optional<SeparableSurrogate> sep = m.surrogate(settings).separable(audit);
        assertTrue(sep.isPresent(), m.name() + " has no separable surrogate");
        return sep.get();
    }

    /** The first entry of the gradient outside {@code |a - b| <= 1e-12 (1 + |b|)}, or -1. */
    private static int firstDifference(double[] a, double[] b) {
        assertEquals(b.length, a.length);
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= TOLERANCE + TOLERANCE * Math.abs(b[i]))) {
                return i;
            }
        }
        return -1;
    }

    private static double norm(double[] g) {
        double s = 0.0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void everyFamilyWithASurrogateIsCheckedHere() {
        Set<String> checked = new TreeSet<>();
        for (String name : METRICS) {
            if (!CompositeMetric.isComposite(name)) {
                checked.add(MetricSpec.parse(name).family());
            }
        }
        for (String family : MetricRegistry.standard().familyNames()) {
            assertTrue(checked.contains(family) || WITHOUT_SURROGATE.contains(family), "family " + family + " is not checked");
        }
        for (String family : WITHOUT_SURROGATE) {
            FairnessMetric m = MetricRegistry.standard().parse(family.equals("impact-ratio") ? family + "@3:gender" : family + "@3");
            assertFalse(m.hasSurrogate(), family);
        }
        assertTrue(METRICS.stream().filter(CompositeMetric::isComposite).count() >= 2);
    }

    @Test
    void everySurrogateIsSeparable() {
        AuditData audit = audit(new Random(31));
        for (FairnessMetric m : metrics()) {
            for (SurrogateSettings s : SETTINGS) {
                SeparableSurrogate sep = bind(m, s, audit);
                assertEquals(m.name(), sep.name());
            }
        }
    }

    @Test
    void blocksAddUpToTheWholeValueAndGradientRows() {
        Random rng = new Random(32);
        AuditData audit = audit(rng);
        ScoreMatrix scores = TestData.randomScores(rng, USERS, ITEMS);
        int[][] blocks = blocks(rng);
        assertEquals(1, blocks[0].length);
        for (FairnessMetric m : metrics()) {
            for (SurrogateSettings s : SETTINGS) {
                String what = m.name() + " " + s;
                SurrogateResult whole = m.surrogate(s).evaluate(scores, audit);
                assertTrue(norm(whole.gradientArray()) > 0, what + " has a zero gradient");
                SurrogateResult split = blocked(bind(m, s, audit), scores, audit, blocks);
                assertTrue(Math.abs(split.value() - whole.value()) <= TOLERANCE * Math.abs(whole.value()),
                        what + ": blocks " + split.value() + ", whole " + whole.value());
                int i = firstDifference(split.gradientArray(), whole.gradientArray());
                assertEquals(-1, i, () -> what + ": gradient of user " + i / ITEMS + ", item " + i % ITEMS + ": blocks "
                        + split.gradientArray()[i] + ", whole " + whole.gradientArray()[i]);
            }
        }
    }

    @Test
    void oneBlockOfAllUsersIsEvaluateExactly() {
        Random rng = new Random(33);
        AuditData audit = audit(rng);
        ScoreMatrix scores = TestData.randomScores(rng, USERS, ITEMS);
        int[][] all = {java.util.stream.IntStream.range(0, USERS).toArray()};
        for (FairnessMetric m : metrics()) {
            for (SurrogateSettings s : SETTINGS) {
                SurrogateResult whole = m.surrogate(s).evaluate(scores, audit);
                // On the audit itself and on its selection of every row: the same numbers, bit for bit.
                for (SurrogateResult one : List.of(SeparableSurrogate.evaluate(bind(m, s, audit), scores, audit),
                        blocked(bind(m, s, audit), scores, audit, all))) {
                    assertEquals(whole.value(), one.value(), 0.0, m.name() + " " + s);
                    assertArrayEquals(whole.gradientArray(), one.gradientArray(), 0.0, m.name() + " " + s);
                }
            }
        }
    }

    @Test
    void theBoundSurrogateSurvivesSerialization() throws IOException, ClassNotFoundException {
        Random rng = new Random(34);
        AuditData audit = audit(rng);
        ScoreMatrix scores = TestData.randomScores(rng, USERS, ITEMS);
        int[][] blocks = blocks(rng);
        for (FairnessMetric m : metrics()) {
            for (SurrogateSettings s : SETTINGS) {
                SeparableSurrogate sep = bind(m, s, audit);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(sep);
                }
                SeparableSurrogate copy;
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                    copy = (SeparableSurrogate) in.readObject();
                }
                assertEquals(sep.name(), copy.name());
                assertEquals(sep.size(), copy.size());
                SurrogateResult before = blocked(sep, scores, audit, blocks);
                SurrogateResult after = blocked(copy, scores, audit, blocks);
                assertEquals(before.value(), after.value(), 0.0, m.name() + " " + s);
                assertArrayEquals(before.gradientArray(), after.gradientArray(), 0.0, m.name() + " " + s);
            }
        }
    }

    @Test
    void usingBlockLocalSumsInTheBackwardPassGivesAnotherGradient() {
        // The checks above can fail: a backward pass that reads its block's sums instead of the total's, or a total
        // that misses the one-user block, is caught for metrics whose gradient depends on group totals.
        Random rng = new Random(35);
        AuditData audit = audit(rng);
        ScoreMatrix scores = TestData.randomScores(rng, USERS, ITEMS);
        int[][] blocks = blocks(rng);
        for (String name : List.of("mgu@3", "exposure-parity@3:gender", "item-exposure@3", "gini@3")) {
            FairnessMetric m = MetricRegistry.standard().parse(name);
            SeparableSurrogate sep = bind(m, SurrogateSettings.DEFAULT, audit);
            SurrogateResult whole = m.surrogate(SurrogateSettings.DEFAULT).evaluate(scores, audit);
            assertEquals(-1, firstDifference(blocked(sep, scores, audit, blocks).gradientArray(), whole.gradientArray()), name);
            SurrogateResult local = blocked(sep, scores, audit, blocks, true, false);
            assertTrue(firstDifference(local.gradientArray(), whole.gradientArray()) >= 0, name + ": block-local sums were not caught");
            SurrogateResult missing = blocked(sep, scores, audit, blocks, false, true);
            assertFalse(Math.abs(missing.value() - whole.value()) <= TOLERANCE * Math.abs(whole.value()), name + ": a missing block was not caught");
        }
    }

    @Test
    void aCompositeWithATermWithoutASeparableFormIsEvaluatedWhole() {
        Random rng = new Random(36);
        AuditData audit = audit(rng);
        ScoreMatrix scores = TestData.randomScores(rng, USERS, ITEMS);
        FairnessMetric mgu = MetricRegistry.standard().parse("mgu@3");
        FairnessMetric hr = MetricRegistry.standard().parse("hr@3");
        FairnessMetric wholeOnly = new WholeOnly(hr);
        SurrogateSettings s = SurrogateSettings.DEFAULT;
        Surrogate mixed = new CompositeMetric(List.of(new CompositeMetric.Term(0.5, mgu, 1.0), new CompositeMetric.Term(2.0, wholeOnly, 0.5)))
                .surrogate(s);
        assertTrue(mixed.separable(audit).isEmpty());
        Surrogate separable = new CompositeMetric(List.of(new CompositeMetric.Term(0.5, mgu, 1.0), new CompositeMetric.Term(2.0, hr, 0.5)))
                .surrogate(s);
        assertTrue(separable.separable(audit).isPresent());
        // The same terms, one of them without a separable form: the same value and gradient (computed the old way).
        SurrogateResult a = mixed.evaluate(scores, audit);
        SurrogateResult b = separable.evaluate(scores, audit);
        assertEquals(b.value(), a.value(), TOLERANCE * Math.abs(b.value()));
        assertEquals(-1, firstDifference(a.gradientArray(), b.gradientArray()));
        double expected = 0.5 * mgu.surrogate(s).value(scores, audit) + 2.0 * (1 - hr.surrogate(s).value(scores, audit)) / 0.5;
        assertEquals(expected, a.value(), TOLERANCE * Math.abs(expected));
    }

    /** A metric whose surrogate offers only the whole evaluation, as a metric from elsewhere may. */
    private static final class WholeOnly implements FairnessMetric {
        private final FairnessMetric inner;

        WholeOnly(FairnessMetric inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "whole-" + inner.name();
        }

        @Override
        public Direction direction() {
            return inner.direction();
        }

        @Override
        public int cutoff() {
            return inner.cutoff();
        }

        @Override
        public MetricResult compute(Recommendations recs) {
            return inner.compute(recs);
        }

        @Override
        public Surrogate surrogate(SurrogateSettings settings) {
            Surrogate s = inner.surrogate(settings);
            return new Surrogate() {
                @Override
                public String name() {
                    return WholeOnly.this.name();
                }

                @Override
                public SurrogateSettings settings() {
                    return settings;
                }

                @Override
                public SurrogateResult evaluate(ScoreMatrix scores, AuditData audit) {
                    return s.evaluate(scores, audit);
                }
            };
        }
    }
}
