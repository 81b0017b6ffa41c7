package org.jemu.core.pc;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;

/**
 * The reset control register of PC south bridges at I/O port {@value #PORT} (PIIX3's RCR, ICH9's RST_CNT; QEMU's
 * rcr_write and ich9_rst_cnt_write): a byte register whose bit 2 (RST_CPU) requests a system reset when written as 1,
 * hard or soft alike; otherwise the written value is kept in the chipset's {@code keptBits} and reads back. The
 * owner maps it over the configuration address port (0xcf8..0xcfb) and saves {@link #value()}.
 */
public final class ResetControlRegister implements MemoryRegionOps {

    public static final int PORT = 0xcf9;
    /** RST_CPU: writing it as 1 starts the reset. */
    public static final int RESET_CPU = 0x04;

    private final int keptBits;
    private final Runnable resetRequest;
    private int value;

    /** A register keeping {@code keptBits} of what is written, calling {@code resetRequest} on RST_CPU. */
    public ResetControlRegister(int keptBits, Runnable resetRequest) {
        this.keptBits = keptBits;
        this.resetRequest = resetRequest;
    }

    @Override
    public long read(long offset, int size) {
        return value;
    }

    @Override
    public void write(long offset, int size, long written) {
        if ((written & RESET_CPU) != 0) {
            resetRequest.run();
            return;
        }
        value = (int) written & keptBits;
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.exactly(1);
    }

    public int value() {
        return value;
    }

    /** Sets the register (0 at reset, a saved value at restore), keeping only the kept bits. */
    public void set(int v) {
        value = v & keptBits;
    }
}
