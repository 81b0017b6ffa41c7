package org.jemu.plugin.pc.internal;

import java.util.Arrays;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.EoiReceiver;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's "ioapic" (hw/intc/ioapic.c): an 82093AA-style I/O APIC with 24 pins, version 0x20 (or 0x11), as a system
 * bus device. MMIO region 0 is its 4 KiB page (the board maps it at 0xfec00000): IOREGSEL at 0x00, IOWIN at 0x10
 * (32-bit accesses only; others read 0 and are ignored), the EOI register at 0x40 (version 0x20 only); the page
 * decodes only the low 8 address bits, as QEMU's does. Registers: ID (bits 24-27; the arbitration register reads the
 * same), version (max redirection entry 23) and the 24 64-bit redirection entries (vector, delivery mode,
 * destination mode, polarity, delivery status and remote IRR read-only, trigger mode, mask, destination).
 *
 * <p>Inputs are the unnamed GPIO array [0..23]: GSI n drives pin n, except that input 0 (ISA IRQ 0) drives pin 2, the
 * interrupt source override every PC firmware reports (QEMU's rule). An edge on an unmasked edge-triggered pin, or a
 * high level on a level-triggered pin without remote IRR, is delivered as QEMU does, as an MSI-style 32-bit write
 * into the memory space of the bus the device sits on: address {@code 0xfee00000 | destination-index << 4 |
 * destination-mode << 2} (the destination byte lands in bits 12-19), data {@code vector | delivery-mode << 8 |
 * trigger << 15}. Level-triggered entries then set remote IRR until an EOI for their vector (the EOI register or
 * {@link #eoiBroadcast(int)} from a local APIC) clears it and re-delivers a line still high; after 10,000 EOIs in a
 * row that re-deliver, the next delivery waits 10 ms of virtual time, as QEMU's interrupt-storm guard.
 *
 * <p>Not supported: ExtINT entries are sent with delivery mode 7 and the entry's vector; the receiver (the local
 * APIC) must fetch the real vector from the 8259 by an INTA cycle, where QEMU's I/O APIC does that itself. The
 * polarity bit is kept but not applied: board lines carry logical levels, as in QEMU. Interrupt remapping (an IOMMU
 * in the path) and QEMU's KVM split-irqchip routes are left out.
 */
public final class IoApic extends SysBusDevice implements MemoryRegionOps, EoiReceiver {

    public static final String TYPE = "ioapic";
    public static final int PINS = 24;
    static final long MMIO_SIZE = 0x1000;

    static final int IOREGSEL = 0x00;
    static final int IOWIN = 0x10;
    static final int EOI = 0x40;
    static final int DECODE_MASK = 0xff;

    static final int REG_ID = 0x00;
    static final int REG_VER = 0x01;
    static final int REG_ARB = 0x02;
    static final int REG_REDTBL = 0x10;
    static final int ID_SHIFT = 24;
    static final int ID_MASK = 0xf;
    static final int VER_ENTRIES_SHIFT = 16;
    static final int VERSION_11 = 0x11;
    static final int VERSION_20 = 0x20;

    static final long VECTOR = 0xff;
    static final int DELIVERY_MODE_SHIFT = 8;
    static final int DELIVERY_MODE_MASK = 0x7;
    static final int DEST_MODE_SHIFT = 11;
    static final long DELIVERY_STATUS = 1L << 12;
    static final long POLARITY = 1L << 13;
    static final long REMOTE_IRR = 1L << 14;
    static final int TRIGGER_SHIFT = 15;
    static final long TRIGGER_LEVEL = 1L << TRIGGER_SHIFT;
    static final long MASKED = 1L << 16;
    static final int DEST_INDEX_SHIFT = 48;
    static final long READ_ONLY = REMOTE_IRR | DELIVERY_STATUS;

    static final long MSI_BASE = 0xfee00000L;
    static final int MSI_DEST_INDEX_SHIFT = 4;
    static final int MSI_DEST_MODE_SHIFT = 2;
    static final int MSI_DELIVERY_MODE_SHIFT = 8;
    static final int MSI_TRIGGER_SHIFT = 15;

    /** ISA IRQ 0 arrives at pin 2 (the PC's interrupt source override). */
    static final int ISA_TIMER_PIN = 2;
    static final int STORM_EOIS = 10_000;
    static final long STORM_DELAY_NS = 10_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(IoApic.class);

    /** Everything that survives a save and restore; {@code irr} holds one bit per pin. */
    public record State(int id, int ioregsel, int irr, long[] redirection) {
        public State {
            redirection = redirection.clone();
        }

        @Override
        public long[] redirection() {
            return redirection.clone();
        }
    }

    private final long[] redirection = new long[PINS];
    private final int[] eoiCount = new int[PINS];
    private int id;
    private int ioregsel;
    private int irr;
    private int version;
    private AddressSpace messages;
    private Timer delayedService;

    public IoApic(ObjectType type) {
        super(type);
        defineGpioIn("", PINS, this::setIrq);
        initMmio(MemoryRegion.io(TYPE, MMIO_SIZE, this));
        powerOn();
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(IoApic::new)
                .description("I/O APIC (82093AA)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC).set(USER_CREATABLE, false)
                        .property(PropertyDef.uint8("version").defaultValue(VERSION_20)
                                .validator(v -> (Long) v == VERSION_11 || (Long) v == VERSION_20 ? null
                                        : "IOAPIC only supports version 0x11 or 0x20 (default: 0x20)")))
                .build();
    }

    @Override
    protected void realize() {
        version = (int) getLong("version");
        messages = dmaSpace();
        if (messages == null) {
            throw new RealizeException(describe() + ": bus " + parentBus().busName()
                    + " has no DMA address space to send interrupt messages into");
        }
        delayedService = system().newTimer(ClockType.VIRTUAL, t -> service());
    }

    @Override
    protected void unrealize() {
        delayedService.free();
        delayedService = null;
        messages = null;
    }

    @Override
    public void resetHold(ResetType type) {
        powerOn();
    }

    private void powerOn() {
        id = 0;
        ioregsel = 0;
        irr = 0;
        Arrays.fill(redirection, MASKED);
    }

    public State state() {
        return new State(id, ioregsel, irr, redirection);
    }

    public void restore(State s) {
        id = s.id & ID_MASK;
        ioregsel = s.ioregsel & 0xff;
        irr = s.irr & ((1 << PINS) - 1);
        System.arraycopy(s.redirection, 0, redirection, 0, Math.min(PINS, s.redirection.length));
        Arrays.fill(eoiCount, 0);
    }

    // ---- pins -----------------------------------------------------------------------------------------------------

    private void setIrq(int input, boolean level) {
        int pin = input == 0 ? ISA_TIMER_PIN : input;
        int bit = 1 << pin;
        long entry = redirection[pin];
        if ((entry & TRIGGER_LEVEL) != 0) {
            if (level) {
                irr |= bit;
                if ((entry & REMOTE_IRR) == 0) service();
            } else {
                irr &= ~bit;
            }
        } else if (level && (entry & MASKED) == 0) { // the 82093AA ignores edges on masked pins
            irr |= bit;
            service();
        }
    }

    /** Delivers every pending, unmasked pin; level-triggered ones wait for an EOI once sent. */
    private void service() {
        for (int pin = 0; pin < PINS; pin++) {
            int bit = 1 << pin;
            if ((irr & bit) == 0) continue;
            long entry = redirection[pin];
            if ((entry & MASKED) != 0) continue;
            if ((entry & TRIGGER_LEVEL) == 0) {
                irr &= ~bit;
            } else {
                redirection[pin] |= REMOTE_IRR;
                if ((entry & REMOTE_IRR) != 0) continue; // the guest still handles the last one
            }
            deliver(entry);
        }
    }

    private void deliver(long entry) {
        if (messages == null) return;
        long destIndex = (entry >>> DEST_INDEX_SHIFT) & 0xffff;
        long destMode = (entry >>> DEST_MODE_SHIFT) & 1;
        long mode = (entry >>> DELIVERY_MODE_SHIFT) & DELIVERY_MODE_MASK;
        long trigger = (entry >>> TRIGGER_SHIFT) & 1;
        long address = MSI_BASE | destIndex << MSI_DEST_INDEX_SHIFT | destMode << MSI_DEST_MODE_SHIFT;
        long data = (entry & VECTOR) | mode << MSI_DELIVERY_MODE_SHIFT | trigger << MSI_TRIGGER_SHIFT;
        messages.write(address, 4, data);
    }

    /**
     * An end of interrupt for {@code vector} (QEMU's ioapic_eoi_broadcast, what a local APIC sends for
     * level-triggered vectors): clears remote IRR of the level-triggered entries with that vector and re-delivers
     * those whose line is still high.
     */
    @Override
    public void eoiBroadcast(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long entry = redirection[pin];
            if ((entry & VECTOR) != vector || (entry & TRIGGER_LEVEL) == 0 || (entry & REMOTE_IRR) == 0) continue;
            redirection[pin] = entry & ~REMOTE_IRR;
            if ((entry & MASKED) != 0 || (irr & (1 << pin)) == 0) {
                eoiCount[pin] = 0;
            } else if (++eoiCount[pin] >= STORM_EOIS) {
                eoiCount[pin] = 0; // an interrupt storm: hardware would not re-deliver at once either
                long due = system().nowNs(ClockType.VIRTUAL) + STORM_DELAY_NS;
                if (delayedService != null && (!delayedService.pending() || delayedService.expireTime() > due)) {
                    delayedService.modNs(due);
                }
            } else {
                service();
            }
        }
    }

    // ---- registers ------------------------------------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        switch ((int) offset & DECODE_MASK) {
            case IOREGSEL:
                return ioregsel;
            case IOWIN:
                if (size != 4) {
                    LOG.debug("{}: {}-byte read of IOWIN ignored", describe(), size);
                    return 0;
                }
                return readRegister();
            default:
                return 0;
        }
    }

    private long readRegister() {
        switch (ioregsel) {
            case REG_ID, REG_ARB:
                return (long) id << ID_SHIFT;
            case REG_VER:
                return version | (PINS - 1) << VER_ENTRIES_SHIFT;
            default:
                int pin = (ioregsel - REG_REDTBL) >> 1;
                if (pin < 0 || pin >= PINS) return 0;
                return (ioregsel & 1) != 0 ? redirection[pin] >>> 32 : redirection[pin] & 0xffff_ffffL;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        switch ((int) offset & DECODE_MASK) {
            case IOREGSEL -> ioregsel = (int) value & 0xff;
            case IOWIN -> {
                if (size != 4) {
                    LOG.debug("{}: {}-byte write of IOWIN ignored", describe(), size);
                    return;
                }
                writeRegister(value & 0xffff_ffffL);
            }
            case EOI -> {
                if (size == 4 && version == VERSION_20) eoiBroadcast((int) value);
            }
            default -> LOG.debug("{}: write to unknown offset {} ignored", describe(), offset);
        }
    }

    private void writeRegister(long value) {
        switch (ioregsel) {
            case REG_ID -> id = (int) (value >>> ID_SHIFT) & ID_MASK;
            case REG_VER, REG_ARB -> { }
            default -> {
                int pin = (ioregsel - REG_REDTBL) >> 1;
                if (pin < 0 || pin >= PINS) {
                    LOG.debug("{}: write to unknown register {} ignored", describe(), ioregsel);
                    return;
                }
                long old = redirection[pin];
                long entry = (ioregsel & 1) != 0 ? (old & 0xffff_ffffL) | value << 32 : (old & ~0xffff_ffffL) | value;
                entry = (entry & ~READ_ONLY) | (old & READ_ONLY);
                // an edge-triggered entry has no remote IRR (Linux relies on this to clear it)
                if ((entry & TRIGGER_LEVEL) == 0) entry &= ~REMOTE_IRR;
                redirection[pin] = entry;
                eoiCount[pin] = 0;
                service();
            }
        }
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.aligned(1, 8);
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.aligned(1, 4);
    }
}
