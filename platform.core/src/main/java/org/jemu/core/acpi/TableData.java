package org.jemu.core.acpi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array in which ACPI tables, AML and fw_cfg blobs are composed (QEMU's table_data GArray): appends
 * little-endian integers, ASCII fields and Generic Address Structures, and patches bytes already written. Not
 * thread-safe; one builder composes one blob.
 */
public final class TableData {

    /** Generic Address Structure address space: system memory. */
    public static final int GAS_SYSTEM_MEMORY = 0;
    /** Generic Address Structure address space: system I/O. */
    public static final int GAS_SYSTEM_IO = 1;
    /** Generic Address Structure address space: PCI configuration space. */
    public static final int GAS_PCI_CONFIG = 2;
    /** The size of a Generic Address Structure. */
    public static final int GAS_LENGTH = 12;

    private byte[] bytes = new byte[256];
    private int length;

    /** The number of bytes written so far (the next append goes here). */
    public int length() {
        return length;
    }

    /** Appends one byte (the low 8 bits of {@code value}). */
    public TableData u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    /** Appends a little-endian 16-bit value. */
    public TableData u16(int value) {
        return le(value, 2);
    }

    /** Appends a little-endian 32-bit value. */
    public TableData u32(long value) {
        return le(value, 4);
    }

    /** Appends a little-endian 64-bit value. */
    public TableData u64(long value) {
        return le(value, 8);
    }

    /** Appends the low {@code size} bytes of {@code value}, little-endian (QEMU's build_append_int_noprefix). */
    public TableData le(long value, int size) {
        checkSize(size);
        ensure(size);
        for (int i = 0; i < size; i++) bytes[length++] = (byte) (value >>> (8 * i));
        return this;
    }

    /** Appends {@code count} zero bytes. */
    public TableData zeros(int count) {
        if (count < 0) throw new IllegalArgumentException("negative count " + count);
        ensure(count);
        length += count;
        return this;
    }

    /** Appends bytes. */
    public TableData bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    /** Appends {@code count} bytes of {@code data} from {@code offset}. */
    public TableData bytes(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, bytes, length, count);
        length += count;
        return this;
    }

    /** Appends another blob's bytes. */
    public TableData append(TableData other) {
        return bytes(other.bytes, 0, other.length);
    }

    /**
     * Appends {@code text} as ASCII in a field of exactly {@code width} bytes, padded with {@code pad} (QEMU's
     * build_append_padded_str).
     *
     * @throws IllegalArgumentException if the text is longer than the field or not printable ASCII
     */
    public TableData ascii(String text, int width, char pad) {
        byte[] s = text.getBytes(StandardCharsets.US_ASCII);
        if (s.length > width) throw new IllegalArgumentException("\"" + text + "\" does not fit in " + width + " bytes");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) throw new IllegalArgumentException("\"" + text + "\" is not printable ASCII");
        }
        bytes(s);
        for (int i = s.length; i < width; i++) u8(pad);
        return this;
    }

    /**
     * Appends an ACPI Generic Address Structure (ACPI 2.0+ 5.2.3.2): address space, register bit width, bit offset,
     * access size, 64-bit address.
     */
    public TableData gas(int spaceId, int bitWidth, int bitOffset, int accessSize, long address) {
        return u8(spaceId).u8(bitWidth).u8(bitOffset).u8(accessSize).u64(address);
    }

    /** Pads with zeros to the next multiple of {@code alignment} (QEMU's acpi_align_size). */
    public TableData alignLength(int alignment) {
        if (alignment <= 0) throw new IllegalArgumentException("alignment must be positive: " + alignment);
        int rem = length % alignment;
        return rem == 0 ? this : zeros(alignment - rem);
    }

    /** Overwrites {@code size} bytes at {@code offset} with {@code value}, little-endian. */
    public void putLe(int offset, long value, int size) {
        checkSize(size);
        checkRange(offset, size);
        for (int i = 0; i < size; i++) bytes[offset + i] = (byte) (value >>> (8 * i));
    }

    /** Reads {@code size} bytes at {@code offset}, little-endian, unsigned (for sizes below 8). */
    public long getLe(int offset, int size) {
        checkSize(size);
        checkRange(offset, size);
        long v = 0;
        for (int i = 0; i < size; i++) v |= (bytes[offset + i] & 0xffL) << (8 * i);
        return v;
    }

    /** The byte at {@code offset}, unsigned. */
    public int get(int offset) {
        checkRange(offset, 1);
        return bytes[offset] & 0xff;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** A copy of {@code count} bytes from {@code offset}. */
    public byte[] copy(int offset, int count) {
        checkRange(offset, count);
        return Arrays.copyOfRange(bytes, offset, offset + count);
    }

    /** The 8-bit sum of {@code count} bytes from {@code offset}. */
    public int sum(int offset, int count) {
        checkRange(offset, count);
        int s = 0;
        for (int i = offset; i < offset + count; i++) s += bytes[i];
        return s & 0xff;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }

    private void checkRange(int offset, int count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException(count + " bytes at " + offset + " outside the " + length + " written");
        }
    }

    private static void checkSize(int size) {
        if (size < 1 || size > 8) throw new IllegalArgumentException("integer size " + size + " is not 1..8 bytes");
    }
}
