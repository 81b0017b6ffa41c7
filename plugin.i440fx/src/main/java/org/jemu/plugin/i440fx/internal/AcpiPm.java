package org.jemu.plugin.i440fx.internal;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.SystemControl;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACPI fixed hardware registers of QEMU's hw/acpi/core.c (ACPIREGS) as the PIIX4 power management function uses
 * them: the PM1a event block (status, enable), the PM1a control block, the 24-bit PM timer and a GPE0 block of
 * {@value #GPE_LEN} bytes (status, then enable).
 *
 * <ul>
 * <li>PM timer: 3.579545 MHz on the virtual clock, {@code now * F / 1e9} modulo 2^24 (QEMU's muldiv64); writes are
 *     ignored.</li>
 * <li>PM1 status: write-1-to-clear. TMR_STS (bit 0) is set once the clock passes the overflow time (the next multiple
 *     of 2^23 ticks after TMR_STS was last cleared; 0 after reset, so TMR_STS reads 1 at first); clearing it computes
 *     the next one. While TMR_EN is set and TMR_STS clear a virtual-clock timer fires at the overflow time.</li>
 * <li>SCI: the level of (PM1 status AND enable AND (RTC | PWRBTN | GBL | TMR)) OR (GPE0 status byte 0 AND enable byte
 *     0), updated on every write to these blocks and when the timer fires (QEMU's acpi_update_sci). As in QEMU it
 *     does not depend on SCI_EN.</li>
 * <li>PM1 control: SCI_EN (bit 0) and the rest stored; setting SLP_EN (bit 13, which always reads 0) with SLP_TYP
 *     (bits 12:10) 0 is soft off (S5): a shutdown request; SLP_TYP equal to {@code s4Value} (S4) is a suspend to disk,
 *     which QEMU turns into a shutdown too; SLP_TYP 1 (S3, suspend to RAM) is not supported (logged once, the machine
 *     runs on). With {@code acpiOnly} (QEMU: no SMM) SCI_EN is set at reset and the APM enable/disable commands cannot
 *     change it.</li>
 * </ul>
 *
 * <p>Accesses follow QEMU's region rules: the event and control blocks are word registers (a byte access at offset 1
 * of the event block reads 0; a byte write at offset 1 of the control block writes its high byte), the timer a dword
 * register, GPE bytes. Not modelled: the wake-up side of the status bits (no suspended state), the power and sleep
 * buttons (no host event reaches them), RTC wake-up, and GPE bits other than those the guest writes.
 */
final class AcpiPm {

    private static final Logger LOG = LoggerFactory.getLogger(AcpiPm.class);

    static final long PM_TIMER_FREQUENCY = 3_579_545L;
    static final long NS_PER_SECOND = 1_000_000_000L;
    static final int TIMER_BITS = 24;
    /** TMR_STS is set each time bit 23 of the timer changes. */
    static final long OVERFLOW_PERIOD = 1L << 23;

    static final int TMR_STS = 0x0001;
    static final int GBL_STS = 0x0020;
    static final int PWRBTN_STS = 0x0100;
    static final int RTC_STS = 0x0400;
    static final int TMR_EN = 0x0001;
    static final int GBL_EN = 0x0020;
    static final int PWRBTN_EN = 0x0100;
    static final int RTC_EN = 0x0400;
    static final int SCI_SOURCES = RTC_EN | PWRBTN_EN | GBL_EN | TMR_EN;
    static final int SCI_EN = 0x0001;
    static final int SLP_TYP_SHIFT = 10;
    static final int SLP_EN = 0x2000;
    static final int SLP_TYP_SOFT_OFF = 0;
    static final int SLP_TYP_S3 = 1;

    /** Offsets in the PM I/O block: event block (4 bytes), control block (2), timer (4). */
    static final int PM1_EVT = 0x00;
    static final int PM1_CNT = 0x04;
    static final int PM_TMR = 0x08;
    static final int PM1_EVT_LEN = 4;
    static final int PM1_CNT_LEN = 2;
    static final int PM_TMR_LEN = 4;
    static final int GPE_LEN = 4;

    /**
     * The saved state.
     *
     * @param overflowTime the PM timer tick at which TMR_STS sets next
     * @param gpeStatus    GPE0 status bytes (byte 0 in bits 7:0)
     * @param gpeEnable    GPE0 enable bytes
     */
    record State(int pm1Status, int pm1Enable, int pm1Control, long overflowTime, int gpeStatus, int gpeEnable) {
    }

    private final IrqLine sci;
    private final SystemControl system;
    private final Timer timer;
    private final boolean acpiOnly;
    private final int s4Value;
    private int pm1Status;
    private int pm1Enable;
    private int pm1Control;
    private long overflowTime;
    private int gpeStatus;
    private int gpeEnable;
    private boolean warnedS3;

    /**
     * @param sci      the SCI line
     * @param system   clock, timer and shutdown requests
     * @param acpiOnly SCI_EN is hard-wired on (QEMU's acpi_only: no SMM to switch modes)
     * @param s4Value  the SLP_TYP value meaning S4
     */
    AcpiPm(IrqLine sci, SystemControl system, boolean acpiOnly, int s4Value) {
        this.sci = sci;
        this.system = system;
        this.acpiOnly = acpiOnly;
        this.s4Value = s4Value;
        this.timer = system.newTimer(ClockType.VIRTUAL, t -> updateSci());
        reset();
    }

    /** Stops the timer for good (the device's unrealize). */
    void free() {
        timer.free();
    }

    /** QEMU's acpi_pm1_evt_reset, acpi_pm1_cnt_reset, acpi_pm_tmr_reset, acpi_gpe_reset, then acpi_update_sci. */
    void reset() {
        pm1Status = 0;
        pm1Enable = 0;
        pm1Control = acpiOnly ? SCI_EN : 0;
        overflowTime = 0;
        timer.del();
        gpeStatus = 0;
        gpeEnable = 0;
        updateSci();
    }

    // ---- PM timer ---------------------------------------------------------------------------------------------

    /** PM timer ticks since the virtual clock's zero: floor(ns * F / 1e9), without overflow. */
    static long ticks(long ns) {
        return ns / NS_PER_SECOND * PM_TIMER_FREQUENCY + ns % NS_PER_SECOND * PM_TIMER_FREQUENCY / NS_PER_SECOND;
    }

    /** The virtual time of a tick: floor(ticks * 1e9 / F). */
    static long nanos(long ticks) {
        return ticks / PM_TIMER_FREQUENCY * NS_PER_SECOND + ticks % PM_TIMER_FREQUENCY * NS_PER_SECOND / PM_TIMER_FREQUENCY;
    }

    private long now() {
        return system.nowNs(ClockType.VIRTUAL);
    }

    /** The 24-bit timer value. */
    int timerValue() {
        return (int) (ticks(now()) & ((1L << TIMER_BITS) - 1));
    }

    // ---- PM1 event block --------------------------------------------------------------------------------------

    /** PM1 status, with TMR_STS set once the overflow time has passed (QEMU's acpi_pm1_evt_get_sts). */
    int pm1Status() {
        if (now() >= nanos(overflowTime)) pm1Status |= TMR_STS;
        return pm1Status;
    }

    private void writePm1Status(int value) {
        if ((pm1Status() & value & TMR_STS) != 0) overflowTime = (ticks(now()) + OVERFLOW_PERIOD) & -OVERFLOW_PERIOD;
        pm1Status &= ~value;
    }

    /** Drives the SCI and arms or stops the overflow timer (QEMU's acpi_update_sci). */
    void updateSci() {
        int status = pm1Status();
        sci.set((status & pm1Enable & SCI_SOURCES) != 0 || (gpeStatus & gpeEnable & 0xff) != 0);
        if ((pm1Enable & TMR_EN) != 0 && (status & TMR_STS) == 0) {
            timer.modNs(nanos(overflowTime));
        } else {
            timer.del();
        }
    }

    // ---- PM1 control block ------------------------------------------------------------------------------------

    /** The APM enable/disable commands (QEMU's acpi_pm1_cnt_update): set or clear SCI_EN unless hard-wired. */
    void apmCommand(boolean enable, boolean disable) {
        if (acpiOnly) return;
        if (enable) {
            pm1Control |= SCI_EN;
        } else if (disable) {
            pm1Control &= ~SCI_EN;
        }
    }

    int pm1Control() {
        return pm1Control;
    }

    private void writePm1Control(int value) {
        pm1Control = value & 0xffff & ~SLP_EN;
        if ((value & SLP_EN) == 0) return;
        int type = (value >> SLP_TYP_SHIFT) & 7;
        if (type == SLP_TYP_SOFT_OFF) {
            system.requestShutdown();
        } else if (type == SLP_TYP_S3) {
            if (!warnedS3) {
                LOG.warn("ACPI: the guest asked for S3 (suspend to RAM), which is not supported; it keeps running");
                warnedS3 = true;
            }
        } else if (type == s4Value) {
            system.requestShutdown(); // S4: QEMU reports a suspend to disk and powers off
        }
    }

    // ---- regions ----------------------------------------------------------------------------------------------

    /** PM1a_EVT_BLK: status at 0, enable at 2 (word registers). */
    MemoryRegionOps eventBlock() {
        return new WordOps() {
            @Override
            public long read(long offset, int size) {
                return offset == 0 ? pm1Status() : offset == 2 ? pm1Enable : 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0) {
                    writePm1Status((int) value & 0xffff);
                } else if (offset == 2) {
                    pm1Enable = (int) value & 0xffff;
                } else {
                    return;
                }
                updateSci();
            }
        };
    }

    /** PM1a_CNT_BLK (a word register; a byte written at offset 1 is its high byte). */
    MemoryRegionOps controlBlock() {
        return new WordOps() {
            @Override
            public long read(long offset, int size) {
                return pm1Control >>> (offset * 8);
            }

            @Override
            public void write(long offset, int size, long value) {
                int v = (int) value & 0xffff;
                writePm1Control(offset == 1 ? (v << 8 | (pm1Control & 0xff)) : v);
            }
        };
    }

    /** PM_TMR_BLK: the timer, whatever the access; writes ignored. */
    MemoryRegionOps timerBlock() {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return timerValue();
            }

            @Override
            public void write(long offset, int size, long value) {
                // read-only
            }

            @Override
            public AccessConstraints valid() {
                return AccessConstraints.aligned(1, 4);
            }
        };
    }

    /** GPE0_BLK: status bytes (write-1-to-clear), then enable bytes. */
    MemoryRegionOps gpeBlock() {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                int half = GPE_LEN / 2;
                return offset < half ? gpeStatus >>> (offset * 8) & 0xff : gpeEnable >>> ((offset - half) * 8) & 0xff;
            }

            @Override
            public void write(long offset, int size, long value) {
                int half = GPE_LEN / 2;
                int v = (int) value & 0xff;
                if (offset < half) {
                    gpeStatus &= ~(v << (offset * 8));
                } else {
                    int shift = (int) (offset - half) * 8;
                    gpeEnable = (gpeEnable & ~(0xff << shift)) | v << shift;
                }
                updateSci();
            }

            @Override
            public AccessConstraints valid() {
                return AccessConstraints.aligned(1, 4);
            }

            @Override
            public AccessConstraints impl() {
                return AccessConstraints.exactly(1);
            }
        };
    }

    /** QEMU's rules for the event and control blocks: 1- or 2-byte aligned accesses, handled at the guest's offset. */
    private abstract static class WordOps implements MemoryRegionOps {
        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 2);
        }
    }

    // ---- state ------------------------------------------------------------------------------------------------

    State state() {
        return new State(pm1Status, pm1Enable, pm1Control, overflowTime, gpeStatus, gpeEnable);
    }

    void restore(State s) {
        pm1Status = s.pm1Status() & 0xffff;
        pm1Enable = s.pm1Enable() & 0xffff;
        pm1Control = s.pm1Control() & 0xffff & ~SLP_EN;
        overflowTime = s.overflowTime();
        gpeStatus = s.gpeStatus() & 0xffff;
        gpeEnable = s.gpeEnable() & 0xffff;
        updateSci();
    }
}
