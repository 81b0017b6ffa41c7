package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HPET at 0xfed00000 with its interrupt routes, legacy inputs and PIT gate on probes. */
class HpetTest {

    private static final long BASE = 0xfed00000L;
    private static final int CFG = 0x010;
    private static final int STATUS = 0x020;
    private static final int COUNTER = 0x0f0;
    private static final int T0_CFG = 0x100;
    private static final int T0_CMP = 0x108;
    private static final int T1_CFG = 0x120;
    private static final int T1_CMP = 0x128;
    private static final long ENABLE = 0x004;
    private static final long ROUTE_2 = 2 << 9;
    private static final long TICK_NS = 10;

    private MachineHarness h;
    private Hpet hpet;
    private final IrqProbe[] irq = new IrqProbe[Hpet.IRQ_ROUTES];
    private final IrqProbe pitGate = new IrqProbe();

    private void start(String timers) {
        h = MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices())
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("hpet", Hpet.TYPE).on("main-system-bus").with("timers", timers)
                                .with(Hpet.INTCAP, 0x00ff0004))
                        .mmio("hpet", 0, BASE).build(), null)
                .build();
        hpet = (Hpet) h.resolve("/machine/hpet");
        for (int i = 0; i < irq.length; i++) {
            irq[i] = new IrqProbe();
            hpet.connectGpioOut(SysBusDevice.IRQ, i, irq[i]);
        }
        hpet.connectGpioOut("", 0, pitGate);
    }

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    private long r(int offset) {
        return h.memory().read(BASE + offset, 4);
    }

    private void w(int offset, long value) {
        h.memory().write(BASE + offset, 4, value);
    }

    /** Sets a 64-bit comparator (both halves) while the timer is one-shot. */
    private void comparator(int offset, long ticks) {
        w(offset + 4, ticks >>> 32);
        w(offset, ticks & 0xffff_ffffL);
    }

    private long counter() {
        return r(COUNTER) | r(COUNTER + 4) << 32;
    }

    @Test
    void capabilitiesAndPowerOnRegistersMatchQemu() {
        start("3");

        assertEquals(0x8086a201L, r(0x000), "vendor 8086, legacy route and 64-bit counter, 3 timers, revision 1");
        assertEquals(10_000_000L, r(0x004), "10 ns in femtoseconds");
        assertEquals(0, r(CFG));
        assertEquals(0, r(STATUS));
        assertEquals(0x30, r(T0_CFG), "periodic and 64-bit capable");
        assertEquals(0x00ff0004L, r(T0_CFG + 4), "the routes hpet-intcap allows");
        assertEquals(0xffff_ffffL, r(T0_CMP));
        assertEquals(0xffff_ffffL, r(T0_CMP + 4));
        assertEquals(0, r(0x160), "there is no timer 3");
    }

    @Test
    void sixtyFourBitAccessesReadAndWriteBothHalves() {
        start("3");

        assertEquals(0x0098_9680_8086_a201L, h.memory().read(BASE, 8), "capabilities, as Linux reads them");
        h.memory().write(BASE + T0_CMP, 8, 0x1234_5678_9abc_def0L);
        assertEquals(0x1234_5678_9abc_def0L, h.memory().read(BASE + T0_CMP, 8));
        assertEquals(0x9abc_def0L, r(T0_CMP));
    }

    @Test
    void theTimersPropertySetsTheComparatorCount() {
        start("32");
        assertEquals(0x8086bf01L, r(0x000));
        assertEquals(0x30, r(0x100 + 23 * 0x20), "the last timer the 1 KiB page reaches");
    }

    @Test
    void theMainCounterRunsOnlyWhileEnabledAndMayBeSetWhileHalted() {
        start("3");
        h.advanceVirtualNs(1_000_000);
        assertEquals(0, counter());

        w(CFG, 1);
        h.advanceVirtualNs(1_000_000);
        assertEquals(100_000, counter());

        w(CFG, 0);
        h.advanceVirtualNs(1_000_000);
        assertEquals(100_000, counter());

        w(COUNTER, 0x1234);
        w(COUNTER + 4, 1);
        assertEquals(0x1_0000_1234L, counter());
        w(CFG, 1);
        h.advanceVirtualNs(100);
        assertEquals(0x1_0000_123eL, counter());
    }

    @Test
    void aOneShotComparatorFiresOnceWhenTheCounterReachesIt() {
        start("3");
        comparator(T0_CMP, 1000);
        w(T0_CFG, ENABLE | ROUTE_2);
        w(CFG, 1);

        h.advanceVirtualNs(1000 * TICK_NS - 1);
        assertEquals(0, irq[2].raises);
        h.advanceVirtualNs(1);
        assertEquals(1, irq[2].raises);
        assertFalse(irq[2].level, "an edge-triggered timer pulses its line");
        assertEquals(0, r(STATUS));

        h.advanceVirtualNs(1_000_000_000);
        assertEquals(1, irq[2].raises);
    }

    @Test
    void aPeriodicComparatorFiresEveryPeriodAndSkipsPeriodsAlreadyGone() {
        start("3");
        long periodic = ENABLE | 0x008 | 0x040 | ROUTE_2;
        w(T0_CFG, periodic);
        w(T0_CMP + 4, 0); // with SETVAL: the comparator's high half
        w(T0_CFG, periodic);
        w(T0_CMP, 1000); // with SETVAL: comparator and period
        w(CFG, 1);

        for (int i = 0; i < 5; i++) h.advanceVirtualNs(1000 * TICK_NS);
        assertEquals(5, irq[2].raises);
        assertEquals(6000, r(T0_CMP));

        h.advanceVirtualNs(1_000_000);
        assertEquals(6, irq[2].raises, "missed periods are not made up");
        assertEquals(106_000, r(T0_CMP));
    }

    @Test
    void aThirtyTwoBitOneShotAlsoInterruptsWhenTheCounterWraps() {
        start("3");
        w(COUNTER, 0xffff_fff0L);
        w(T0_CFG, ENABLE | 0x100 | ROUTE_2);
        assertEquals(0, r(T0_CMP + 4), "32-bit mode truncates the comparator");
        w(T0_CMP, 0x10);
        w(CFG, 1);

        h.advanceVirtualNs(15 * TICK_NS);
        assertEquals(1, irq[2].raises, "the counter wrapped past 0xffffffff");
        h.advanceVirtualNs(17 * TICK_NS - 1);
        assertEquals(1, irq[2].raises);
        h.advanceVirtualNs(1);
        assertEquals(2, irq[2].raises, "the match at 0x10");
        assertEquals(0x1_0000_0010L, counter(), "the main counter is 64 bits wide");

        h.advanceVirtualNs(1_000_000);
        assertEquals(2, irq[2].raises);
    }

    @Test
    void aLevelTriggeredTimerHoldsItsLineUntilItsStatusBitIsCleared() {
        start("3");
        comparator(T0_CMP, 1000);
        w(T0_CFG, ENABLE | 0x002 | ROUTE_2);
        w(CFG, 1);

        h.advanceVirtualNs(1000 * TICK_NS);
        assertTrue(irq[2].level);
        assertEquals(1, r(STATUS));

        w(STATUS, 2);
        assertTrue(irq[2].level, "only set bits clear");
        w(STATUS, 1);
        assertFalse(irq[2].level);
        assertEquals(0, r(STATUS));
    }

    @Test
    void timersArmOnlyWhileTheBlockIsEnabledAndHaltingDropsTheirInterrupts() {
        start("3");
        comparator(T0_CMP, 1000);
        w(T0_CFG, ENABLE | 0x002 | ROUTE_2);
        h.advanceVirtualNs(1_000_000);
        assertEquals(0, irq[2].raises);

        w(CFG, 1);
        h.advanceVirtualNs(1000 * TICK_NS);
        assertTrue(irq[2].level);

        w(CFG, 0);
        assertFalse(irq[2].level);
        assertEquals(0, r(STATUS));
    }

    @Test
    void legacyReplacementRoutesTimers0And1AndGatesThePit() {
        start("3");
        Reset.reset(hpet, ResetType.COLD);
        assertTrue(pitGate.level, "the PIT runs after reset");

        w(CFG, 3);
        assertFalse(pitGate.level);
        comparator(T0_CMP, 1000);
        comparator(T1_CMP, 2000);
        w(T0_CFG, ENABLE | ROUTE_2);
        w(T1_CFG, ENABLE | ROUTE_2);

        h.advanceVirtualNs(1000 * TICK_NS);
        assertEquals(1, irq[0].raises, "timer 0 replaces the PIT");
        h.advanceVirtualNs(1000 * TICK_NS);
        assertEquals(1, irq[8].raises, "timer 1 replaces the RTC");
        assertEquals(0, irq[2].raises);

        hpet.gpioIn("", 0).set(true);
        hpet.gpioIn("", 1).set(true);
        assertEquals(1, irq[0].raises, "the PIT's interrupt is blocked");
        assertEquals(1, irq[8].raises, "so is the RTC's");

        w(CFG, 1);
        assertTrue(pitGate.level);
        assertTrue(irq[8].level, "the RTC's line comes back as it stands");
    }

    @Test
    void pitAndRtcInterruptsPassThroughOutsideLegacyMode() {
        start("3");

        hpet.gpioIn("", 0).set(true);
        assertTrue(irq[0].level, "the PIT reaches GSI 0");
        hpet.gpioIn("", 0).set(false);
        assertFalse(irq[0].level);
        hpet.gpioIn("", 1).set(true);
        assertTrue(irq[8].level, "the RTC reaches GSI 8");
    }

    @Test
    void badAccessesNeverThrowAndTheTimersKeepWorking() {
        start("3");
        h.memory().read(BASE, 1);
        h.memory().read(BASE + CFG, 2);
        h.memory().read(BASE + COUNTER, 8);
        h.memory().read(BASE + 0x102, 4);
        h.memory().write(BASE + CFG + 2, 8, -1L);
        h.memory().write(BASE + CFG, 1, 0xff);
        assertEquals(0, r(CFG), "only aligned 32- and 64-bit accesses reach the registers");
        w(0x000, 0);
        w(0x004, 0);
        assertEquals(0x8086a201L, r(0x000));
        assertEquals(10_000_000L, r(0x004));
        w(CFG, 0xffff_fffcL);
        w(CFG + 4, -1L);
        assertEquals(0, r(CFG), "reserved configuration bits stay 0");
        w(T0_CFG + 4, 0);
        assertEquals(0x00ff0004L, r(T0_CFG + 4), "the route capabilities are read-only");
        w(T0_CFG, 0xffff_ffffL);
        assertEquals(0x3f7eL, r(T0_CFG), "writable bits only; FSB delivery stays off");
        w(T0_CFG, 0);
        w(0x110, 0xfee00000L);
        assertEquals(0xfee00000L, r(0x110), "the FSB route register keeps its value");
        w(0x160, ENABLE);
        w(0x3e8, 1);
        assertEquals(0, r(0x160));
        w(0x300, 1);
        w(STATUS, -1L);

        comparator(T0_CMP, 1000);
        w(T0_CFG, ENABLE | ROUTE_2);
        w(CFG, 1);
        h.advanceVirtualNs(1000 * TICK_NS);
        assertEquals(1, irq[2].raises);
    }

    @Test
    void savedStateRestoresCounterAndComparators() {
        start("3");
        w(COUNTER, 500);
        comparator(T0_CMP, 1000);
        w(T0_CFG, ENABLE | ROUTE_2);
        Hpet.State saved = hpet.state();

        w(COUNTER, 0);
        comparator(T0_CMP, 7);
        hpet.restore(saved);

        assertEquals(500, counter());
        assertEquals(1000, r(T0_CMP));
        assertEquals(ENABLE | ROUTE_2 | 0x30, r(T0_CFG));
    }

    @Test
    void outOfRangeTimerCountsAndFsbDeliveryAreRefused() {
        assertTrue(assertThrows(QomException.class, () -> start("2")).getMessage().contains("timers"));
        assertThrows(QomException.class, () -> start("33"));
        QomException e = assertThrows(QomException.class, () -> MachineHarness.builder()
                .contribute(new PcDeviceTypes(), new PcDevices())
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("hpet", Hpet.TYPE).on("main-system-bus").with("msi", "on")).build(), null)
                .build());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }
}
