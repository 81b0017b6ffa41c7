package org.jemu.core.opts;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Value conversions with QEMU's accepted spellings, shared by options and object properties. Each failure is an
 * {@link IllegalArgumentException} whose message is a reason phrase naming the text.
 */
public final class OptValues {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String SUFFIXES = "BKMGTPE";

    private OptValues() {
    }

    public static boolean bool(String text) {
        return switch (text) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a valid boolean (use 'on' or 'off')");
        };
    }

    /** Like qemu_strtou64 with base 0: decimal, {@code 0x} hex, leading-zero octal; no sign. */
    public static long number(String text) {
        String t = text.trim();
        int radix = 10;
        String digits = t;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            digits = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            digits = t.substring(1);
        }
        int base = radix;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        BigInteger value = new BigInteger(digits, radix);
        if (value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return value.longValueExact();
    }

    /** Like {@link #number} but over the whole unsigned 64-bit range (the result is a long read as unsigned). */
    public static long unsigned64(String text) {
        String t = text.trim();
        boolean hex = t.startsWith("0x") || t.startsWith("0X");
        int radix = hex ? 16 : t.length() > 1 && t.charAt(0) == '0' ? 8 : 10;
        String digits = hex ? t.substring(2) : radix == 8 ? t.substring(1) : t;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        try {
            return Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /**
     * Like qemu_strtosz: a decimal (fractions allowed) or hex number with an optional suffix B, K, M, G, T, P or E
     * (powers of 1024, case-insensitive). A number without suffix is multiplied by {@code bareUnit}.
     */
    public static long size(String text, long bareUnit) {
        String t = text.trim();
        String bad = "'" + text + "' is not a valid size (expected a number with optional suffix B, K, M, G, T, P or E)";
        if (t.isEmpty()) {
            throw new IllegalArgumentException(bad);
        }
        long unit = bareUnit;
        int s = SUFFIXES.indexOf(Character.toUpperCase(t.charAt(t.length() - 1)));
        boolean hex = t.startsWith("0x") || t.startsWith("0X");
        // In hex, B and E are digits, so a trailing letter is only a suffix for decimal numbers.
        if (s >= 0 && !hex) {
            unit = 1L << (10 * s);
            t = t.substring(0, t.length() - 1);
        }
        BigDecimal value;
        try {
            if (hex) {
                String digits = t.substring(2);
                if (digits.isEmpty()) {
                    throw new IllegalArgumentException(bad);
                }
                value = new BigDecimal(new BigInteger(digits, 16));
            } else {
                if (t.isEmpty() || !t.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                    throw new IllegalArgumentException(bad);
                }
                value = new BigDecimal(t);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
        BigDecimal bytes = value.multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(new BigDecimal(MAX)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        try {
            return bytes.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
        }
    }

    public static String choice(String text, java.util.Collection<String> allowed) {
        if (!allowed.contains(text)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a valid value (expected one of: " + String.join(", ", allowed) + ")");
        }
        return text;
    }
}
