/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * A small pretty-printing JSON writer for the command line's own outputs (audit reports, provenance trees and
 * diffs): maps become objects (in iteration order), collections and arrays become arrays, numbers stay numbers
 * (NaN and infinities, which JSON lacks, become {@code null}), everything else becomes a string.
 */
final class Json {

    private Json() {}

    /**
     * Writes a value as indented JSON.
     * @param value a map, collection, array, number, boolean, string or null.
     * @return the JSON text, ending with a newline.
     */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object value, int indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            newline(sb, indent);
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            array(sb, c.toArray(), indent);
        } else if (value instanceof Object[] a) {
            array(sb, a, indent);
        } else if (value instanceof double[] d) {
            Object[] boxed = new Object[d.length];
            for (int i = 0; i < d.length; i++) {
                boxed[i] = d[i];
            }
            array(sb, boxed, indent);
        } else if (value instanceof int[] d) {
            Object[] boxed = new Object[d.length];
            for (int i = 0; i < d.length; i++) {
                boxed[i] = d[i];
            }
            array(sb, boxed, indent);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            string(sb, value.toString());
        }
    }

    private static void array(StringBuilder sb, Object[] values, int indent) {
        if (values.length == 0) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            newline(sb, indent + 1);
            write(sb, values[i], indent + 1);
            if (i + 1 < values.length) {
                sb.append(',');
            }
        }
        newline(sb, indent);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent) {
        sb.append('\n');
        sb.append("  ".repeat(indent));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
