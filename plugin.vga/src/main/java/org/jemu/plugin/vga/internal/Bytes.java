package org.jemu.plugin.vga.internal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable copy of a register file or palette, compared by value, so that the VGA's state records can hold
 * arrays and still be plain values.
 */
public record Bytes(byte[] array) {

    public Bytes {
        array = array.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] array() {
        return array.clone();
    }

    public int length() {
        return array.length;
    }

    /** Byte {@code i}, unsigned. */
    public int get(int i) {
        return array[i] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(array, b.array);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(array);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(array);
    }
}
