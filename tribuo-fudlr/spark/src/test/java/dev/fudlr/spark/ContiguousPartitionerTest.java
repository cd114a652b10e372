/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contiguous ranges, and the executor-side check that a partition holds exactly its range. */
class ContiguousPartitionerTest {

    private static List<Tuple2<Long, Row>> positions(long... ps) {
        List<Tuple2<Long, Row>> out = new ArrayList<>();
        for (long p : ps) {
            out.add(new Tuple2<>(p, RowFactory.create(p)));
        }
        return out;
    }

    @Test
    void rangesAreContiguousAndTheLastIsPartial() {
        ContiguousPartitioner p = new ContiguousPartitioner(10, 4);
        assertEquals(3, p.numPartitions());
        assertEquals(0, p.getPartition(0L));
        assertEquals(0, p.getPartition(3L));
        assertEquals(1, p.getPartition(4L));
        assertEquals(2, p.getPartition(9L));
        assertEquals(8, p.first(2));
        assertEquals(10, p.end(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.getPartition(10L));
        assertTrue(e.getMessage().contains("outside 0..9"), e.getMessage());
        assertEquals(p, new ContiguousPartitioner(10, 4));
    }

    @Test
    void drainAcceptsExactlyTheRange() {
        ContiguousPartitioner p = new ContiguousPartitioner(10, 4);
        assertEquals(2, p.drain(2, positions(8, 9).iterator()).size());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.drain(1, positions(4, 5, 5, 6).iterator()));
        assertTrue(e.getMessage().contains("expected position 6 and found 5 (repeated)"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> p.drain(1, positions(4, 6, 7).iterator()));
        assertTrue(e.getMessage().contains("positions 5..5 missing"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> p.drain(1, positions(4, 5).iterator()));
        assertTrue(e.getMessage().contains("lacks positions 6..7"), e.getMessage());
    }

    @Test
    void invalidSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ContiguousPartitioner(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new ContiguousPartitioner(4, 0));
    }
}
