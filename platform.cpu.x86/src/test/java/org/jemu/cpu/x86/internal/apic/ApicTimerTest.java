package org.jemu.cpu.x86.internal.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The APIC timer on a manual virtual clock: one-shot, periodic, divide configuration, current count, TSC deadline. */
class ApicTimerTest {

    private static final int TIMER = 0x320, INITIAL = 0x380, CURRENT = 0x390, DIVIDE = 0x3e0;
    private static final int PERIODIC = 1 << 17, DEADLINE = 2 << 17, MASKED = 1 << 16;

    private final ApicFixture f = new ApicFixture(1);
    private final LocalApic apic = f.apic(0);

    ApicTimerTest() {
        f.enable(0);
    }

    /** Takes the timer's interrupt if it is pending: true when vector 0x40 was delivered. */
    private boolean fired() {
        if (!apic.hasInterrupt()) return false;
        int v = apic.acknowledge();
        f.write(0, 0xb0, 0);
        return v == 0x40;
    }

    @Test
    void oneShotFiresOnceAfterTheInitialCount() {
        f.write(0, DIVIDE, 0xb); // divide by 1: one tick per ns
        f.write(0, TIMER, 0x40);
        f.write(0, INITIAL, 100);

        f.clock.advance(40);
        assertEquals(60, f.read(0, CURRENT));
        f.clock.advance(60);
        assertEquals(0, f.read(0, CURRENT));
        assertFalse(fired(), "QEMU's one-shot fires initial + 1 ticks after the write");
        f.clock.advance(1);
        assertTrue(fired());
        f.clock.advance(1000);
        assertFalse(fired(), "once only");
        assertEquals(0, f.read(0, CURRENT));
    }

    @Test
    void periodicTimerReloadsEveryInitialPlusOneTicks() {
        f.write(0, DIVIDE, 0xb);
        f.write(0, TIMER, PERIODIC | 0x40);
        f.write(0, INITIAL, 99);

        for (int period = 1; period <= 3; period++) {
            f.clock.advance(99);
            assertFalse(fired());
            f.clock.advance(1);
            assertTrue(fired(), "period " + period);
        }
        f.clock.advance(30);
        assertEquals(69, f.read(0, CURRENT));
    }

    @Test
    void periodicTimerWithZeroInitialCountStops() {
        f.write(0, DIVIDE, 0xb);
        f.write(0, TIMER, PERIODIC | 0x40);
        f.write(0, INITIAL, 10);
        f.clock.advance(11);
        assertTrue(fired());

        f.write(0, INITIAL, 0);
        f.clock.advance(1000);
        assertFalse(fired());
        assertEquals(0, f.read(0, CURRENT));
    }

    @ParameterizedTest
    @CsvSource({"0x0, 2", "0x1, 4", "0x2, 8", "0x3, 16", "0x8, 32", "0x9, 64", "0xa, 128", "0xb, 1", "0x4, 2"})
    void divideConfigurationSetsTheTickLength(String config, int divisor) {
        f.write(0, DIVIDE, Integer.decode(config));
        f.write(0, TIMER, 0x40);
        f.write(0, INITIAL, 1000);

        f.clock.advance(100L * divisor);

        assertEquals(900, f.read(0, CURRENT));
    }

    @Test
    void divideConfigurationResetsToDivideByTwo() {
        f.write(0, TIMER, 0x40);
        f.write(0, INITIAL, 10);
        f.clock.advance(21);
        assertFalse(fired());
        f.clock.advance(1);
        assertTrue(fired());
    }

    @Test
    void writingTheInitialCountRestartsTheCount() {
        f.write(0, DIVIDE, 0xb);
        f.write(0, TIMER, 0x40);
        f.write(0, INITIAL, 100);
        f.clock.advance(80);

        f.write(0, INITIAL, 100);
        f.clock.advance(80);

        assertFalse(fired());
        assertEquals(20, f.read(0, CURRENT));
        f.clock.advance(21);
        assertTrue(fired());
    }

    @Test
    void maskedTimerCountsButDoesNotInterrupt() {
        f.write(0, DIVIDE, 0xb);
        f.write(0, TIMER, MASKED | PERIODIC | 0x40);
        f.write(0, INITIAL, 100);

        f.clock.advance(150);
        assertFalse(fired());
        assertEquals(51, f.read(0, CURRENT), "100 - 150 % 101");

        f.write(0, TIMER, PERIODIC | 0x40);
        f.clock.advance(51);
        assertFalse(fired());
        f.clock.advance(1);
        assertTrue(fired(), "unmasking re-arms at the next period");
    }

    @Test
    void tscDeadlineFiresWhenTheTscReachesItAndThenReadsZero() {
        f.clock.tscOffset = 5_000;
        f.write(0, TIMER, DEADLINE | 0x40);

        apic.writeTscDeadline(5_000 + 300);
        assertEquals(5_300, apic.readTscDeadline());
        f.clock.advance(299);
        assertFalse(fired());
        f.clock.advance(1);
        assertTrue(fired());
        assertEquals(0, apic.readTscDeadline());
    }

    @Test
    void tscDeadlineInThePastFiresAtOnce() {
        f.clock.advance(1000);
        f.write(0, TIMER, DEADLINE | 0x40);

        apic.writeTscDeadline(10);

        assertTrue(fired());
        assertEquals(0, apic.readTscDeadline());
    }

    @Test
    void writingZeroDisarmsTheDeadline() {
        f.write(0, TIMER, DEADLINE | 0x40);
        apic.writeTscDeadline(100);

        apic.writeTscDeadline(0);
        f.clock.advance(1000);

        assertFalse(fired());
    }

    @Test
    void maskedDeadlineExpiresWithoutAnInterrupt() {
        f.write(0, TIMER, MASKED | DEADLINE | 0x40);
        apic.writeTscDeadline(100);

        f.clock.advance(200);

        assertFalse(fired());
        assertEquals(0, apic.readTscDeadline());
    }

    @Test
    void tscDeadlineModeIgnoresTheCountRegistersAndOtherModesIgnoreTheDeadline() {
        f.write(0, TIMER, 0x40);
        apic.writeTscDeadline(100);
        assertEquals(0, apic.readTscDeadline());
        f.clock.advance(200);
        assertFalse(fired());

        f.write(0, TIMER, DEADLINE | 0x40);
        f.write(0, INITIAL, 50);
        assertEquals(0, f.read(0, INITIAL));
        assertEquals(0, f.read(0, CURRENT));
        f.clock.advance(200);
        assertFalse(fired());
    }

    @Test
    void switchingTimerModesDisarmsTheTimer() {
        f.write(0, TIMER, DEADLINE | 0x40);
        apic.writeTscDeadline(500);
        f.write(0, TIMER, 0x40);
        f.write(0, TIMER, DEADLINE | 0x40);
        f.clock.advance(1000);
        assertFalse(fired(), "the deadline was cleared");
        assertEquals(0, apic.readTscDeadline());

        f.write(0, DIVIDE, 0xb);
        f.write(0, TIMER, PERIODIC | 0x40);
        f.write(0, INITIAL, 100);
        f.write(0, TIMER, DEADLINE | 0x40);
        f.write(0, TIMER, PERIODIC | 0x40);
        f.clock.advance(1000);
        assertFalse(fired(), "the initial count was cleared");
    }

    @Test
    void initResetStopsTheTimer() {
        f.write(0, DIVIDE, 0xb);
        f.write(0, TIMER, PERIODIC | 0x40);
        f.write(0, INITIAL, 100);

        apic.initReset();
        f.enable(0);
        f.clock.advance(1000);

        assertEquals(0, apic.events());
    }

    @Test
    void disposeFreesTheTimer() {
        assertEquals(1, f.clock.liveTimers());
        apic.dispose();
        assertEquals(0, f.clock.liveTimers());
    }
}
