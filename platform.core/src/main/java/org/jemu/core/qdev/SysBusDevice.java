package org.jemu.core.qdev;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * A device on the system bus (QEMU's SysBusDevice, type {@value #TYPE}): its interrupt outputs are the GPIO output
 * array {@value #IRQ}, which the board wires to an interrupt controller; its MMIO regions (and port I/O regions) are
 * numbered in declaration order, and the board maps region N at an address ({@code BoardDefinition.Builder.mmio},
 * {@code ioPort}). Regions are declared in the constructor or in {@link #realize()}; those declared in realize are
 * dropped at unrealize. Unrealizing takes every declared region out of the container it was mapped into.
 */
public abstract class SysBusDevice extends Device {

    public static final String TYPE = "sys-bus-device";
    /** The GPIO output array holding a sysbus device's interrupt lines. */
    public static final String IRQ = "sysbus-irq";

    private final DeclaredRegions<MemoryRegion> mmio = new DeclaredRegions<>();
    private final DeclaredRegions<MemoryRegion> pio = new DeclaredRegions<>();

    protected SysBusDevice(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Device.TYPE).abstractType()
                .classInit(c -> c.set(BUS_TYPE, SysBus.TYPE))
                .description("base of system bus devices").build();
    }

    /** Declares {@code count} interrupt outputs; the board connects them by index. */
    protected final IrqLine[] defineIrqs(int count) {
        return defineGpioOut(IRQ, count);
    }

    /** Declares MMIO region N and returns N (QEMU's sysbus_init_mmio). Its owner becomes this device unless set. */
    protected final int initMmio(MemoryRegion region) {
        return mmio.add(owned(region));
    }

    /**
     * Declares port I/O region N and returns N (QEMU's sysbus_add_io, with the port chosen by the board instead of
     * the device). For ports taken from the device's own properties use {@link #exposeIoPorts} instead.
     */
    protected final int initPio(MemoryRegion region) {
        return pio.add(owned(region));
    }

    /** The MMIO regions, by index. */
    public final List<MemoryRegion> mmioRegions() {
        return mmio.list();
    }

    /** MMIO region {@code n}; an unknown index is a {@link QomException} naming the device and what it has. */
    public final MemoryRegion mmio(int n) {
        return pick(mmio, "MMIO", n);
    }

    /** The port I/O regions, by index. */
    public final List<MemoryRegion> pioRegions() {
        return pio.list();
    }

    /** Port I/O region {@code n}; an unknown index is a {@link QomException} naming the device and what it has. */
    public final MemoryRegion pio(int n) {
        return pick(pio, "port I/O", n);
    }

    @Override
    void beforeRealize() {
        super.beforeRealize();
        mmio.realizeStarts();
        pio.realizeStarts();
    }

    @Override
    void unmapRegions() {
        super.unmapRegions();
        for (MemoryRegion r : mmio.list()) unmap(r);
        for (MemoryRegion r : pio.list()) unmap(r);
    }

    @Override
    void forgetRealizeRegions() {
        super.forgetRealizeRegions();
        mmio.realizeUndone();
        pio.realizeUndone();
    }

    private MemoryRegion owned(MemoryRegion region) {
        if (region.owner() == null) region.setOwner(this);
        return region;
    }

    private static void unmap(MemoryRegion r) {
        if (r.container() != null) r.container().removeSubregion(r);
    }

    private MemoryRegion pick(DeclaredRegions<MemoryRegion> regions, String kind, int n) {
        if (n >= 0 && n < regions.size()) return regions.get(n);
        List<String> have = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) have.add(i + " '" + regions.get(i).name() + "'");
        throw new QomException(describe() + " has no " + kind + " region " + n + " (it has "
                + (have.isEmpty() ? "none" : String.join(", ", have)) + ")");
    }
}
