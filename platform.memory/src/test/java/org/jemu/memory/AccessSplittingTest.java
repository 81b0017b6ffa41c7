package org.jemu.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Valid/impl constraints: refusals, splitting and combining of device accesses, against a byte-wise register file. */
class AccessSplittingTest {

    private static final int[] SIZES = {1, 2, 4, 8};

    /** A register file whose ops check that they are only called as their impl() constraints promise. */
    static final class RegisterFile implements MemoryRegionOps {
        final byte[] bytes = new byte[32];
        final AccessConstraints valid;
        final AccessConstraints impl;
        final List<String> violations = new ArrayList<>();
        int calls;

        RegisterFile(AccessConstraints valid, AccessConstraints impl) {
            this.valid = valid;
            this.impl = impl;
        }

        private void check(long offset, int size) {
            calls++;
            if (!impl.allows(offset, size) || offset + size > bytes.length) violations.add(size + "@" + offset);
        }

        @Override
        public long read(long offset, int size) {
            check(offset, size);
            long v = 0;
            for (int i = 0; i < size && offset + i < bytes.length; i++) v |= (bytes[(int) offset + i] & 0xffL) << (8 * i);
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            check(offset, size);
            for (int i = 0; i < size && offset + i < bytes.length; i++) bytes[(int) offset + i] = (byte) (value >>> (8 * i));
        }

        @Override
        public AccessConstraints valid() {
            return valid;
        }

        @Override
        public AccessConstraints impl() {
            return impl;
        }
    }

    static List<AccessConstraints> allConstraints() {
        List<AccessConstraints> out = new ArrayList<>();
        for (int min : SIZES) {
            for (int max : SIZES) {
                if (max < min) continue;
                out.add(new AccessConstraints(min, max, false));
                out.add(new AccessConstraints(min, max, true));
            }
        }
        return out;
    }

    static byte[] pattern() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (0x10 + i * 0x11);
        return b;
    }

    static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    @Test
    void everyValidAndImplCombinationMatchesTheByteModel() {
        List<AccessConstraints> all = allConstraints();
        int checked = 0;
        for (AccessConstraints valid : List.of(AccessConstraints.ANY, AccessConstraints.aligned(1, 8),
                AccessConstraints.exactly(4), new AccessConstraints(2, 4, true))) {
            for (AccessConstraints impl : all) {
                for (int size : SIZES) {
                    for (int offset = 0; offset < 8; offset++) {
                        checkRead(valid, impl, offset, size);
                        checkWrite(valid, impl, offset, size);
                        checked++;
                    }
                }
            }
        }
        assertEquals(4 * 20 * 4 * 8, checked);
    }

    private static AddressSpace spaceWith(RegisterFile dev) {
        MemoryRegion root = MemoryRegion.container("root", 0x10000);
        root.addSubregion(0x100, MemoryRegion.io("regs", 32, dev));
        return new MemorySystem().createAddressSpace("io", root);
    }

    private static void checkRead(AccessConstraints valid, AccessConstraints impl, int offset, int size) {
        RegisterFile dev = new RegisterFile(valid, impl);
        System.arraycopy(pattern(), 0, dev.bytes, 0, 32);
        AddressSpace as = spaceWith(dev);
        String what = "read " + size + "@" + offset + " valid " + valid + " impl " + impl;
        long[] out = new long[1];
        MemTxResult r = as.read(0x100 + offset, size, out);
        if (!valid.allows(offset, size)) {
            assertEquals(MemTxResult.ACCESS_ERROR, r, what);
            assertEquals(mask(size), out[0], what);
            assertEquals(mask(size), as.read(0x100 + offset, size), what);
            assertEquals(0, dev.calls, what);
            return;
        }
        assertEquals(MemTxResult.OK, r, what);
        long want = 0;
        for (int i = 0; i < size; i++) want |= (dev.bytes[offset + i] & 0xffL) << (8 * i);
        assertEquals(want, out[0], what);
        assertEquals(want, as.read(0x100 + offset, size), what);
        assertTrue(dev.violations.isEmpty(), what + ": ops called with " + dev.violations);
    }

    private static void checkWrite(AccessConstraints valid, AccessConstraints impl, int offset, int size) {
        RegisterFile dev = new RegisterFile(valid, impl);
        System.arraycopy(pattern(), 0, dev.bytes, 0, 32);
        AddressSpace as = spaceWith(dev);
        String what = "write " + size + "@" + offset + " valid " + valid + " impl " + impl;
        long value = 0xa1b2c3d4e5f60718L;
        MemTxResult r = as.write(0x100 + offset, size, value);
        byte[] want = pattern();
        if (!valid.allows(offset, size)) {
            assertEquals(MemTxResult.ACCESS_ERROR, r, what);
            assertArrayEquals(want, dev.bytes, what);
            return;
        }
        assertEquals(MemTxResult.OK, r, what);
        // QEMU: accesses of clamp(size, impl) bytes; when the implementation wants them aligned, the covering aligned
        // accesses carry the written bytes in place and zeros in the bytes the guest did not write.
        int a = Math.max(Math.min(size, impl.maxSize()), impl.minSize());
        int begin = impl.unaligned() ? offset : offset & -a;
        int end = offset + size;
        int coveredEnd = begin + ((end - begin + a - 1) / a) * a;
        for (int i = begin; i < coveredEnd; i++) {
            want[i] = i >= offset && i < end ? (byte) (value >>> (8 * (i - offset))) : 0;
        }
        assertArrayEquals(want, dev.bytes, what);
        assertTrue(dev.violations.isEmpty(), what + ": ops called with " + dev.violations);
    }

    @Test
    void accessesCrossingRangesAreSplitLittleEndian() {
        RegisterFile dev = new RegisterFile(AccessConstraints.ANY, AccessConstraints.exactly(1));
        MemoryRegion root = MemoryRegion.container("root", 0x10000);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x1000);
        root.addSubregion(0, ram);
        root.addSubregion(0x1000, MemoryRegion.io("regs", 32, dev));
        root.addSubregion(0x1020, MemoryRegion.ram("ram2", 0x1000));
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);

        assertEquals(MemTxResult.OK, as.write(0xffd, 8, 0x8877665544332211L));
        assertEquals(0x33221100L, as.read(0xffc, 4));
        assertEquals(0x44332211L, as.read(0xffd, 4));
        assertEquals((byte) 0x44, dev.bytes[0]);
        assertEquals((byte) 0x88, dev.bytes[4]);
        assertEquals(0x8877665544332211L, as.read(0xffd, 8));

        // I/O into RAM at 0x1020
        assertEquals(MemTxResult.OK, as.write(0x101e, 4, 0xddccbbaaL));
        assertEquals((byte) 0xaa, dev.bytes[30]);
        assertEquals((byte) 0xbb, dev.bytes[31]);
        assertEquals(0xddccL, as.read(0x1020, 2));
        assertEquals(0xddccbbaaL, as.read(0x101e, 4));
        assertTrue(dev.violations.isEmpty(), dev.violations.toString());

        // crossing into a hole: the hole bytes read as ones and the result is a decode error
        long[] out = new long[1];
        assertEquals(MemTxResult.DECODE_ERROR, as.read(0x201e, 4, out));
        assertEquals(0xffff0000L | as.read(0x201e, 2), out[0]);
    }
}
