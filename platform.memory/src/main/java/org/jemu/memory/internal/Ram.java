package org.jemu.memory.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian accesses of 1 to 8 bytes to a RAM segment. */
public final class Ram {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Ram() {
    }

    public static long read(MemorySegment s, long off, int size) {
        return switch (size) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xffL;
            case 2 -> s.get(SHORT, off) & 0xffffL;
            case 4 -> s.get(INT, off) & 0xffff_ffffL;
            case 8 -> s.get(LONG, off);
            default -> {
                long v = 0;
                for (int i = 0; i < size; i++) v |= (s.get(ValueLayout.JAVA_BYTE, off + i) & 0xffL) << (i << 3);
                yield v;
            }
        };
    }

    public static void write(MemorySegment s, long off, int size, long value) {
        switch (size) {
            case 1 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) value);
            case 2 -> s.set(SHORT, off, (short) value);
            case 4 -> s.set(INT, off, (int) value);
            case 8 -> s.set(LONG, off, value);
            default -> {
                for (int i = 0; i < size; i++) s.set(ValueLayout.JAVA_BYTE, off + i, (byte) (value >>> (i << 3)));
            }
        }
    }
}
