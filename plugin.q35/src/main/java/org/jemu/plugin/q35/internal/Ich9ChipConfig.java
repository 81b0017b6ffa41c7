package org.jemu.plugin.q35.internal;

import java.util.Arrays;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;

/**
 * The chipset configuration registers of the ICH9 (QEMU 7.2's chip_config in hw/isa/lpc_ich9.c), which the LPC
 * bridge shows in its 16 KiB root complex register block: plain little-endian memory, 1- to 4-byte aligned accesses,
 * with the interrupt routing of slots 25..31 read from D25IR..D31IR (QEMU's ich9_cc_update; D30IR is stored but slot
 * 30, the DMI-to-PCI bridge, always uses PIRQ E..H). Every write tells the owner, which recounts its PCI interrupt
 * lines (QEMU fires its INTx routing notifier).
 */
final class Ich9ChipConfig implements MemoryRegionOps {

    static final int SIZE = 16 * 1024;
    static final int D31IR = 0x3140;
    static final int D30IR = 0x3142;
    static final int D29IR = 0x3144;
    static final int D28IR = 0x3146;
    static final int D27IR = 0x3148;
    static final int D26IR = 0x314c;
    static final int D25IR = 0x3150;
    /** INTA..D to PIRQA..D. */
    static final int DIR_DEFAULT = 0x3210;
    static final int DIR_SHIFT = 4;
    static final int DIR_MASK = 0x7;
    static final int OIC = 0x31ff;
    static final int GCS = 0x3410;
    /** QEMU 7.2's ICH9_CC_GCS_DEFAULT: NO_REBOOT set. */
    static final int GCS_DEFAULT = 0x20;
    /** The DnnIR register of slots 25..31, 0 for slot 30 (fixed routing). */
    private static final int[] DIR_BY_SLOT = {D25IR, D26IR, D27IR, D28IR, D29IR, 0, D31IR};
    private static final int FIRST_DIR_SLOT = 25;
    private static final int DMI_BRIDGE_SLOT = 30;

    private final byte[] regs = new byte[SIZE];
    private final Runnable changed;

    /** @param changed called after every guest write */
    Ich9ChipConfig(Runnable changed) {
        this.changed = changed;
    }

    /** QEMU's ich9_cc_reset: all 0 but the DnnIR registers (0x3210; D30IR 0) and GCS. */
    void reset() {
        Arrays.fill(regs, (byte) 0);
        for (int r : DIR_BY_SLOT) if (r != 0) put(r, 2, DIR_DEFAULT);
        put(GCS, 4, GCS_DEFAULT);
    }

    /**
     * The PIRQ (0..7 for A..H) that pin {@code intx} (0..3) of a device in {@code slot} drives (QEMU's
     * ich9_lpc_map_irq over irr[][]).
     */
    int pirq(int slot, int intx) {
        if (slot == DMI_BRIDGE_SLOT) return intx + 4;
        if (slot >= FIRST_DIR_SLOT && slot < FIRST_DIR_SLOT + DIR_BY_SLOT.length) {
            return (get(DIR_BY_SLOT[slot - FIRST_DIR_SLOT], 2) >> (intx * DIR_SHIFT)) & DIR_MASK;
        }
        return (slot + intx) % 4 + 4;
    }

    int get(int offset, int size) {
        int v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | (regs[offset + i] & 0xff);
        return v;
    }

    private void put(int offset, int size, long value) {
        for (int i = 0; i < size; i++) regs[offset + i] = (byte) (value >>> (8 * i));
    }

    /** QEMU's ich9_cc_addr_len: the offset wraps within the block, the length stops at its end. */
    private static int length(int offset, int size) {
        return Math.min(size, SIZE - offset);
    }

    @Override
    public long read(long offset, int size) {
        int o = (int) offset & (SIZE - 1);
        return get(o, length(o, size)) & 0xffff_ffffL;
    }

    @Override
    public void write(long offset, int size, long value) {
        int o = (int) offset & (SIZE - 1);
        put(o, length(o, size), value);
        changed.run();
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.aligned(1, 4);
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.aligned(1, 4);
    }

    /** A copy of the registers, for saving. */
    byte[] bytes() {
        return regs.clone();
    }

    /** Restores what {@link #bytes()} saved (a shorter array leaves the rest 0); does not tell the owner. */
    void restore(byte[] saved) {
        Arrays.fill(regs, (byte) 0);
        System.arraycopy(saved, 0, regs, 0, Math.min(saved.length, SIZE));
    }
}
