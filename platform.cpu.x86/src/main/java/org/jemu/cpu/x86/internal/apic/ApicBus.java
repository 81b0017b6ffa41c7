package org.jemu.cpu.x86.internal.apic;

import java.util.Arrays;
import java.util.Objects;

import org.jemu.core.qdev.InterruptController;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interrupt message fabric of one machine: the local APICs that receive inter-processor interrupts and MSIs
 * (QEMU's local_apics table, apic_deliver_irq and apic_send_msi), the EOI broadcast to the I/O APICs, and the one
 * "apic-msi" MMIO region (QEMU's APIC_SPACE_SIZE, 1 MiB) the integrator maps into system memory at
 * {@link #MMIO_BASE} with priority {@link #MMIO_PRIORITY}.
 *
 * <p><b>The MMIO region.</b> A register access must reach the APIC of the CPU making it (QEMU's
 * cpu_get_current_apic): each vCPU thread names its APIC with {@link #runningOn(LocalApic)} (a thread-local; the
 * accelerator sets it once on the vCPU thread or around each run). Reads decode offset bits 4-11 as the register
 * index on any page (QEMU's apic_mem_read); from a thread without an APIC they read 0. A write at page offset 0x0-0xf
 * or beyond the first page (QEMU's apic_mem_write: {@code addr > 0xfff || !index}), or any write from a thread
 * without an APIC (a DMA engine, the I/O APIC on the main loop), is an MSI: address {@code 0xfee00000 | dest << 12 |
 * dest-mode << 2} (the redirection hint is ignored, as in QEMU), data {@code vector | delivery-mode << 8 | trigger <<
 * 15}. Accesses are 1 to 4 bytes, aligned; narrower than 4 bytes they read 0 and are ignored.
 *
 * <p><b>Routing.</b> Physical destination 0xff and logical destination 0xff are broadcasts; otherwise a physical
 * destination matches APIC IDs and a logical one matches LDRs in the flat (DFR 0xf: any common bit) or cluster (DFR
 * 0: same high nibble, a common low bit) model. Globally disabled APICs receive nothing. Fixed: every target; lowest
 * priority: the first target in {@link #add} order (QEMU's approximation, no arbitration); NMI, INIT, SIPI (ICR only;
 * QEMU drops SIPI messages) to every target; ExtINT (the I/O APIC's ExtINT entries): the first target's PIC answers
 * an INTA cycle and its vector is delivered as fixed (QEMU's I/O APIC reads the PIC itself); SMI: logged and dropped
 * (no SMM). All calls run with the global lock held.
 */
public final class ApicBus {

    public static final long MMIO_BASE = LocalApic.DEFAULT_BASE;
    public static final long MMIO_SIZE = 0x10_0000;
    /** QEMU maps the region over everything else (memory_region_add_subregion_overlap(..., 0x1000)). */
    public static final int MMIO_PRIORITY = 0x1000;

    static final int SHORTHAND_NONE = 0, SHORTHAND_SELF = 1, SHORTHAND_ALL = 2, SHORTHAND_OTHERS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ApicBus.class);

    private volatile LocalApic[] apics = new LocalApic[0];
    private volatile EoiListener[] eoiListeners = new EoiListener[0];
    private final ThreadLocal<LocalApic> current = new ThreadLocal<>();
    private final MemoryRegion region = MemoryRegion.io("apic-msi", MMIO_SIZE, new Mmio());

    /** The "apic-msi" region to map at {@link #MMIO_BASE} (priority {@link #MMIO_PRIORITY}) in system memory. */
    public MemoryRegion region() {
        return region;
    }

    /** Makes {@code apic} a message target (QEMU's apic_realize). */
    public synchronized void add(LocalApic apic) {
        Objects.requireNonNull(apic, "apic");
        if (apic.bus() != this) throw new IllegalArgumentException(apic + " belongs to another bus");
        if (Arrays.asList(apics).contains(apic)) return;
        LocalApic[] a = Arrays.copyOf(apics, apics.length + 1);
        a[a.length - 1] = apic;
        apics = a;
    }

    public synchronized void remove(LocalApic apic) {
        apics = Arrays.stream(apics).filter(a -> a != apic).toArray(LocalApic[]::new);
    }

    /** The end-of-interrupt broadcast for level-triggered vectors goes to {@code listener} (an I/O APIC). */
    public synchronized void addEoiListener(EoiListener listener) {
        EoiListener[] l = Arrays.copyOf(eoiListeners, eoiListeners.length + 1);
        l[l.length - 1] = Objects.requireNonNull(listener, "listener");
        eoiListeners = l;
    }

    /** Names the APIC of the CPU the calling thread runs (null: none, the thread is no vCPU). */
    public void runningOn(LocalApic apic) {
        if (apic == null) {
            current.remove();
        } else {
            current.set(apic);
        }
    }

    /** The APIC of the CPU the calling thread runs, or null. */
    public LocalApic current() {
        return current.get();
    }

    void eoiBroadcast(int vector) {
        for (EoiListener l : eoiListeners) l.eoi(vector);
    }

    /**
     * An MSI (QEMU's apic_send_msi): destination from address bits 12-19, destination mode from bit 2; vector,
     * delivery mode and trigger from the data.
     */
    public void sendMsi(long address, int data) {
        int dest = (int) (address >>> 12) & 0xff;
        int destMode = (int) (address >>> 2) & 1;
        int mode = (data >>> 8) & 7;
        if (mode == LocalApic.DM_SIPI) {
            LOG.debug("SIPI message to {} dropped (only the ICR sends start-ups)", dest);
            return;
        }
        deliver(null, SHORTHAND_NONE, dest, destMode, mode, data & 0xff, (data & (1 << 15)) != 0);
    }

    /**
     * Delivers an interrupt message (QEMU's apic_deliver and apic_bus_deliver).
     *
     * @param sender    the sending APIC (for the shorthands), or null for a message from the system bus
     * @param shorthand 0 none, 1 self, 2 all including self, 3 all excluding self
     * @param dest      the destination (APIC ID or logical MDA)
     * @param destMode  0 physical, 1 logical
     * @param mode      the delivery mode (0 fixed, 1 lowest priority, 2 SMI, 4 NMI, 5 INIT, 6 SIPI, 7 ExtINT)
     * @param trigger   level-triggered (the TMR bit, and an EOI broadcast later)
     */
    void deliver(LocalApic sender, int shorthand, int dest, int destMode, int mode, int vector, boolean trigger) {
        LocalApic[] all = apics;
        switch (mode) {
            case LocalApic.DM_LOWEST -> {
                LocalApic first = firstTarget(all, sender, shorthand, dest, destMode);
                if (first != null) first.acceptInterrupt(vector, trigger);
            }
            case LocalApic.DM_EXTINT -> {
                LocalApic first = firstTarget(all, sender, shorthand, dest, destMode);
                InterruptController pic = first == null ? null : first.pic();
                if (pic == null) {
                    LOG.debug("ExtINT message to {} without a PIC to acknowledge dropped", dest);
                    return;
                }
                int picVector = pic.acknowledge();
                if (picVector < 0) return;
                for (LocalApic a : all) {
                    if (targets(a, sender, shorthand, dest, destMode)) a.acceptInterrupt(picVector, trigger);
                }
            }
            case LocalApic.DM_FIXED, LocalApic.DM_NMI, LocalApic.DM_INIT, LocalApic.DM_SIPI, LocalApic.DM_SMI -> {
                for (LocalApic a : all) {
                    if (!targets(a, sender, shorthand, dest, destMode)) continue;
                    switch (mode) {
                        case LocalApic.DM_FIXED -> a.acceptInterrupt(vector, trigger);
                        case LocalApic.DM_NMI -> a.acceptNmi();
                        case LocalApic.DM_INIT -> a.acceptInit();
                        case LocalApic.DM_SIPI -> a.acceptStartup(vector);
                        default -> a.smiUnsupported();
                    }
                }
            }
            default -> LOG.debug("interrupt message with reserved delivery mode {} dropped", mode);
        }
    }

    private static LocalApic firstTarget(LocalApic[] all, LocalApic sender, int shorthand, int dest, int destMode) {
        for (LocalApic a : all) {
            if (targets(a, sender, shorthand, dest, destMode)) return a;
        }
        return null;
    }

    private static boolean targets(LocalApic a, LocalApic sender, int shorthand, int dest, int destMode) {
        if (!a.hardwareEnabled()) return false;
        return switch (shorthand) {
            case SHORTHAND_SELF -> a == sender;
            case SHORTHAND_ALL -> true;
            case SHORTHAND_OTHERS -> a != sender;
            default -> destMode == 0 ? dest == 0xff || a.id() == dest : a.matchesLogical(dest);
        };
    }

    /** The "apic-msi" region's callbacks (QEMU's apic_io_ops). */
    private final class Mmio implements MemoryRegionOps {

        @Override
        public long read(long offset, int size) {
            if (size < 4) return 0;
            LocalApic apic = current.get();
            return apic == null ? 0 : apic.readRegister((int) (offset >>> 4) & 0xff) & 0xffff_ffffL;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (size < 4) return;
            int index = (int) (offset >>> 4) & 0xff;
            LocalApic apic = current.get();
            if (offset > 0xfff || index == 0 || apic == null) {
                sendMsi(MMIO_BASE + offset, (int) value);
            } else {
                apic.writeRegister(index, (int) value);
            }
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 4);
        }

        @Override
        public AccessConstraints impl() {
            return AccessConstraints.aligned(1, 4);
        }
    }
}
