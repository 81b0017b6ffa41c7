package org.jemu.core.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

/** Device timers in the harness run on its virtual clock, which moves only when the test says so. */
class MachineHarnessClockTest {

    /** Counts ticks of a 1 ms periodic timer armed at realize. */
    public static final class Ticker extends SysBusDevice {
        static final long PERIOD = 1_000_000;
        int ticks;
        long lastFiredAt = -1;
        private Timer timer;

        public Ticker(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            timer = system().newTimer(ClockType.VIRTUAL, t -> {
                ticks++;
                lastFiredAt = system().nowNs(ClockType.VIRTUAL);
                t.modNs(lastFiredAt + PERIOD);
            });
            timer.modNs(system().nowNs(ClockType.VIRTUAL) + PERIOD);
        }

        @Override
        protected void unrealize() {
            timer.free();
        }
    }

    private static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("ticker").parent(SysBusDevice.TYPE).factory(Ticker::new).build());
        }
    };

    @Test
    void timersFireOnlyWhenTheVirtualClockIsAdvancedPastTheirDeadline() {
        try (MachineHarness h = MachineHarness.builder().contribute(TYPES)
                .board(BoardDefinition.builder().build(), null).device("ticker", "t", Map.of()).build()) {
            Ticker t = (Ticker) h.resolve("/machine/peripheral/t");

            h.runPending();
            assertEquals(0, t.ticks, "nothing is due at time 0");

            h.advanceVirtualNs(999_999);
            assertEquals(0, t.ticks);

            h.advanceVirtualNs(1);
            assertEquals(1, t.ticks);
            assertEquals(1_000_000, t.lastFiredAt);
            assertEquals(1_000_000, h.virtualNowNs());
        }
    }
}
