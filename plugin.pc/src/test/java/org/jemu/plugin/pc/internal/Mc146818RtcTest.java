package org.jemu.plugin.pc.internal;

import static org.jemu.plugin.pc.internal.Mc146818Rtc.CENTURY;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.DAY_OF_MONTH;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.DAY_OF_WEEK;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.HOURS;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.HOURS_ALARM;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.MINUTES;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.MINUTES_ALARM;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.MONTH;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.NS;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.REG_A;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.REG_B;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.REG_C;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.REG_D;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.SECONDS;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.SECONDS_ALARM;
import static org.jemu.plugin.pc.internal.Mc146818Rtc.YEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MC146818 RTC at ports 0x70/0x71 of an ISA bus, on the harness's manual virtual clock. */
class Mc146818RtcTest {

    private static final int INDEX = 0x70;
    private static final int DATA = 0x71;
    private static final int B_24H = 0x02;
    private static final int B_SET = 0x80;
    /** 8 cycles of the 32.768 kHz clock. */
    private static final long UIP_HOLD_NS = 244_140;

    private MachineHarness h;
    private Mc146818Rtc rtc;
    private final IrqProbe irq = new IrqProbe();

    private void start(int baseYear) {
        h = MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices())
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("isa", IsaBusBridge.TYPE).on("main-system-bus"))
                        .device(DeviceSpec.of("rtc", Mc146818Rtc.TYPE).on("isa.0").with("base_year", baseYear))
                        .build(), null)
                .build();
        rtc = (Mc146818Rtc) h.resolve("/machine/rtc");
        rtc.connectGpioOut("", 0, irq);
    }

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    private int reg(int index) {
        h.io().write(INDEX, 1, index);
        return (int) h.io().read(DATA, 1);
    }

    private void reg(int index, int value) {
        h.io().write(INDEX, 1, index);
        h.io().write(DATA, 1, value);
    }

    private static int bcd(int v) {
        return (v / 10) << 4 | v % 10;
    }

    /** Sets a date in BCD, 24-hour mode, as a BIOS does: SET, the registers, SET off. */
    private void setTime(int year, int month, int day, int hour, int minute, int second) {
        reg(REG_B, B_SET | B_24H);
        reg(SECONDS, bcd(second));
        reg(MINUTES, bcd(minute));
        reg(HOURS, bcd(hour));
        reg(DAY_OF_MONTH, bcd(day));
        reg(MONTH, bcd(month));
        reg(YEAR, bcd(year % 100));
        reg(CENTURY, bcd(year / 100));
        reg(REG_B, B_24H);
    }

    /** Writes the alarm registers as given (0xC0-0xFF: don't care). */
    private void alarm(int hours, int minutes, int seconds) {
        reg(HOURS_ALARM, hours);
        reg(MINUTES_ALARM, minutes);
        reg(SECONDS_ALARM, seconds);
    }

    /** Over two seconds: an interrupt at each update, register C reading {@code flags} after the first. */
    private void assertAnInterruptEachSecond(int flags) {
        h.advanceVirtualNs(NS);
        assertEquals(1, irq.raises);
        assertEquals(flags, reg(REG_C));
        h.advanceVirtualNs(NS);
        assertEquals(2, irq.raises);
    }

    @Test
    void powerOnRegistersAndCenturyFollowQemuAndTheHostClock() {
        start(2000);

        assertEquals(0x26, reg(REG_A));
        assertEquals(0x02, reg(REG_B));
        assertEquals(0x00, reg(REG_C));
        assertEquals(0x80, reg(REG_D));
        int hostYear = Instant.now().atZone(ZoneOffset.UTC).getYear();
        assertEquals(bcd(hostYear / 100), reg(CENTURY));
        assertEquals(bcd(hostYear % 100), reg(YEAR));
    }

    @Test
    void timeReadsInBcdAndRollsOverIntoTheNextYear() {
        start(2000);
        setTime(2023, 12, 31, 23, 59, 58);
        assertEquals(0x58, reg(SECONDS));
        assertEquals(0x23, reg(HOURS));
        assertEquals(1, reg(DAY_OF_WEEK), "2023-12-31 was a Sunday");

        h.advanceVirtualNs(2 * NS);

        assertEquals(0x00, reg(SECONDS));
        assertEquals(0x00, reg(MINUTES));
        assertEquals(0x00, reg(HOURS));
        assertEquals(0x01, reg(DAY_OF_MONTH));
        assertEquals(0x01, reg(MONTH));
        assertEquals(0x24, reg(YEAR));
        assertEquals(0x20, reg(CENTURY));
        assertEquals(2, reg(DAY_OF_WEEK), "2024-01-01 was a Monday");
    }

    @Test
    void binaryModeShowsTheSameTimeAsPlainNumbers() {
        start(2000);
        setTime(2024, 2, 28, 23, 59, 59);

        reg(REG_B, 0x04 | B_24H);
        h.advanceVirtualNs(NS);

        assertEquals(0, reg(SECONDS));
        assertEquals(0, reg(HOURS));
        assertEquals(29, reg(DAY_OF_MONTH), "2024 is a leap year");
        assertEquals(2, reg(MONTH));
        assertEquals(24, reg(YEAR));
        assertEquals(20, reg(CENTURY));
        h.advanceVirtualNs(59 * NS);
        assertEquals(59, reg(SECONDS));
    }

    @Test
    void twelveHourModeSetsThePmBit() {
        start(2000);
        setTime(2024, 6, 15, 23, 30, 0);

        reg(REG_B, 0x00);
        assertEquals(0x91, reg(HOURS), "11 PM in BCD");
        reg(REG_B, 0x04);
        assertEquals(0x8b, reg(HOURS), "11 PM in binary");

        h.advanceVirtualNs(30 * 60 * NS);
        assertEquals(0x0c, reg(HOURS), "midnight is 12 AM");
    }

    @Test
    void baseYear1980CountsTheYearRegisterFrom1980WithoutACentury() {
        start(1980);
        reg(REG_B, B_SET | B_24H);
        reg(YEAR, 0x44);
        reg(CENTURY, 0);
        reg(MONTH, 1);
        reg(DAY_OF_MONTH, 1);
        reg(HOURS, 0);
        reg(MINUTES, 0);
        reg(SECONDS, 0);
        reg(REG_B, B_24H);

        h.advanceVirtualNs(NS);

        assertEquals(2, reg(DAY_OF_WEEK), "1980 + 44 = 2024, whose first day was a Monday");
        assertEquals(0x44, reg(YEAR));
        assertEquals(0x00, reg(CENTURY));
    }

    @Test
    void setBitFreezesTheRegistersAndClearingItRestartsFromThem() {
        start(2000);
        setTime(2024, 3, 1, 12, 0, 10);

        reg(REG_B, B_SET | B_24H);
        h.advanceVirtualNs(5 * NS);
        assertEquals(0x10, reg(SECONDS), "frozen while SET");
        reg(SECONDS, 0x30);
        h.advanceVirtualNs(5 * NS);
        assertEquals(0x30, reg(SECONDS));

        reg(REG_B, B_24H);
        h.advanceVirtualNs(NS);
        assertEquals(0x31, reg(SECONDS));
    }

    @Test
    void dividerResetStopsTheClockAndTheFirstUpdateComesHalfASecondAfterRelease() {
        start(2000);
        setTime(2024, 3, 1, 12, 0, 0);

        reg(REG_A, 0x76);
        h.advanceVirtualNs(5 * NS);
        assertEquals(0x00, reg(SECONDS));

        reg(REG_A, 0x26);
        h.advanceVirtualNs(NS / 2 - 1);
        assertEquals(0x00, reg(SECONDS));
        h.advanceVirtualNs(1);
        assertEquals(0x01, reg(SECONDS));
    }

    @Test
    void periodicInterruptFiresAtTheProgrammedRate() {
        start(2000);
        reg(REG_A, 0x26); // rate 6: 1024 Hz
        reg(REG_B, 0x40 | B_24H);

        // the k-th interrupt is due k * 32 cycles of 32.768 kHz after the start, plus 1 ns (QEMU rounds up)
        h.advanceVirtualNs(NS);
        assertEquals(1023, irq.raises);
        h.advanceVirtualNs(1);
        assertEquals(1024, irq.raises);
        assertTrue(irq.level);
        assertEquals(0xc0, reg(REG_C) & 0xc0, "IRQF and PF");
        assertFalse(irq.level, "reading C lowers the line");

        irq.clear();
        reg(REG_A, 0x2f); // rate 15: 2 Hz
        h.advanceVirtualNs(2 * NS);
        assertEquals(4, irq.raises);
    }

    @Test
    void periodicInterruptStopsWithoutPie() {
        start(2000);
        reg(REG_A, 0x23);
        reg(REG_B, 0x40 | B_24H);
        h.advanceVirtualNs(NS / 1000);
        assertTrue(irq.raises > 0);

        reg(REG_B, B_24H);
        reg(REG_C);
        irq.clear();
        h.advanceVirtualNs(NS);
        assertEquals(0, irq.raises);
        assertEquals(0, reg(REG_C) & 0x40, "QEMU sets PF only while PIE is on");
    }

    @Test
    void alarmFiresWhenTheTimeMatches() {
        start(2000);
        setTime(2024, 3, 1, 10, 0, 0);
        alarm(0x10, 0x00, 0x05);
        reg(REG_B, 0x20 | B_24H);

        h.advanceVirtualNs(5 * NS - 1);
        assertEquals(0, irq.raises);
        h.advanceVirtualNs(1);
        assertEquals(1, irq.raises);

        assertEquals(0xb0, reg(REG_C), "IRQF, AF and UF");
        assertEquals(0, reg(REG_C), "reading C cleared it");
        assertFalse(irq.level);
    }

    @Test
    void dontCareAlarmFieldsMatchEveryValue() {
        start(2000);
        setTime(2024, 3, 1, 10, 0, 0);
        alarm(0xff, 0xc0, 0x30);
        reg(REG_B, 0x20 | B_24H);

        h.advanceVirtualNs(30 * NS);
        assertEquals(1, irq.raises, "at 10:00:30");
        reg(REG_C);
        h.advanceVirtualNs(59 * NS);
        assertEquals(1, irq.raises);
        h.advanceVirtualNs(NS);
        assertEquals(2, irq.raises, "at 10:01:30");
    }

    @Test
    void anAlarmOfDontCaresOnlyFiresEverySecond() {
        start(2000);
        alarm(0xc0, 0xc0, 0xc0);
        reg(REG_B, 0x20 | B_24H);

        assertAnInterruptEachSecond(0xb0);
    }

    @Test
    void aTwelveHourAlarmComparesItsOwnPmBit() {
        start(2000);
        setTime(2024, 3, 1, 13, 59, 58);
        reg(REG_B, 0x20); // AIE, 12-hour BCD
        assertEquals(0x81, reg(HOURS));
        alarm(0x82, 0x00, 0x00);

        h.advanceVirtualNs(2 * NS);

        assertEquals(1, irq.raises, "2 PM");
    }

    @Test
    void anAlarmValueOutOfRangeNeverMatches() {
        start(2000);
        alarm(0xc0, 0xc0, 0x60);
        reg(REG_B, 0x20 | B_24H);

        h.advanceVirtualNs(120 * NS);

        assertEquals(0, irq.raises);
        assertEquals(0x10, reg(REG_C), "updates go on");
    }

    @Test
    void updateEndedInterruptComesEverySecondWhileUieIsSet() {
        start(2000);
        reg(REG_B, 0x10 | B_24H);

        assertAnInterruptEachSecond(0x90);
    }

    @Test
    void aFlagAlreadySetInterruptsAsSoonAsItsEnableIsWritten() {
        start(2000);
        h.advanceVirtualNs(NS);
        assertEquals(0, irq.raises);

        reg(REG_B, 0x10 | B_24H);

        assertEquals(1, irq.raises);
        assertEquals(0x90, reg(REG_C));
    }

    @Test
    void uipIsSetDuringTheLast244MicrosecondsBeforeEachUpdate() {
        start(2000);
        h.advanceVirtualNs(NS - UIP_HOLD_NS - 1);
        assertEquals(0x26, reg(REG_A));
        h.advanceVirtualNs(1);
        assertEquals(0xa6, reg(REG_A));
        h.advanceVirtualNs(UIP_HOLD_NS);
        assertEquals(0x26, reg(REG_A), "the update cleared it");

        h.advanceVirtualNs(NS - UIP_HOLD_NS);
        assertEquals(0xa6, reg(REG_A), "also when no update timer is armed");
        reg(REG_B, B_SET | B_24H);
        assertEquals(0x26, reg(REG_A), "never while SET");
    }

    @Test
    void cmosRamKeepsItsBytesAndIndexBit7IsTheNmiMask() {
        start(2000);
        h.io().write(INDEX, 1, 0x80 | 0x40);
        h.io().write(DATA, 1, 0x5a);

        assertEquals(0x5a, rtc.cmosRead(0x40));
        assertTrue(rtc.nmiMasked());
        assertEquals(0xff, h.io().read(INDEX, 1), "the index port is write-only");
        rtc.cmosWrite(0x7f, 0x12);
        assertEquals(0x12, reg(0x7f));
        assertFalse(rtc.nmiMasked());
        assertThrows(IllegalArgumentException.class, () -> rtc.cmosRead(128));
    }

    @Test
    void resetDisablesInterruptsAndClearsTheFlags() {
        start(2000);
        reg(REG_B, 0x70 | B_24H);
        h.advanceVirtualNs(NS);
        assertTrue(irq.level);

        Reset.reset(rtc, ResetType.COLD);

        assertEquals(0x10 | B_24H, reg(REG_B), "PIE, AIE and SQWE off; UIE stays");
        assertEquals(0, reg(REG_C));
        assertFalse(irq.level);
    }

    @Test
    void savedStateRestoresRegistersAndRam() {
        start(2000);
        setTime(2024, 3, 1, 10, 0, 0);
        rtc.cmosWrite(0x34, 0x77);
        Mc146818Rtc.State saved = rtc.state();

        rtc.cmosWrite(0x34, 0);
        reg(REG_B, 0x04 | B_24H);
        rtc.restore(saved);

        assertEquals(0x77, rtc.cmosRead(0x34));
        assertEquals(B_24H, reg(REG_B));
        assertEquals(0x10, reg(HOURS));
    }

    @Test
    void badAccessesNeverThrowAndTheClockKeepsWorking() {
        start(2000);
        h.io().write(INDEX, 2, 0xffff);
        h.io().read(INDEX, 4);
        h.io().write(INDEX, 4, 0xffff_ffffL);
        reg(REG_D, 0);
        reg(REG_C, 0xff);
        assertEquals(0x80, reg(REG_D), "D is read-only");
        assertEquals(0, reg(REG_C), "C is read-only");
        for (int r : new int[] {SECONDS, MINUTES, HOURS, DAY_OF_MONTH, MONTH, YEAR, CENTURY, SECONDS_ALARM}) reg(r, 0xff);
        reg(REG_A, 0x20); // rate 0
        reg(REG_B, 0x70 | B_24H);
        h.advanceVirtualNs(3 * NS);
        reg(SECONDS);

        setTime(2024, 3, 1, 10, 0, 0);
        h.advanceVirtualNs(NS);
        assertEquals(0x01, reg(SECONDS));
    }
}
