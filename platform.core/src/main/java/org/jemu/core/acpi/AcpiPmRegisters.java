package org.jemu.core.acpi;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.SystemControl;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACPI fixed hardware registers of QEMU's hw/acpi/core.c (ACPIREGS) that a chipset's power management function
 * places in its PM I/O block: the PM1a event block (status, enable), the PM1a control block, the 24-bit PM timer and
 * a GPE0 block of {@link #gpeLength()} bytes (status bytes, then as many enable bytes). PIIX4_PM (4-byte GPE0 block)
 * and the ICH9 LPC bridge (16 bytes, QEMU's ICH9_PMIO_GPE0_LEN) share it; the device maps the four register blocks
 * ({@link #eventBlock()}, {@link #controlBlock()}, {@link #timerBlock()}, {@link #gpeBlock()}) where its
 * hardware decodes them, usually at {@link #PM1_EVT}, {@link #PM1_CNT} and {@link #PM_TMR} of its PM block.
 *
 * <ul>
 * <li>PM timer: 3.579545 MHz on the virtual clock, {@code now * F / 1e9} modulo 2^24 (QEMU's muldiv64); writes are
 *     ignored.</li>
 * <li>PM1 status: write-1-to-clear. TMR_STS (bit 0) is set once the clock passes the overflow time (the next multiple
 *     of 2^23 ticks after TMR_STS was last cleared; 0 after reset, so TMR_STS reads 1 at first); clearing it computes
 *     the next one. While TMR_EN is set and TMR_STS clear a virtual-clock timer fires at the overflow time.</li>
 * <li>SCI: the level of (PM1 status AND enable AND (RTC | PWRBTN | GBL | TMR)) OR (GPE0 status byte 0 AND enable byte
 *     0), updated on every write to these blocks and when the timer fires (QEMU's acpi_update_sci). As in QEMU it
 *     does not depend on SCI_EN, and only the first GPE byte takes part.</li>
 * <li>PM1 control: SCI_EN (bit 0) and the rest stored; setting SLP_EN (bit 13, which always reads 0) with SLP_TYP
 *     (bits 12:10) 0 is soft off (S5): a shutdown request; SLP_TYP equal to the S4 value is a suspend to disk, which
 *     QEMU turns into a shutdown too; SLP_TYP 1 (S3, suspend to RAM) is not supported (logged once, the machine runs
 *     on). With {@code acpiOnly} (QEMU's acpi_only: no SMM) SCI_EN is set at reset and the APM enable/disable
 *     commands ({@link #apmCommand}) cannot change it.</li>
 * </ul>
 *
 * <p>Accesses follow QEMU's region rules: the event and control blocks are word registers (a byte access at offset 1
 * of the event block reads 0; a byte write at offset 1 of the control block writes its high byte), the timer a dword
 * register, GPE bytes (wider accesses are split). Not modelled: the wake-up side of the status bits (no suspended
 * state), the power and sleep buttons (no host event reaches them), RTC wake-up, and GPE status bits other than those
 * the guest writes (no hotplug event sets one).
 *
 * <p>Not thread-safe: register accesses and the timer callback run under the global lock, as device code does.
 */
public final class AcpiPmRegisters {

    private static final Logger LOG = LoggerFactory.getLogger(AcpiPmRegisters.class);

    /** The PM timer's frequency in Hz. */
    public static final long PM_TIMER_FREQUENCY = 3_579_545L;
    static final long NS_PER_SECOND = 1_000_000_000L;
    /** The width of the PM timer. */
    public static final int TIMER_BITS = 24;
    /** TMR_STS is set each time bit 23 of the timer changes: every 2^23 ticks. */
    public static final long OVERFLOW_PERIOD = 1L << 23;

    /** PM1 status: the timer's bit 23 changed. */
    public static final int TMR_STS = 0x0001;
    /** PM1 status: global release (the BIOS wants the OS's attention). */
    public static final int GBL_STS = 0x0020;
    /** PM1 status: power button pressed. */
    public static final int PWRBTN_STS = 0x0100;
    /** PM1 status: RTC alarm. */
    public static final int RTC_STS = 0x0400;
    /** PM1 enable: SCI on TMR_STS. */
    public static final int TMR_EN = 0x0001;
    /** PM1 enable: SCI on GBL_STS. */
    public static final int GBL_EN = 0x0020;
    /** PM1 enable: SCI on PWRBTN_STS. */
    public static final int PWRBTN_EN = 0x0100;
    /** PM1 enable: SCI on RTC_STS. */
    public static final int RTC_EN = 0x0400;
    /** The PM1 enable bits that take part in the SCI (QEMU's ACPI_BITMASK_PM1_COMMON_ENABLED). */
    public static final int SCI_SOURCES = RTC_EN | PWRBTN_EN | GBL_EN | TMR_EN;
    /** PM1 control: the SCI is enabled, ACPI mode. */
    public static final int SCI_EN = 0x0001;
    /** PM1 control: position of SLP_TYP (3 bits). */
    public static final int SLP_TYP_SHIFT = 10;
    /** PM1 control: enter the sleep state SLP_TYP selects (write-only, reads 0). */
    public static final int SLP_EN = 0x2000;
    /** The SLP_TYP of soft off (S5), as QEMU's DSDTs declare it. */
    public static final int SLP_TYP_SOFT_OFF = 0;
    /** The SLP_TYP of suspend to RAM (S3), as QEMU's DSDTs declare it. */
    public static final int SLP_TYP_S3 = 1;
    /** QEMU's default SLP_TYP of suspend to disk (S4, the s4_val property). */
    public static final int DEFAULT_S4_VALUE = 2;

    /** The usual offset of the event block in a PM I/O block (PIIX4 and ICH9). */
    public static final int PM1_EVT = 0x00;
    /** The usual offset of the control block in a PM I/O block (PIIX4 and ICH9). */
    public static final int PM1_CNT = 0x04;
    /** The usual offset of the timer in a PM I/O block (PIIX4 and ICH9). */
    public static final int PM_TMR = 0x08;
    /** Size of the event block: status word, enable word. */
    public static final int PM1_EVT_LEN = 4;
    /** Size of the control block. */
    public static final int PM1_CNT_LEN = 2;
    /** Size of the timer block. */
    public static final int PM_TMR_LEN = 4;
    /** The largest GPE0 block this model holds (status and enable halves of 8 bytes each). */
    public static final int MAX_GPE_LENGTH = 16;

    /**
     * The saved state.
     *
     * @param pm1Status    PM1 status (TMR_STS as last computed)
     * @param pm1Enable    PM1 enable
     * @param pm1Control   PM1 control (SLP_EN never set)
     * @param overflowTime the PM timer tick at which TMR_STS sets next
     * @param gpeStatus    GPE0 status bytes, byte i in bits 8i+7:8i
     * @param gpeEnable    GPE0 enable bytes, likewise
     */
    public record State(int pm1Status, int pm1Enable, int pm1Control, long overflowTime, long gpeStatus,
                        long gpeEnable) {
    }

    private final IrqLine sci;
    private final SystemControl system;
    private final Timer timer;
    private final int gpeLength;
    private final long gpeHalfMask;
    private final int s4Value;
    private final boolean acpiOnly;
    private int pm1Status;
    private int pm1Enable;
    private int pm1Control;
    private long overflowTime;
    private long gpeStatus;
    private long gpeEnable;
    private boolean warnedS3;

    /**
     * Creates the registers in their reset state and a (disarmed) virtual-clock timer for the overflow SCI; the SCI
     * line is driven at once (low).
     *
     * @param sci       the SCI line
     * @param system    clock, timer and shutdown requests
     * @param gpeLength the GPE0 block's length in bytes: even, 2 to {@value #MAX_GPE_LENGTH} (QEMU's acpi_gpe_init;
     *                  PIIX4: 4, ICH9: 16)
     * @param s4Value   the SLP_TYP value meaning S4 (0-7; QEMU's s4_val, default {@value #DEFAULT_S4_VALUE})
     * @param acpiOnly  SCI_EN is hard-wired on (QEMU's acpi_only: no SMM to switch modes)
     * @throws IllegalArgumentException for a GPE length or S4 value out of range
     */
    public AcpiPmRegisters(IrqLine sci, SystemControl system, int gpeLength, int s4Value, boolean acpiOnly) {
        if (gpeLength < 2 || gpeLength > MAX_GPE_LENGTH || (gpeLength & 1) != 0) {
            throw new IllegalArgumentException("GPE0 block length must be even, 2.." + MAX_GPE_LENGTH + ": " + gpeLength);
        }
        if (s4Value < 0 || s4Value > 7) throw new IllegalArgumentException("SLP_TYP is 3 bits (0-7): " + s4Value);
        this.sci = sci;
        this.system = system;
        this.gpeLength = gpeLength;
        int halfBits = gpeLength / 2 * 8;
        this.gpeHalfMask = halfBits == 64 ? -1L : (1L << halfBits) - 1;
        this.s4Value = s4Value;
        this.acpiOnly = acpiOnly;
        this.timer = system.newTimer(ClockType.VIRTUAL, t -> updateSci());
        reset();
    }

    /** Stops the timer for good (the device's unrealize). */
    public void free() {
        timer.free();
    }

    /** The GPE0 block's length in bytes. */
    public int gpeLength() {
        return gpeLength;
    }

    /** QEMU's acpi_pm1_evt_reset, acpi_pm1_cnt_reset, acpi_pm_tmr_reset, acpi_gpe_reset, then acpi_update_sci. */
    public void reset() {
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
    public static long ticks(long ns) {
        return ns / NS_PER_SECOND * PM_TIMER_FREQUENCY + ns % NS_PER_SECOND * PM_TIMER_FREQUENCY / NS_PER_SECOND;
    }

    /** The virtual time of a tick: floor(ticks * 1e9 / F). */
    public static long nanos(long ticks) {
        return ticks / PM_TIMER_FREQUENCY * NS_PER_SECOND + ticks % PM_TIMER_FREQUENCY * NS_PER_SECOND / PM_TIMER_FREQUENCY;
    }

    private long now() {
        return system.nowNs(ClockType.VIRTUAL);
    }

    /** The 24-bit timer value now. */
    public int timerValue() {
        return (int) (ticks(now()) & ((1L << TIMER_BITS) - 1));
    }

    // ---- PM1 event block --------------------------------------------------------------------------------------

    /** PM1 status, with TMR_STS set once the overflow time has passed (QEMU's acpi_pm1_evt_get_sts). */
    public int pm1Status() {
        if (now() >= nanos(overflowTime)) pm1Status |= TMR_STS;
        return pm1Status;
    }

    /** PM1 enable. */
    public int pm1Enable() {
        return pm1Enable;
    }

    private void writePm1Status(int value) {
        if ((pm1Status() & value & TMR_STS) != 0) overflowTime = (ticks(now()) + OVERFLOW_PERIOD) & -OVERFLOW_PERIOD;
        pm1Status &= ~value;
    }

    /** Drives the SCI and arms or stops the overflow timer (QEMU's acpi_update_sci). */
    public void updateSci() {
        int status = pm1Status();
        sci.set((status & pm1Enable & SCI_SOURCES) != 0 || (gpeStatus & gpeEnable & 0xff) != 0);
        if ((pm1Enable & TMR_EN) != 0 && (status & TMR_STS) == 0) {
            timer.modNs(nanos(overflowTime));
        } else {
            timer.del();
        }
    }

    // ---- PM1 control block ------------------------------------------------------------------------------------

    /**
     * The APM enable/disable commands (QEMU's acpi_pm1_cnt_update): set SCI_EN with {@code enable}, else clear it
     * with {@code disable}, unless it is hard-wired (acpiOnly).
     */
    public void apmCommand(boolean enable, boolean disable) {
        if (acpiOnly) return;
        if (enable) {
            pm1Control |= SCI_EN;
        } else if (disable) {
            pm1Control &= ~SCI_EN;
        }
    }

    /** PM1 control (SLP_EN reads 0). */
    public int pm1Control() {
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

    /** PM1a_EVT_BLK ({@value #PM1_EVT_LEN} bytes): status at 0, enable at 2 (word registers). */
    public MemoryRegionOps eventBlock() {
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

    /** PM1a_CNT_BLK ({@value #PM1_CNT_LEN} bytes, a word register; a byte written at offset 1 is its high byte). */
    public MemoryRegionOps controlBlock() {
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

    /** PM_TMR_BLK ({@value #PM_TMR_LEN} bytes): the timer, whatever the access; writes ignored. */
    public MemoryRegionOps timerBlock() {
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

    /** GPE0_BLK ({@link #gpeLength()} bytes): status bytes (write-1-to-clear), then enable bytes. */
    public MemoryRegionOps gpeBlock() {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                int half = gpeLength / 2;
                if (offset < 0 || offset >= gpeLength) return 0;
                return offset < half ? gpeStatus >>> (offset * 8) & 0xff : gpeEnable >>> ((offset - half) * 8) & 0xff;
            }

            @Override
            public void write(long offset, int size, long value) {
                int half = gpeLength / 2;
                if (offset < 0 || offset >= gpeLength) return;
                long v = value & 0xff;
                if (offset < half) {
                    gpeStatus &= ~(v << (offset * 8));
                } else {
                    int shift = (int) (offset - half) * 8;
                    gpeEnable = (gpeEnable & ~(0xffL << shift)) | v << shift;
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

    /** The registers, for saving. */
    public State state() {
        return new State(pm1Status, pm1Enable, pm1Control, overflowTime, gpeStatus, gpeEnable);
    }

    /**
     * Restores what {@link #state()} saved (bits beyond the registers' widths are dropped), then drives the SCI and
     * re-arms the timer accordingly.
     */
    public void restore(State s) {
        pm1Status = s.pm1Status() & 0xffff;
        pm1Enable = s.pm1Enable() & 0xffff;
        pm1Control = s.pm1Control() & 0xffff & ~SLP_EN;
        overflowTime = s.overflowTime();
        gpeStatus = s.gpeStatus() & gpeHalfMask;
        gpeEnable = s.gpeEnable() & gpeHalfMask;
        updateSci();
    }

    /**
     * QEMU's fw_cfg file "etc/system-states" (acpi_pm1_cnt_init): six bytes, one per sleep state S0..S5, bit 7 set
     * when the state is advertised, the low bits its SLP_TYP (S3: 1, S4: {@code s4Value}).
     */
    public static byte[] systemStates(boolean s3, boolean s4, int s4Value) {
        return new byte[] {(byte) 0x80, 0, 0, (byte) (1 | (s3 ? 0x80 : 0)), (byte) (s4Value | (s4 ? 0x80 : 0)), (byte) 0x80};
    }
}
