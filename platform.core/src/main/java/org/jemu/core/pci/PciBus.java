package org.jemu.core.pci;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PCI bus (QEMU's PCIBus, type {@value #TYPE}): up to 32 slots of 8 functions, each a {@link PciDevice} found by
 * its devfn. The host bridge that creates the bus gives it its memory space (a container: BARs map there, the host
 * maps the container into system memory) and I/O space ({@link #setMemorySpace}, {@link #setIoSpace}), and, for bus
 * masters, the address space they reach memory through ({@link #setDmaSpace}). The chipset part that routes INTx
 * (a south bridge) installs a {@link PciIrqRouting}.
 *
 * <p>Configuration accesses come from the host bridge ({@link #configRead}, {@link #configWrite}); an absent
 * function reads all-ones. A bus reset (hold phase, after its devices' own reset) clears the standard header of every
 * device as QEMU's pcibus_reset does: writable COMMAND and STATUS bits, cache line size, interrupt line, BARs.
 */
public class PciBus extends Bus {

    public static final String TYPE = "PCI";

    private static final Logger LOG = LoggerFactory.getLogger(PciBus.class);
    private static final int DEVFNS = PciConfig.SLOTS * PciConfig.FUNCTIONS;

    private final PciDevice[] devices = new PciDevice[DEVFNS];
    private PciIrqRouting routing;
    private int[] irqCount = new int[0];
    private boolean warnedUnrouted;

    public PciBus(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Bus.TYPE).factory(PciBus::new).description("PCI bus").build();
    }

    /** The bus number configuration accesses name: 0 for a root bus (PCI-to-PCI bridges are not modelled). */
    public int busNumber() {
        return 0;
    }

    /** The realized device at {@code devfn}, or null. */
    public final PciDevice device(int devfn) {
        return devfn >= 0 && devfn < DEVFNS ? devices[devfn] : null;
    }

    /** The realized devices in devfn order. */
    public final List<PciDevice> pciDevices() {
        List<PciDevice> list = new ArrayList<>();
        for (PciDevice d : devices) if (d != null) list.add(d);
        return list;
    }

    // ---- configuration space ----------------------------------------------------------------------------------

    /**
     * A configuration read of {@code size} (1, 2 or 4) bytes at {@code register} of function {@code devfn}; an
     * absent function reads all-ones, an access running past the 256-byte space is cut at its end.
     */
    public final int configRead(int devfn, int register, int size) {
        PciDevice d = device(devfn);
        int reg = register & (PciConfig.SPACE_SIZE - 1);
        int n = Math.min(size, PciConfig.SPACE_SIZE - reg);
        if (d == null || !validSize(n)) return allOnes(size);
        return d.configRead(reg, n);
    }

    /** A configuration write; ignored for an absent function. */
    public final void configWrite(int devfn, int register, int value, int size) {
        PciDevice d = device(devfn);
        int reg = register & (PciConfig.SPACE_SIZE - 1);
        int n = Math.min(size, PciConfig.SPACE_SIZE - reg);
        if (d != null && validSize(n)) d.configWrite(reg, value, n);
    }

    private static boolean validSize(int n) {
        return n == 1 || n == 2 || n == 4;
    }

    static int allOnes(int size) {
        return size >= 4 ? -1 : (1 << (size * 8)) - 1;
    }

    // ---- slots ------------------------------------------------------------------------------------------------

    /**
     * Claims a devfn for {@code d} at realize (QEMU's do_pci_register_device and pci_init_multifunction): the
     * requested one, or with -1 function 0 of the first free slot.
     */
    final int attach(PciDevice d, int requested, boolean multifunction) {
        int devfn = requested;
        if (devfn < 0) {
            for (int s = 0; s < PciConfig.SLOTS && devfn < 0; s++) {
                if (slotFree(s)) devfn = PciConfig.devfn(s, 0);
            }
            if (devfn < 0) throw new RealizeException("PCI: no slot/function available for " + d.typeName() + ", all in use");
        }
        PciDevice other = devices[devfn];
        if (other != null) {
            throw new RealizeException("PCI: slot " + PciConfig.slot(devfn) + " function " + PciConfig.function(devfn)
                    + " not available for " + d.typeName() + ", in use by " + other.describe());
        }
        int slot = PciConfig.slot(devfn);
        if (PciConfig.function(devfn) != 0) {
            PciDevice f0 = devices[PciConfig.devfn(slot, 0)];
            if (f0 != null && !f0.isMultifunction()) {
                throw new RealizeException("PCI: single function device can't be populated in function "
                        + PciConfig.formatAddress(devfn));
            }
        } else if (!multifunction) {
            for (int f = 1; f < PciConfig.FUNCTIONS; f++) {
                if (devices[PciConfig.devfn(slot, f)] != null) {
                    throw new RealizeException("PCI: " + Integer.toHexString(slot) + ".0 indicates single function, but "
                            + PciConfig.formatAddress(PciConfig.devfn(slot, f)) + " is already populated");
                }
            }
        }
        devices[devfn] = d;
        return devfn;
    }

    private boolean slotFree(int slot) {
        for (int f = 0; f < PciConfig.FUNCTIONS; f++) if (devices[PciConfig.devfn(slot, f)] != null) return false;
        return true;
    }

    final void detach(PciDevice d) {
        for (int i = 0; i < DEVFNS; i++) if (devices[i] == d) devices[i] = null;
    }

    // ---- interrupts -------------------------------------------------------------------------------------------

    /**
     * Installs (or with null removes) the INTx router; the line counts are rebuilt from the pins devices assert now.
     */
    public final void setIrqRouting(PciIrqRouting r) {
        this.routing = r;
        this.irqCount = new int[r == null ? 0 : r.lineCount()];
        if (r == null) return;
        for (PciDevice d : devices) {
            if (d == null) continue;
            for (int pin = 0; pin < PciConfig.PINS; pin++) if (d.drivesIntx(pin)) changeIrqLevel(d, pin, 1);
        }
    }

    /** Whether any pin asserts routed line {@code line} (QEMU's pci_bus_get_irq_level). */
    public final boolean irqLevel(int line) {
        return line >= 0 && line < irqCount.length && irqCount[line] != 0;
    }

    /**
     * The usual PC swizzle: pin {@code intx} of a device in {@code slot} drives line {@code (slot + intx) mod 4}.
     * Routers that number from another slot pass an offset slot (PIIX3: {@code swizzle(slot - 1, intx)}).
     */
    public static int swizzle(int slot, int intx) {
        return (slot + intx) & 3;
    }

    /** One pin of {@code d} joined ({@code +1}) or left ({@code -1}) its line. */
    final void changeIrqLevel(PciDevice d, int intx, int change) {
        if (routing == null) {
            if (!warnedUnrouted) {
                LOG.debug("{}: INTx of {} goes nowhere: no interrupt router on the bus", describe(), d.describe());
                warnedUnrouted = true;
            }
            return;
        }
        int line = routing.mapIrq(d, intx);
        if (line < 0 || line >= irqCount.length) return;
        irqCount[line] += change;
        routing.setIrq(line, irqCount[line] != 0);
    }

    // ---- memory -----------------------------------------------------------------------------------------------

    /**
     * The span of the 64-bit memory BARs mapped at or above 4 GiB (QEMU's pci_bus_get_w64_range, which host bridges
     * report as their 64-bit hole), or empty if none is.
     */
    public final Optional<Window> window64() {
        long first = -1;
        long last = 0;
        for (PciDevice d : devices) {
            if (d == null) continue;
            for (int i = 0; i < PciDevice.ROM_SLOT; i++) {
                long addr = d.barAddress(i);
                if (addr == PciDevice.BAR_UNMAPPED || (d.barType(i) & PciConfig.BAR_MEM_TYPE_64) == 0
                        || (d.barType(i) & PciConfig.BAR_SPACE_IO) != 0) continue;
                long lo = Math.max(addr, 1L << 32);
                long hi = addr + d.barSize(i) - 1;
                if (Long.compareUnsigned(hi, lo) < 0) continue;
                if (first == -1 || Long.compareUnsigned(lo, first) < 0) first = lo;
                if (Long.compareUnsigned(hi, last) > 0) last = hi;
            }
        }
        return first == -1 ? Optional.empty() : Optional.of(new Window(first, last));
    }

    /** An address range, both ends inclusive. */
    public record Window(long first, long last) {
    }

    // ---- reset ------------------------------------------------------------------------------------------------

    @Override
    public void resetHold(ResetType type) {
        for (PciDevice d : devices) if (d != null) d.resetConfigHeader();
    }
}
