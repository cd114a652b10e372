/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import java.util.List;
import java.util.Locale;

/**
 * A minimal HTML writer: every text goes through {@link #escape}, so a string from provenance can never open a tag,
 * an attribute or an entity.
 */
final class Html {

    private final StringBuilder sb = new StringBuilder(1 << 16);

    /**
     * Escapes text for element content and double- or single-quoted attribute values.
     * @param s the text (null prints as an empty string).
     * @return the escaped text.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab/newline have no business in a report; show them visibly.
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Formats a number for display: NaN as "n/a", integers without decimals, otherwise 4 significant digits
     * (scientific notation for very large or small magnitudes). Locale-independent.
     * @param v the number.
     * @return the text.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.4g", v);
            // %.4g never uses an exponent in this range; drop trailing zeros for readability.
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * A signed change, e.g. "+0.0123" or "-4.5%".
     * @param v the change.
     * @return the text.
     */
    static String signed(double v) {
        String s = number(v);
        return v > 0 ? "+" + s : s;
    }

    Html raw(String html) {
        sb.append(html);
        return this;
    }

    Html text(String s) {
        sb.append(escape(s));
        return this;
    }

    Html open(String tag) {
        sb.append('<').append(tag).append('>');
        return this;
    }

    Html open(String tag, String cssClass) {
        sb.append('<').append(tag).append(" class=\"").append(escape(cssClass)).append("\">");
        return this;
    }

    Html close(String tag) {
        sb.append("</").append(tag).append('>');
        return this;
    }

    Html element(String tag, String text) {
        return open(tag).text(text).close(tag);
    }

    Html element(String tag, String cssClass, String text) {
        return open(tag, cssClass).text(text).close(tag);
    }

    Html nl() {
        sb.append('\n');
        return this;
    }

    Html p(String text) {
        return element("p", text).nl();
    }

    Html note(String text) {
        return element("p", "note", text).nl();
    }

    Html notRecorded(String what, String hint) {
        open("p", "missing").element("strong", "Not recorded: ").text(what).close("p").nl();
        if (hint != null) {
            note(hint);
        }
        return this;
    }

    /** Starts a table with a header row. */
    Html table(List<String> headers) {
        open("table").open("thead").open("tr");
        for (String h : headers) {
            element("th", h);
        }
        close("tr").close("thead").open("tbody").nl();
        return this;
    }

    /** One body row: strings are escaped, {@link Raw} cells are written as they are. */
    Html row(List<?> cells) {
        return row(null, cells);
    }

    Html row(String cssClass, List<?> cells) {
        if (cssClass == null) {
            open("tr");
        } else {
            open("tr", cssClass);
        }
        for (Object c : cells) {
            if (c instanceof Raw r) {
                open("td").raw(r.html()).close("td");
            } else {
                element("td", c == null ? "" : c.toString());
            }
        }
        return close("tr").nl();
    }

    Html endTable() {
        return close("tbody").close("table").nl();
    }

    /**
     * A table cell of pre-escaped HTML (built by this class, never from provenance text directly).
     * @param html the markup.
     */
    record Raw(String html) {}

    static Raw raw(Html fragment) {
        return new Raw(fragment.toString());
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
