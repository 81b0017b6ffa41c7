package org.jemu.core.pci;

import java.util.function.Function;

import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeClass;

/**
 * The PCI holes a PC host bridge reports to firmware and ACPI tables (QEMU's PCI_HOST_PROP_PCI_HOLE* properties, as
 * i440FX and Q35 compute them in QEMU 7.2):
 *
 * <ul>
 * <li>the 32-bit hole, from the end of RAM below 4 GiB to the IOAPIC at {@value #IOAPIC_DEFAULT_ADDRESS}, reported
 *     as 0..0 when low RAM reaches the IOAPIC;</li>
 * <li>the 64-bit hole: the span of the 64-bit BARs mapped above 4 GiB ({@link PciBus#window64()}); with
 *     x-pci-hole64-fix, a hole that starts right after RAM above 4 GiB (gigabyte-aligned) when there is no such BAR,
 *     and that ends at least {@code pci-hole64-size} later (gigabyte-aligned). No memory hotplug area is reserved.</li>
 * </ul>
 *
 * A host bridge type declares the properties with {@link #declareProperties} and the board sets the RAM split on it.
 */
public final class PcPciHoles {

    /** Where the 32-bit hole ends (QEMU's IO_APIC_DEFAULT_ADDRESS). */
    public static final long IOAPIC_DEFAULT_ADDRESS = 0xfec0_0000L;
    public static final String BELOW_4G_MEM_SIZE = "below-4g-mem-size";
    public static final String ABOVE_4G_MEM_SIZE = "above-4g-mem-size";
    public static final String HOLE64_SIZE = "pci-hole64-size";
    public static final String HOLE64_FIX = "x-pci-hole64-fix";

    static final long GIB = 1L << 30;
    static final long FOUR_GIB = 4 * GIB;

    private PcPciHoles() {
    }

    /**
     * Declares on a host bridge type the settable {@value #BELOW_4G_MEM_SIZE} and {@value #ABOVE_4G_MEM_SIZE}
     * (default 0), {@value #HOLE64_SIZE} (default {@code hole64SizeDefault}) and {@value #HOLE64_FIX} (default on),
     * and the read-only {@code pci-hole-start}/{@code pci-hole-end} (uint32) and
     * {@code pci-hole64-start}/{@code pci-hole64-end} (uint64), computed from them and from the root bus
     * {@code rootBus} gives for an instance (null before realize: no BARs).
     */
    public static void declareProperties(TypeClass c, long hole64SizeDefault, Function<QomObject, PciBus> rootBus) {
        c.property(PropertyDef.size(HOLE64_SIZE).defaultValue(hole64SizeDefault)
                .description("size of the 64-bit PCI hole the firmware may use"));
        c.property(PropertyDef.size(BELOW_4G_MEM_SIZE).defaultValue(0).description("RAM mapped below 4 GiB"));
        c.property(PropertyDef.size(ABOVE_4G_MEM_SIZE).defaultValue(0).description("RAM mapped from 4 GiB up"));
        c.property(PropertyDef.bool(HOLE64_FIX).defaultValue(true)
                .description("report a 64-bit hole even without 64-bit BARs"));
        c.property(PropertyDef.uint32("pci-hole-start").accessor(o -> holeStart(o.getLong(BELOW_4G_MEM_SIZE)), null)
                .description("start of the 32-bit PCI hole"));
        c.property(PropertyDef.uint32("pci-hole-end").accessor(o -> holeEnd(o.getLong(BELOW_4G_MEM_SIZE)), null)
                .description("end of the 32-bit PCI hole"));
        c.property(PropertyDef.uint64("pci-hole64-start")
                .accessor(o -> hole64Start(rootBus.apply(o), o.getBool(HOLE64_FIX), o.getLong(ABOVE_4G_MEM_SIZE)), null)
                .description("start of the 64-bit PCI hole"));
        c.property(PropertyDef.uint64("pci-hole64-end")
                .accessor(o -> hole64End(rootBus.apply(o), o.getBool(HOLE64_FIX), o.getLong(ABOVE_4G_MEM_SIZE),
                        o.getLong(HOLE64_SIZE)), null)
                .description("end of the 64-bit PCI hole"));
    }

    private static boolean holeEmpty(long below4g) {
        return Long.compareUnsigned(below4g, IOAPIC_DEFAULT_ADDRESS) >= 0;
    }

    /** The start of the 32-bit hole: the end of low RAM, or 0 if the hole is empty. */
    public static long holeStart(long below4g) {
        return holeEmpty(below4g) ? 0 : below4g;
    }

    /** The end of the 32-bit hole: the IOAPIC's address, or 0 if the hole is empty. */
    public static long holeEnd(long below4g) {
        return holeEmpty(below4g) ? 0 : IOAPIC_DEFAULT_ADDRESS;
    }

    /** The start of the 64-bit hole; {@code bus} may be null (no BARs). */
    public static long hole64Start(PciBus bus, boolean fix, long above4g) {
        long start = bus == null ? 0 : bus.window64().map(PciBus.Window::first).orElse(0L);
        if (start == 0 && fix) start = roundUpToGib(FOUR_GIB + above4g);
        return start;
    }

    /** The end (exclusive) of the 64-bit hole; {@code bus} may be null (no BARs). */
    public static long hole64End(PciBus bus, boolean fix, long above4g, long hole64Size) {
        long end = bus == null ? 0 : bus.window64().map(w -> w.last() + 1).orElse(0L);
        long fixedEnd = roundUpToGib(hole64Start(bus, fix, above4g) + hole64Size);
        return fix && Long.compareUnsigned(end, fixedEnd) < 0 ? fixedEnd : end;
    }

    private static long roundUpToGib(long v) {
        return (v + GIB - 1) & -GIB;
    }
}
