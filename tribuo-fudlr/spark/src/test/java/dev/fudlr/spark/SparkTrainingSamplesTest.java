/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.debias.TrainingSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training samples the driver reads on Spark against the single-JVM list: requested examples (with and without
 * features) and the training summary, from rows cached in shuffled order so that neither depends on the cache's
 * order.
 */
class SparkTrainingSamplesTest {
    private static final List<String> ATTRIBUTES = List.of(SampleEncoding.GENDER, SampleEncoding.AGE);

    private static Fixture.Run run;
    private static SparkRemovalScorePass pass;

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2]", "SparkTrainingSamplesTest"));
        // Round-robin into 3 partitions: users and indices scattered over partitions, out of index order.
        Dataset<Row> shuffled = run.samples().repartition(3);
        pass = new SparkRemovalScorePass(run.spark(), run.broadcast(), shuffled, Fixture.CHUNK, 2);
    }

    @AfterAll
    static void stop() {
        if (pass != null) {
            pass.close();
        }
        if (run != null) {
            run.close();
        }
    }

    @Test
    void requestedExamplesAreTheSingleJvmExamples() {
        SparkTrainingSamples samples = pass.trainingSamples();
        List<Example<Label>> train = Fixture.train();
        int[] wanted = IntStream.concat(IntStream.range(0, train.size()).filter(i -> i % 37 == 5), IntStream.of(train.size() - 1)).toArray();
        List<Example<Label>> got = samples.examples(wanted);
        assertEquals(wanted.length, got.size());
        for (int j = 0; j < wanted.length; j++) {
            Example<Label> expected = train.get(wanted[j]);
            assertEquals(expected.getOutput(), got.get(j).getOutput());
            assertEquals(features(expected), features(got.get(j)), "features of sample " + wanted[j]);
            assertEquals(expected.getMetadata(), got.get(j).getMetadata(), "metadata of sample " + wanted[j]);
        }
        List<Example<Label>> meta = samples.metadata(wanted);
        for (int j = 0; j < wanted.length; j++) {
            assertEquals(train.get(wanted[j]).getOutput(), meta.get(j).getOutput());
            assertEquals(train.get(wanted[j]).getMetadata(), meta.get(j).getMetadata());
            assertEquals(0, meta.get(j).size(), "metadata requests carry no features");
        }
        assertEquals(2L * wanted.length, samples.sent());
        Map<String, String> facts = pass.executionFacts(false);
        assertEquals(Integer.toString(wanted.length), facts.get("spark.stage." + SparkTrainingSamples.EXAMPLES_STAGE + ".rows"), facts.toString());
        assertEquals(Integer.toString(wanted.length), facts.get("spark.stage." + SparkTrainingSamples.METADATA_STAGE + ".rows"), facts.toString());
        assertEquals(List.of(), samples.examples(new int[0]));
    }

    @Test
    void badRequestsAreRefusedNamingTheIndex() {
        SparkTrainingSamples samples = pass.trainingSamples();
        int n = Fixture.train().size();
        IllegalArgumentException unsorted = assertThrows(IllegalArgumentException.class, () -> samples.examples(new int[]{4, 2}));
        assertTrue(unsorted.getMessage().contains("found 2 at position 1"), unsorted.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> samples.metadata(new int[]{0, n}));
        assertTrue(outside.getMessage().contains("found " + n), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> samples.examples(new int[]{3, 3}));
    }

    @Test
    void theSummaryIsTheSingleJvmSummary() {
        List<Example<Label>> train = Fixture.train();
        Set<String> users = TrainingSummary.users(Fixture.validation());
        TrainingSummary expected = TrainingSummary.of(run.reference().items(), train, users, ATTRIBUTES);
        TrainingSummary got = pass.trainingSamples().summary(run.reference().items(), users, ATTRIBUTES);
        assertEquals(train.size(), got.samples());
        assertArrayEquals(expected.itemCounts(), got.itemCounts());
        int withItems = 0;
        for (String u : users) {
            // In first-seen order: the audit's exclusions and history rows are built in this order.
            assertArrayEquals(expected.seenItems(u), got.seenItems(u), "seen items of user " + u);
            withItems += expected.seenItems(u).length > 1 ? 1 : 0;
        }
        assertTrue(withItems > users.size() / 2, "the fixture's users should have seen several items");
        for (String a : ATTRIBUTES) {
            assertEquals(expected.groupCounts(a), got.groupCounts(a), a);
            assertTrue(got.groupCounts(a).size() > 1, "groups of " + a + ": " + got.groupCounts(a));
        }
        assertTrue(pass.executionFacts(false).containsKey("spark.stage." + SparkTrainingSamples.SUMMARY_STAGE + ".rows"));
    }

    private static List<String> features(Example<Label> e) {
        List<String> out = new ArrayList<>();
        for (Feature f : e) {
            out.add(f.getName() + "=" + f.getValue());
        }
        return out;
    }
}
