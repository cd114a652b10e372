/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemIdsTest {

    @Test
    void decimalIdsSortNumericallyAndBeforeOthers() {
        List<String> ids = List.of("10", "9", "b", "100", "a10", "2", "0");
        assertEquals(List.of("0", "2", "9", "10", "100", "a10", "b"), ItemIds.sorted(ids));
    }

    @Test
    void leadingZerosAreNumericallyEqualButStillOrdered() {
        assertTrue(ItemIds.compare("01", "1") != 0);
        assertEquals(Integer.signum("01".compareTo("1")), Integer.signum(ItemIds.compare("01", "1")));
        assertTrue(ItemIds.compare("002", "10") < 0);
        // Longer than a long: compared without parsing.
        assertTrue(ItemIds.compare("99999999999999999999999", "100000000000000000000000") < 0);
    }

    @Test
    void orderIsATotalOrder() {
        Random rng = new Random(11);
        List<String> ids = new ArrayList<>();
        String[] pool = {"0", "00", "1", "01", "7", "10", "x", "x1", "", "123456789012345678901"};
        for (int i = 0; i < 40; i++) {
            ids.add(pool[rng.nextInt(pool.length)]);
        }
        for (String a : ids) {
            for (String b : ids) {
                assertEquals(Integer.signum(ItemIds.compare(a, b)), -Integer.signum(ItemIds.compare(b, a)));
                assertEquals(a.equals(b), ItemIds.compare(a, b) == 0);
                for (String c : pool) {
                    if (ItemIds.compare(a, b) <= 0 && ItemIds.compare(b, c) <= 0) {
                        assertTrue(ItemIds.compare(a, c) <= 0, a + " " + b + " " + c);
                    }
                }
            }
        }
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, rng);
        assertEquals(ItemIds.sorted(ids), ItemIds.sorted(shuffled));
    }
}
