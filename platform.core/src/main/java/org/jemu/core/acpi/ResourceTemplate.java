package org.jemu.core.acpi;

/**
 * ResourceTemplate() { descriptors }: a Buffer of resource descriptors closed by an End Tag with checksum 0 (ACPI 6.4
 * 6.4, "Resource Data Types for ACPI"). Each method appends one descriptor in the order ASL lists its fields; the
 * template encodes as a Buffer wherever a term is expected ({@code Name(_CRS, template)}).
 */
public final class ResourceTemplate extends AmlTerm {

    /** Interrupt trigger mode. */
    public enum Trigger { LEVEL, EDGE }

    /** Interrupt polarity. */
    public enum Polarity { ACTIVE_HIGH, ACTIVE_LOW }

    /** Memory attributes of an address space descriptor (type-specific flags bits 2:1, _MEM). */
    public enum Cacheable {
        NON_CACHEABLE(0), CACHEABLE(1), WRITE_COMBINING(2), PREFETCHABLE(3);

        final int code;

        Cacheable(int code) {
            this.code = code;
        }
    }

    /** Which I/O ranges an I/O address space descriptor covers (type-specific flags bits 1:0, _RNG). */
    public enum IoRange {
        NON_ISA_ONLY(1), ISA_ONLY(2), ENTIRE(3);

        final int code;

        IoRange(int code) {
            this.code = code;
        }
    }

    /** DMA channel speed (flags bits 6:5, _TYP). */
    public enum DmaSpeed {
        COMPATIBILITY(0), TYPE_A(1), TYPE_B(2), TYPE_F(3);

        final int code;

        DmaSpeed(int code) {
            this.code = code;
        }
    }

    /** DMA transfer width (flags bits 1:0, _SIZ). */
    public enum DmaWidth {
        BITS_8(0), BITS_8_AND_16(1), BITS_16(2);

        final int code;

        DmaWidth(int code) {
            this.code = code;
        }
    }

    /**
     * The general flags of an address space descriptor: ResourceConsumer (bit 0; QEMU and most firmware leave it 0,
     * ResourceProducer), subtractive decode (_DEC, bit 1), minimum fixed (_MIF, bit 2), maximum fixed (_MAF, bit 3).
     */
    public record AddressFlags(boolean consumer, boolean subtractiveDecode, boolean minFixed, boolean maxFixed) {

        /** ResourceProducer, PosDecode, MinFixed, MaxFixed: a bridge's window as QEMU describes them. */
        public static final AddressFlags FIXED_WINDOW = new AddressFlags(false, false, true, true);

        int code() {
            return (consumer ? 1 : 0) | (subtractiveDecode ? 2 : 0) | (minFixed ? 4 : 0) | (maxFixed ? 8 : 0);
        }
    }

    static final int SMALL_IRQ = 0x04;
    static final int SMALL_DMA = 0x05;
    static final int SMALL_IO = 0x08;
    static final int SMALL_FIXED_IO = 0x09;
    static final int SMALL_END = 0x0f;
    static final int LARGE_MEMORY32_FIXED = 0x86;
    static final int LARGE_DWORD_ADDRESS = 0x87;
    static final int LARGE_WORD_ADDRESS = 0x88;
    static final int LARGE_EXTENDED_IRQ = 0x89;
    static final int LARGE_QWORD_ADDRESS = 0x8a;
    static final int TYPE_MEMORY = 0;
    static final int TYPE_IO = 1;
    static final int TYPE_BUS = 2;

    private final TableData descriptors = new TableData();

    /** An empty template ({@link Aml#buffer} of just the End Tag until descriptors are added). */
    public ResourceTemplate() {
    }

    private static int smallTag(int name, int length) {
        return name << 3 | length;
    }

    /** IO(Decode16 / Decode10, min, max, alignment, length): the I/O port descriptor (6.4.2.5). */
    public ResourceTemplate io(boolean decode16, int min, int max, int alignment, int length) {
        check16("IO minimum", min);
        check16("IO maximum", max);
        check8("IO alignment", alignment);
        check8("IO length", length);
        descriptors.u8(smallTag(SMALL_IO, 7)).u8(decode16 ? 1 : 0).u16(min).u16(max).u8(alignment).u8(length);
        return this;
    }

    /** FixedIO(base, length): the fixed-location I/O port descriptor (6.4.2.6). */
    public ResourceTemplate fixedIo(int base, int length) {
        if (base < 0 || base > 0x3ff) throw new IllegalArgumentException("FixedIO base 0x" + Integer.toHexString(base)
                + " is beyond 10 bits");
        check8("FixedIO length", length);
        descriptors.u8(smallTag(SMALL_FIXED_IO, 3)).u16(base).u8(length);
        return this;
    }

    /** IRQNoFlags() {irqs}: the two-byte IRQ descriptor (edge, active high, exclusive) (6.4.2.1). */
    public ResourceTemplate irqNoFlags(int... irqs) {
        descriptors.u8(smallTag(SMALL_IRQ, 2)).u16(irqMask(irqs));
        return this;
    }

    /** IRQ(trigger, polarity, shared) {irqs}: the three-byte IRQ descriptor (6.4.2.1). */
    public ResourceTemplate irq(Trigger trigger, Polarity polarity, boolean shared, int... irqs) {
        int info = (trigger == Trigger.EDGE ? 0x01 : 0) | (polarity == Polarity.ACTIVE_LOW ? 0x08 : 0) | (shared ? 0x10 : 0);
        descriptors.u8(smallTag(SMALL_IRQ, 3)).u16(irqMask(irqs)).u8(info);
        return this;
    }

    /** DMA(speed, BusMaster / NotBusMaster, width) {channels}: the DMA descriptor (6.4.2.2). */
    public ResourceTemplate dma(DmaSpeed speed, boolean busMaster, DmaWidth width, int... channels) {
        int mask = 0;
        for (int c : channels) {
            if (c < 0 || c > 7) throw new IllegalArgumentException("DMA channel " + c + " is not 0-7");
            mask |= 1 << c;
        }
        descriptors.u8(smallTag(SMALL_DMA, 2)).u8(mask).u8(speed.code << 5 | (busMaster ? 0x04 : 0) | width.code);
        return this;
    }

    /** Memory32Fixed(ReadWrite / ReadOnly, base, length) (6.4.3.4). */
    public ResourceTemplate memory32Fixed(boolean readWrite, long base, long length) {
        check32("Memory32Fixed base", base);
        check32("Memory32Fixed length", length);
        descriptors.u8(LARGE_MEMORY32_FIXED).u16(9).u8(readWrite ? 1 : 0).u32(base).u32(length);
        return this;
    }

    /**
     * Interrupt(ResourceConsumer / ResourceProducer, trigger, polarity, Shared / Exclusive) {interrupts}: the extended
     * interrupt descriptor (6.4.3.6), without a resource source.
     */
    public ResourceTemplate interrupt(boolean consumer, Trigger trigger, Polarity polarity, boolean shared,
            long... interrupts) {
        if (interrupts.length == 0 || interrupts.length > 255) {
            throw new IllegalArgumentException("an Interrupt descriptor lists 1-255 interrupts, not " + interrupts.length);
        }
        int flags = (consumer ? 1 : 0) | (trigger == Trigger.EDGE ? 2 : 0) | (polarity == Polarity.ACTIVE_LOW ? 4 : 0)
                | (shared ? 8 : 0);
        descriptors.u8(LARGE_EXTENDED_IRQ).u16(2 + 4 * interrupts.length).u8(flags).u8(interrupts.length);
        for (long i : interrupts) {
            check32("interrupt number", i);
            descriptors.u32(i);
        }
        return this;
    }

    /** WordBusNumber(flags, granularity, min, max, translation, length) (6.4.3.5.3, resource type 2). */
    public ResourceTemplate wordBusNumber(AddressFlags flags, int granularity, int min, int max, int translation,
            int length) {
        return wordAddress(TYPE_BUS, flags, 0, granularity, min, max, translation, length);
    }

    /** WordIO(flags, range, granularity, min, max, translation, length) (6.4.3.5.3, resource type 1). */
    public ResourceTemplate wordIo(AddressFlags flags, IoRange range, int granularity, int min, int max,
            int translation, int length) {
        return wordAddress(TYPE_IO, flags, range.code, granularity, min, max, translation, length);
    }

    /** DWordIO(flags, range, granularity, min, max, translation, length) (6.4.3.5.2, resource type 1). */
    public ResourceTemplate dwordIo(AddressFlags flags, IoRange range, long granularity, long min, long max,
            long translation, long length) {
        return dwordAddress(TYPE_IO, flags, range.code, granularity, min, max, translation, length);
    }

    /** DWordMemory(flags, cacheable, ReadWrite / ReadOnly, granularity, min, max, translation, length) (6.4.3.5.2). */
    public ResourceTemplate dwordMemory(AddressFlags flags, Cacheable cacheable, boolean readWrite, long granularity,
            long min, long max, long translation, long length) {
        return dwordAddress(TYPE_MEMORY, flags, memoryFlags(cacheable, readWrite), granularity, min, max, translation,
                length);
    }

    /** QWordMemory(flags, cacheable, ReadWrite / ReadOnly, granularity, min, max, translation, length) (6.4.3.5.1). */
    public ResourceTemplate qwordMemory(AddressFlags flags, Cacheable cacheable, boolean readWrite, long granularity,
            long min, long max, long translation, long length) {
        descriptors.u8(LARGE_QWORD_ADDRESS).u16(43).u8(TYPE_MEMORY).u8(flags.code()).u8(memoryFlags(cacheable, readWrite))
                .u64(granularity).u64(min).u64(max).u64(translation).u64(length);
        return this;
    }

    private ResourceTemplate wordAddress(int type, AddressFlags flags, int typeFlags, int granularity, int min, int max,
            int translation, int length) {
        check16("granularity", granularity);
        check16("minimum", min);
        check16("maximum", max);
        check16("translation", translation);
        if (length < 0 || length > 0x10000) throw new IllegalArgumentException("length " + length + " is not 16-bit");
        descriptors.u8(LARGE_WORD_ADDRESS).u16(13).u8(type).u8(flags.code()).u8(typeFlags)
                .u16(granularity).u16(min).u16(max).u16(translation).u16(length);
        return this;
    }

    private ResourceTemplate dwordAddress(int type, AddressFlags flags, int typeFlags, long granularity, long min,
            long max, long translation, long length) {
        check32("granularity", granularity);
        check32("minimum", min);
        check32("maximum", max);
        check32("translation", translation);
        if (length < 0 || length > 0x1_0000_0000L) throw new IllegalArgumentException("length " + length + " is not 32-bit");
        descriptors.u8(LARGE_DWORD_ADDRESS).u16(23).u8(type).u8(flags.code()).u8(typeFlags)
                .u32(granularity).u32(min).u32(max).u32(translation).u32(length);
        return this;
    }

    private static int memoryFlags(Cacheable cacheable, boolean readWrite) {
        return (readWrite ? 1 : 0) | cacheable.code << 1;
    }

    private static int irqMask(int... irqs) {
        int mask = 0;
        for (int i : irqs) {
            if (i < 0 || i > 15) throw new IllegalArgumentException("IRQ " + i + " is not 0-15");
            mask |= 1 << i;
        }
        return mask;
    }

    private static void check8(String what, int v) {
        if (v < 0 || v > 0xff) throw new IllegalArgumentException(what + " " + v + " is not 8-bit");
    }

    private static void check16(String what, int v) {
        if (v < 0 || v > 0xffff) throw new IllegalArgumentException(what + " 0x" + Integer.toHexString(v) + " is not 16-bit");
    }

    private static void check32(String what, long v) {
        if (v < 0 || v > 0xffff_ffffL) throw new IllegalArgumentException(what + " 0x" + Long.toHexString(v) + " is not 32-bit");
    }

    /** The descriptors followed by the End Tag (checksum 0: "treat as correct"), as the Buffer holds them. */
    public byte[] descriptorBytes() {
        TableData d = new TableData().append(descriptors);
        d.u8(smallTag(SMALL_END, 1)).u8(0);
        return d.toByteArray();
    }

    @Override
    void emit(TableData out) {
        Aml.buffer(descriptorBytes()).emit(out);
    }
}
