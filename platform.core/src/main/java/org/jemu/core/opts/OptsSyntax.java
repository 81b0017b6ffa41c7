package org.jemu.core.opts;

import java.util.ArrayList;
import java.util.List;

/** The tokenizer for {@code key=value,...} strings, following QEMU's opts_do_parse. */
final class OptsSyntax {
    private OptsSyntax() {
    }

    static List<Opts.Entry> parse(String label, String impliedKey, String text) {
        List<Opts.Entry> entries = new ArrayList<>();
        int p = 0;
        boolean first = true;
        while (p < text.length()) {
            int nameEnd = nameEnd(text, p);
            if (nameEnd >= text.length() || text.charAt(nameEnd) == ',') {
                // An element without '=': the implied key's value when first, otherwise a flag meaning "on".
                if (first && impliedKey != null) {
                    StringBuilder value = new StringBuilder();
                    p = readValue(text, p, value);
                    entries.add(new Opts.Entry(impliedKey, value.toString()));
                } else {
                    String key = text.substring(p, nameEnd);
                    if (key.isEmpty()) {
                        throw OptsException.general(label, "empty parameter name in '" + text + "'");
                    }
                    entries.add(new Opts.Entry(key, "on"));
                    p = nameEnd + 1;
                }
            } else {
                String key = text.substring(p, nameEnd);
                if (key.isEmpty()) {
                    throw OptsException.general(label, "empty parameter name in '" + text + "'");
                }
                StringBuilder value = new StringBuilder();
                p = readValue(text, nameEnd + 1, value);
                entries.add(new Opts.Entry(key, value.toString()));
            }
            first = false;
        }
        return entries;
    }

    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '=' && text.charAt(i) != ',') {
            i++;
        }
        return i;
    }

    /** Reads up to an unescaped comma; returns the index after that comma (or the end). */
    private static int readValue(String text, int from, StringBuilder out) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',') {
                if (i + 1 < text.length() && text.charAt(i + 1) == ',') {
                    out.append(',');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            out.append(c);
            i++;
        }
        return i;
    }

    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
