package org.jemu.core.acpi;

import static org.jemu.core.acpi.AcpiPmRegisters.GBL_EN;
import static org.jemu.core.acpi.AcpiPmRegisters.PWRBTN_EN;
import static org.jemu.core.acpi.AcpiPmRegisters.SCI_EN;
import static org.jemu.core.acpi.AcpiPmRegisters.SLP_EN;
import static org.jemu.core.acpi.AcpiPmRegisters.SLP_TYP_SHIFT;
import static org.jemu.core.acpi.AcpiPmRegisters.TMR_EN;
import static org.jemu.core.acpi.AcpiPmRegisters.TMR_STS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.jemu.core.qdev.SystemControl;
import org.jemu.memory.MemoryRegionOps;
import org.junit.jupiter.api.Test;

/** The ACPI fixed hardware registers on their own: a manual virtual clock, the SCI recorded, requests listed. */
class AcpiPmRegistersTest {

    static final long TICKS_2_23 = 1L << 23;

    /** A virtual clock the test moves by hand, with one-shot timers that fire when it passes their deadline. */
    static final class ManualSystem implements SystemControl {
        long now;
        final List<ManualTimer> timers = new ArrayList<>();
        final List<String> requests = new ArrayList<>();

        @Override
        public void requestShutdown() {
            requests.add("shutdown");
        }

        @Override
        public void requestReset() {
            requests.add("reset");
        }

        @Override
        public void requestExit(int status) {
            requests.add("exit " + status);
        }

        @Override
        public long nowNs(ClockType type) {
            return now;
        }

        @Override
        public Timer newTimer(ClockType type, TimerCallback callback) {
            ManualTimer t = new ManualTimer(callback);
            timers.add(t);
            return t;
        }

        void advance(long ns) {
            long target = now + ns;
            while (true) {
                ManualTimer due = null;
                for (ManualTimer t : timers) {
                    if (t.deadline >= 0 && t.deadline <= target && (due == null || t.deadline < due.deadline)) due = t;
                }
                if (due == null) break;
                now = Math.max(now, due.deadline);
                due.deadline = -1;
                due.callback.expired(due);
            }
            now = target;
        }
    }

    static final class ManualTimer implements Timer {
        final TimerCallback callback;
        long deadline = -1;
        boolean freed;

        ManualTimer(TimerCallback callback) {
            this.callback = callback;
        }

        @Override
        public ClockType clockType() {
            return ClockType.VIRTUAL;
        }

        @Override
        public void modNs(long deadlineNs) {
            if (!freed) deadline = deadlineNs;
        }

        @Override
        public void del() {
            deadline = -1;
        }

        @Override
        public boolean pending() {
            return deadline >= 0;
        }

        @Override
        public long expireTime() {
            return deadline;
        }

        @Override
        public void free() {
            freed = true;
            deadline = -1;
        }
    }

    private final ManualSystem system = new ManualSystem();
    private final List<Boolean> sciLevels = new ArrayList<>();

    private AcpiPmRegisters regs(int gpeLength, boolean acpiOnly) {
        return new AcpiPmRegisters(sciLevels::add, system, gpeLength, AcpiPmRegisters.DEFAULT_S4_VALUE, acpiOnly);
    }

    private boolean sci() {
        return sciLevels.getLast();
    }

    @Test
    void ticksAndNanosConvertAt3579545HzWithoutOverflow() {
        assertEquals(3_579_545L, AcpiPmRegisters.ticks(1_000_000_000L));
        assertEquals(1_000_000_000L, AcpiPmRegisters.nanos(3_579_545L));
        long year = 365L * 24 * 3600 * 1_000_000_000L;
        assertEquals(year / 1_000_000_000L * 3_579_545L, AcpiPmRegisters.ticks(year));
        for (long t : new long[] {1, 1000, TICKS_2_23, 123_456_789_012L}) {
            long ns = AcpiPmRegisters.nanos(t);
            assertTrue(AcpiPmRegisters.ticks(ns) <= t && AcpiPmRegisters.ticks(ns + 280) >= t, "tick " + t);
        }
    }

    @Test
    void timerBlockReadsTheWrappingTimerAndIgnoresWrites() {
        AcpiPmRegisters r = regs(4, false);
        MemoryRegionOps tmr = r.timerBlock();
        system.advance(1_000_000_000L);
        assertEquals(3_579_545L, tmr.read(0, 4));
        tmr.write(0, 4, 0);
        assertEquals(3_579_545L, tmr.read(0, 4));
        system.advance(10_000_000_000L);
        assertEquals(39_374_995L & 0xff_ffff, tmr.read(0, 4), "24 bits");
    }

    @Test
    void tmrStsIsSetAfterResetAndItsOverflowRaisesTheSciWhenEnabled() {
        AcpiPmRegisters r = regs(4, false);
        MemoryRegionOps evt = r.eventBlock();
        assertEquals(TMR_STS, evt.read(0, 2) & TMR_STS, "overflow time 0 after reset");
        evt.write(0, 2, TMR_STS);
        assertEquals(0, evt.read(0, 2) & TMR_STS);
        evt.write(2, 2, TMR_EN);
        assertFalse(sci());

        system.advance(AcpiPmRegisters.nanos(TICKS_2_23) - system.now - 1);
        assertFalse(sci(), "one ns early");
        system.advance(1);
        assertTrue(sci(), "the overflow timer fired");
        system.advance(1_000);
        evt.write(0, 2, TMR_STS);
        assertFalse(sci(), "clearing the status drops the SCI");
        system.advance(AcpiPmRegisters.nanos(2 * TICKS_2_23) - system.now);
        assertTrue(sci(), "the next overflow, 2^23 ticks later");
        evt.write(2, 2, 0);
        assertFalse(sci(), "the status alone does not hold the SCI");
    }

    @Test
    void eventBlockByteAtOffsetOneReadsZeroAndOtherSourcesNeedTheirEnables() {
        AcpiPmRegisters r = regs(4, false);
        MemoryRegionOps evt = r.eventBlock();
        evt.write(2, 2, PWRBTN_EN | GBL_EN | 0x8000);
        assertEquals(PWRBTN_EN | GBL_EN | 0x8000, r.pm1Enable());
        assertEquals(0, evt.read(1, 1));
        evt.write(1, 1, 0xff);
        assertEquals(PWRBTN_EN | GBL_EN | 0x8000, r.pm1Enable(), "offset 1 is not a register");
        assertFalse(sci(), "no PWRBTN or GBL status is set");
    }

    @Test
    void sleepEnableWithTypeZeroOrTheS4ValueShutsDownAndS3DoesNot() {
        AcpiPmRegisters r = new AcpiPmRegisters(sciLevels::add, system, 16, 5, false);
        MemoryRegionOps cnt = r.controlBlock();
        cnt.write(0, 2, 1 << SLP_TYP_SHIFT | SLP_EN);
        assertEquals(List.of(), system.requests, "S3 is not supported");
        assertEquals(1 << SLP_TYP_SHIFT, r.pm1Control(), "SLP_EN reads 0");
        cnt.write(0, 2, 2 << SLP_TYP_SHIFT | SLP_EN);
        assertEquals(List.of(), system.requests, "2 is not the S4 value here");
        cnt.write(1, 1, (5 << SLP_TYP_SHIFT | SLP_EN) >> 8);
        assertEquals(List.of("shutdown"), system.requests, "S4, written as the high byte");
        cnt.write(0, 2, SLP_EN | SCI_EN);
        assertEquals(List.of("shutdown", "shutdown"), system.requests, "S5");
        assertEquals(SCI_EN, cnt.read(0, 2));
    }

    @Test
    void apmCommandsSwitchSciEnUnlessItIsHardWired() {
        AcpiPmRegisters legacy = regs(4, false);
        assertEquals(0, legacy.pm1Control());
        legacy.apmCommand(true, false);
        assertEquals(SCI_EN, legacy.pm1Control());
        legacy.apmCommand(false, true);
        assertEquals(0, legacy.pm1Control());

        AcpiPmRegisters acpiOnly = regs(16, true);
        assertEquals(SCI_EN, acpiOnly.pm1Control(), "set at reset");
        acpiOnly.apmCommand(false, true);
        assertEquals(SCI_EN, acpiOnly.pm1Control());
    }

    @Test
    void aSixteenByteGpeBlockHasEightStatusAndEightEnableBytes() {
        AcpiPmRegisters r = regs(16, false);
        MemoryRegionOps gpe = r.gpeBlock();
        assertEquals(16, r.gpeLength());
        gpe.write(8, 1, 0x01);
        gpe.write(15, 1, 0xa5);
        assertEquals(0x01, gpe.read(8, 1));
        assertEquals(0xa5, gpe.read(15, 1));
        assertEquals(0, gpe.read(7, 1), "status bytes start clear");

        AcpiPmRegisters.State s = r.state();
        r.restore(new AcpiPmRegisters.State(s.pm1Status(), s.pm1Enable(), s.pm1Control(), s.overflowTime(),
                0x8000_0000_0000_0101L, s.gpeEnable()));
        assertTrue(sci(), "status bit 0 of byte 0 with its enable");
        assertEquals(0x01, gpe.read(1, 1));
        assertEquals(0x80, gpe.read(7, 1));
        gpe.write(0, 1, 0x01);
        assertFalse(sci(), "written 1 clears it");
        gpe.write(9, 1, 0x01);
        assertFalse(sci(), "only the first GPE byte takes part in the SCI, as in QEMU");
        gpe.write(1, 1, 0xff);
        assertEquals(0, gpe.read(1, 1));
    }

    @Test
    void restoreDropsBitsBeyondTheRegistersAndRearmsTheTimer() {
        AcpiPmRegisters r = regs(4, false);
        r.eventBlock().write(0, 2, TMR_STS);
        AcpiPmRegisters.State saved = r.state();
        r.restore(new AcpiPmRegisters.State(0x1_0000, TMR_EN | 0x1_0000, SLP_EN | 0x1_0001, saved.overflowTime(), -1L,
                -1L));
        assertEquals(new AcpiPmRegisters.State(0, TMR_EN, SCI_EN, saved.overflowTime(), 0xffffL, 0xffffL), r.state());
        system.advance(AcpiPmRegisters.nanos(TICKS_2_23) - system.now);
        assertTrue(sci(), "the restored TMR_EN armed the overflow timer");
        r.reset();
        assertEquals(new AcpiPmRegisters.State(TMR_STS, 0, 0, 0, 0, 0), r.state(), "overflow time 0: TMR_STS");
        assertFalse(sci());
    }

    @Test
    void freedRegistersNoLongerFireTheTimer() {
        AcpiPmRegisters r = regs(4, false);
        r.eventBlock().write(0, 2, TMR_STS);
        r.eventBlock().write(2, 2, TMR_EN);
        r.free();
        system.advance(AcpiPmRegisters.nanos(4 * TICKS_2_23));
        assertFalse(sci());
    }

    @Test
    void badGpeLengthsAndS4ValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> regs(0, false));
        assertThrows(IllegalArgumentException.class, () -> regs(3, false));
        assertThrows(IllegalArgumentException.class, () -> regs(18, false));
        assertThrows(IllegalArgumentException.class, () -> new AcpiPmRegisters(l -> { }, system, 4, 8, false));
    }

    @Test
    void randomAccessesNeverThrow() {
        AcpiPmRegisters r = regs(16, false);
        MemoryRegionOps[] blocks = {r.eventBlock(), r.controlBlock(), r.timerBlock(), r.gpeBlock()};
        int[] sizes = {4, 2, 4, 16};
        Random rnd = new Random(5);
        for (int i = 0; i < 5000; i++) {
            int b = rnd.nextInt(blocks.length);
            long offset = rnd.nextInt(sizes[b] + 2) - 1;
            long v = rnd.nextLong() & ~(long) (SLP_EN | SLP_EN >> 8); // keep the machine running
            if (rnd.nextBoolean()) {
                blocks[b].write(offset, 1 << rnd.nextInt(3), v);
            } else {
                blocks[b].read(offset, 1 << rnd.nextInt(3));
            }
            system.advance(rnd.nextInt(1_000_000));
        }
        assertEquals(List.of(), system.requests);
        assertTrue(r.timerValue() < 1 << 24);
    }
}
