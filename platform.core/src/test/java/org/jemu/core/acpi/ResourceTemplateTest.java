package org.jemu.core.acpi;

import static org.jemu.core.acpi.AmlTest.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jemu.core.acpi.ResourceTemplate.AddressFlags;
import org.jemu.core.acpi.ResourceTemplate.Cacheable;
import org.jemu.core.acpi.ResourceTemplate.DmaSpeed;
import org.jemu.core.acpi.ResourceTemplate.DmaWidth;
import org.jemu.core.acpi.ResourceTemplate.IoRange;
import org.jemu.core.acpi.ResourceTemplate.Polarity;
import org.jemu.core.acpi.ResourceTemplate.Trigger;
import org.junit.jupiter.api.Test;

/** Resource descriptors checked against the byte layouts of ACPI 6.4 section 6.4. */
class ResourceTemplateTest {

    private static final byte[] END = b(0x79, 0x00);

    private static byte[] withEnd(byte[] descriptor) {
        byte[] out = new byte[descriptor.length + 2];
        System.arraycopy(descriptor, 0, out, 0, descriptor.length);
        System.arraycopy(END, 0, out, descriptor.length, 2);
        return out;
    }

    @Test
    void emptyTemplateIsJustTheEndTag() {
        assertArrayEquals(END, new ResourceTemplate().descriptorBytes());
        // Buffer(2) {0x79, 0x00}: BufferOp, PkgLength 5, ByteConst 2, the tag
        assertArrayEquals(b(0x11, 0x05, 0x0a, 0x02, 0x79, 0x00), new ResourceTemplate().encode());
    }

    @Test
    void ioPortDescriptorIsSmallItem8WithDecodeMinMaxAlignLength() {
        byte[] d = new ResourceTemplate().io(true, 0x0cf8, 0x0cf8, 0x01, 0x08).descriptorBytes();

        assertArrayEquals(withEnd(b(0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 0x01, 0x08)), d);
    }

    @Test
    void decode10ClearsTheDecodeBit() {
        byte[] d = new ResourceTemplate().io(false, 0x60, 0x60, 0x01, 0x01).descriptorBytes();

        assertArrayEquals(withEnd(b(0x47, 0x00, 0x60, 0x00, 0x60, 0x00, 0x01, 0x01)), d);
    }

    @Test
    void fixedIoDescriptorHasATenBitBase() {
        assertArrayEquals(withEnd(b(0x4b, 0x20, 0x00, 0x02)), new ResourceTemplate().fixedIo(0x20, 2).descriptorBytes());
        assertThrows(IllegalArgumentException.class, () -> new ResourceTemplate().fixedIo(0x400, 1));
    }

    @Test
    void irqNoFlagsIsATwoByteMask() {
        assertArrayEquals(withEnd(b(0x22, 0x02, 0x00)), new ResourceTemplate().irqNoFlags(1).descriptorBytes());
        assertArrayEquals(withEnd(b(0x22, 0x00, 0x10)), new ResourceTemplate().irqNoFlags(12).descriptorBytes());
        assertArrayEquals(withEnd(b(0x22, 0x10, 0x00, 0x22, 0x00, 0x01)),
                new ResourceTemplate().irqNoFlags(4).irqNoFlags(8).descriptorBytes());
    }

    @Test
    void irqWithFlagsAddsTriggerPolarityAndSharing() {
        byte[] d = new ResourceTemplate().irq(Trigger.LEVEL, Polarity.ACTIVE_LOW, true, 5, 10).descriptorBytes();

        assertArrayEquals(withEnd(b(0x23, 0x20, 0x04, 0x18)), d);
    }

    @Test
    void irqsBeyondFifteenAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ResourceTemplate().irqNoFlags(16));
    }

    @Test
    void dmaDescriptorHasChannelMaskAndFlags() {
        byte[] d = new ResourceTemplate().dma(DmaSpeed.COMPATIBILITY, false, DmaWidth.BITS_8, 2).descriptorBytes();
        assertArrayEquals(withEnd(b(0x2a, 0x04, 0x00)), d);

        byte[] f = new ResourceTemplate().dma(DmaSpeed.TYPE_F, true, DmaWidth.BITS_16, 5).descriptorBytes();
        assertArrayEquals(withEnd(b(0x2a, 0x20, 0x66)), f);
    }

    @Test
    void memory32FixedIsLargeItem6() {
        byte[] d = new ResourceTemplate().memory32Fixed(false, 0xfed00000L, 0x400).descriptorBytes();

        assertArrayEquals(withEnd(b(0x86, 0x09, 0x00, 0x00, 0x00, 0x00, 0xd0, 0xfe, 0x00, 0x04, 0x00, 0x00)), d);
    }

    @Test
    void extendedInterruptListsDwordsAfterFlagsAndCount() {
        byte[] d = new ResourceTemplate()
                .interrupt(true, Trigger.LEVEL, Polarity.ACTIVE_HIGH, true, 5, 10, 11).descriptorBytes();

        assertArrayEquals(withEnd(b(0x89, 0x0e, 0x00, 0x09, 0x03,
                0x05, 0, 0, 0, 0x0a, 0, 0, 0, 0x0b, 0, 0, 0)), d);
    }

    @Test
    void extendedInterruptFlagsForEdgeActiveLowExclusiveProducer() {
        byte[] d = new ResourceTemplate()
                .interrupt(false, Trigger.EDGE, Polarity.ACTIVE_LOW, false, 0x10).descriptorBytes();

        assertArrayEquals(withEnd(b(0x89, 0x06, 0x00, 0x06, 0x01, 0x10, 0, 0, 0)), d);
    }

    @Test
    void wordBusNumberIsResourceType2() {
        byte[] d = new ResourceTemplate().wordBusNumber(AddressFlags.FIXED_WINDOW, 0, 0, 0xff, 0, 0x100)
                .descriptorBytes();

        assertArrayEquals(withEnd(b(0x88, 0x0d, 0x00, 0x02, 0x0c, 0x00,
                0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01)), d);
    }

    @Test
    void wordIoCoversTheEntireRange() {
        byte[] d = new ResourceTemplate().wordIo(AddressFlags.FIXED_WINDOW, IoRange.ENTIRE, 0, 0, 0x0cf7, 0, 0x0cf8)
                .descriptorBytes();

        assertArrayEquals(withEnd(b(0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03,
                0x00, 0x00, 0x00, 0x00, 0xf7, 0x0c, 0x00, 0x00, 0xf8, 0x0c)), d);
    }

    @Test
    void dwordMemoryCarriesCacheabilityAndWriteAccess() {
        byte[] d = new ResourceTemplate().dwordMemory(AddressFlags.FIXED_WINDOW, Cacheable.CACHEABLE, true,
                0, 0xa0000, 0xbffff, 0, 0x20000).descriptorBytes();

        assertArrayEquals(withEnd(b(0x87, 0x17, 0x00, 0x00, 0x0c, 0x03,
                0, 0, 0, 0, 0x00, 0x00, 0x0a, 0x00, 0xff, 0xff, 0x0b, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x02, 0x00)), d);
    }

    @Test
    void dwordIoIsResourceType1() {
        byte[] d = new ResourceTemplate().dwordIo(AddressFlags.FIXED_WINDOW, IoRange.ENTIRE, 0, 0x1000, 0x1fff, 0,
                0x1000).descriptorBytes();

        assertArrayEquals(withEnd(b(0x87, 0x17, 0x00, 0x01, 0x0c, 0x03,
                0, 0, 0, 0, 0x00, 0x10, 0, 0, 0xff, 0x1f, 0, 0, 0, 0, 0, 0, 0x00, 0x10, 0, 0)), d);
    }

    @Test
    void qwordMemoryUsesEightByteFields() {
        byte[] d = new ResourceTemplate().qwordMemory(AddressFlags.FIXED_WINDOW, Cacheable.NON_CACHEABLE, true,
                0, 0x1_0000_0000L, 0x1_7fff_ffffL, 0, 0x8000_0000L).descriptorBytes();

        assertArrayEquals(withEnd(b(0x8a, 0x2b, 0x00, 0x00, 0x0c, 0x01,
                0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 1, 0, 0, 0,
                0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0x80, 0, 0, 0, 0)), d);
    }

    @Test
    void subtractiveDecodeAndConsumerSetTheirGeneralFlags() {
        byte[] d = new ResourceTemplate().wordIo(new AddressFlags(true, true, false, false), IoRange.ISA_ONLY,
                0, 0, 0xff, 0, 0x100).descriptorBytes();

        assertArrayEquals(b(0x88, 0x0d, 0x00, 0x01, 0x03, 0x02), java.util.Arrays.copyOf(d, 6));
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ResourceTemplate().io(true, 0x10000, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ResourceTemplate().io(true, 0, 0, 1, 256));
        assertThrows(IllegalArgumentException.class,
                () -> new ResourceTemplate().dwordMemory(AddressFlags.FIXED_WINDOW, Cacheable.CACHEABLE, true,
                        0, 0, 1L << 32, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ResourceTemplate().interrupt(true, Trigger.LEVEL, Polarity.ACTIVE_HIGH, true));
    }
}
