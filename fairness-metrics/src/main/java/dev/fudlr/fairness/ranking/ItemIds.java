/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical order of item ids, shared by every ranking in this project so that ties are broken
 * the same way everywhere (by {@link TopK}'s "lower index first" rule applied to a catalogue sorted
 * in this order, and by recommenders that sort items themselves).
 * <p>
 * Item ids are decimal strings in the sample contract, so the order is numeric when both ids are
 * plain non-negative decimal integers ({@code "9" < "10"}), and plain string order otherwise; decimal
 * ids sort before any other id. The order is total and consistent with {@link String#equals}:
 * numerically equal ids that differ as strings ({@code "01"}, {@code "1"}) are ordered as strings.
 */
public final class ItemIds {

    /** Numeric-aware total order on item ids (see the class documentation). */
    public static final Comparator<String> ORDER = ItemIds::compare;

    private ItemIds() {}

    /**
     * Compares two item ids in the canonical order.
     * @param a an item id.
     * @param b another item id.
     * @return negative, zero or positive as {@code a} sorts before, equal to, or after {@code b}.
     */
    public static int compare(String a, String b) {
        boolean aNumeric = isDecimal(a);
        boolean bNumeric = isDecimal(b);
        if (aNumeric && bNumeric) {
            int c = compareDecimal(a, b);
            return c != 0 ? c : a.compareTo(b);
        } else if (aNumeric) {
            return -1;
        } else if (bNumeric) {
            return 1;
        } else {
            return a.compareTo(b);
        }
    }

    /**
     * Returns the ids sorted in the canonical order, without duplicates.
     * @param ids item ids.
     * @return an unmodifiable sorted list.
     */
    public static List<String> sorted(Collection<String> ids) {
        List<String> out = new ArrayList<>(new java.util.HashSet<>(ids));
        out.sort(ORDER);
        return Collections.unmodifiableList(out);
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // Compares arbitrarily long decimal strings without parsing (ids need not fit a long).
    private static int compareDecimal(String a, String b) {
        int ia = firstNonZero(a);
        int ib = firstNonZero(b);
        int lenA = a.length() - ia;
        int lenB = b.length() - ib;
        if (lenA != lenB) {
            return Integer.compare(lenA, lenB);
        }
        for (int i = 0; i < lenA; i++) {
            int c = Character.compare(a.charAt(ia + i), b.charAt(ib + i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int firstNonZero(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return i;
    }
}
