package org.jemu.plugin.i440fx.internal;

import static org.jemu.plugin.i440fx.internal.Chipset.configRead;
import static org.jemu.plugin.i440fx.internal.Chipset.configWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.junit.jupiter.api.Test;

/** PIIX3 on the i440FX chipset board: GSI fan-out, PIRQ routing, reset control, register values. */
class Piix3Test {

    static final int PIIX3 = PciConfig.devfn(1, 0);

    /** The chipset plus an INTA# function at 03.0 (INTA# of slot 3 is PIRQC), with the outputs recorded. */
    private static final class Rig implements AutoCloseable {
        final MachineHarness h;
        final Device piix3;
        final Chipset.Lines isa = new Chipset.Lines(Piix3.ISA_IRQS);
        final Chipset.Lines ioapic = new Chipset.Lines(Piix3.GSI_PINS);

        Rig() {
            h = Chipset.harness().device(Chipset.INTX_DEVICE, "nic", Map.of("addr", "03.0")).build();
            Reset.reset(h.machine(), ResetType.COLD);
            piix3 = (Device) h.resolve("/machine/piix3");
            for (int i = 0; i < Piix3.ISA_IRQS; i++) piix3.connectGpioOut("isa-irq", i, isa.line(i));
            for (int i = 0; i < Piix3.GSI_PINS; i++) piix3.connectGpioOut("ioapic-irq", i, ioapic.line(i));
        }

        Chipset.IntxFunction nic() {
            return (Chipset.IntxFunction) h.resolve("/machine/peripheral/nic");
        }

        void gsi(int n, boolean level) {
            piix3.gpioIn("gsi", n).set(level);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void registersResetToQemusValues() {
        try (Rig r = new Rig()) {
            assertEquals(0x8080_8080, configRead(r.h, PIIX3, Piix3.PIRQRC, 4), "PIRQA..D routed nowhere");
            assertEquals(0x4d, configRead(r.h, PIIX3, 0x4c, 1));
            assertEquals(0x03, configRead(r.h, PIIX3, 0x4e, 1));
            assertEquals(0x02, configRead(r.h, PIIX3, 0x69, 1));
            assertEquals(0x80, configRead(r.h, PIIX3, 0x70, 1));
            assertEquals(0x0c0c, configRead(r.h, PIIX3, 0x76, 2));
            assertEquals(0x0f, configRead(r.h, PIIX3, 0xa8, 1));
            assertEquals(0x0200_0000, configRead(r.h, PIIX3, PciConfig.COMMAND, 4),
                    "DEVSEL medium; COMMAND 0x07 cleared again by the PCI bus reset, as in QEMU");
        }
    }

    @Test
    void everyGsiReachesTheIoapicAndTheIsaOnesThe8259sToo() {
        try (Rig r = new Rig()) {
            r.gsi(4, true);
            assertTrue(r.isa.level[4]);
            assertTrue(r.ioapic.level[4]);

            r.gsi(20, true);
            assertTrue(r.ioapic.level[20]);
            assertEquals(List.of("4=1"), r.isa.changes, "GSI 20 has no ISA IRQ");

            r.gsi(4, false);
            assertFalse(r.isa.level[4]);
            assertFalse(r.ioapic.level[4]);
        }
    }

    @Test
    void aPciInterruptReachesTheIsaIrqItsPirqIsRoutedTo() {
        try (Rig r = new Rig()) {
            r.nic().irq(true);
            assertTrue(r.isa.changes.isEmpty(), "PIRQC is disabled after reset");

            configWrite(r.h, PIIX3, Piix3.PIRQRC + 2, 1, 11);
            assertTrue(r.isa.level[11], "routing an asserted PIRQ raises its IRQ at once");
            assertTrue(r.ioapic.level[11]);

            r.nic().irq(false);
            assertFalse(r.isa.level[11]);
            r.nic().irq(true);
            assertTrue(r.isa.level[11]);

            configWrite(r.h, PIIX3, Piix3.PIRQRC + 2, 1, 10);
            assertFalse(r.isa.level[11], "rerouted away");
            assertTrue(r.isa.level[10]);

            configWrite(r.h, PIIX3, Piix3.PIRQRC + 2, 1, 0x8a);
            assertFalse(r.isa.level[10], "disabled by bit 7");
        }
    }

    @Test
    void pirqsSwizzleBySlot() {
        try (Rig r = new Rig()) {
            configWrite(r.h, PIIX3, Piix3.PIRQRC, 4, 0x0b0a_0905L);

            r.nic().irq(true);

            assertTrue(r.isa.level[0x0a], "INTA# of slot 3 is PIRQC");
            assertEquals(List.of("10=1"), r.isa.changes);
        }
    }

    @Test
    void aSharedLineStaysHighWhileAnySourceIsHigh() {
        try (Rig r = new Rig()) {
            configWrite(r.h, PIIX3, Piix3.PIRQRC + 2, 1, 9);
            r.gsi(9, true);
            r.nic().irq(true);

            r.gsi(9, false);
            assertTrue(r.isa.level[9], "the PCI interrupt still holds IRQ 9");
            assertTrue(r.ioapic.level[9]);

            r.nic().irq(false);
            assertFalse(r.isa.level[9]);
            assertFalse(r.ioapic.level[9]);
        }
    }

    @Test
    void port0xcf9RequestsAResetWhenBit2IsWritten() {
        try (Rig r = new Rig()) {
            r.h.io().write(0xcf9, 1, 0x02);
            assertEquals(List.of(), r.h.systemRequests());
            assertEquals(0x02, r.h.io().read(0xcf9, 1), "the reset type is kept");

            r.h.io().write(0xcf8, 4, 0x8000_0400L | PIIX3 << 8);
            assertEquals(List.of(), r.h.systemRequests(), "a CONFIG_ADDRESS write is not a reset");

            r.h.io().write(0xcf9, 1, 0x06);
            assertEquals(List.of("reset"), r.h.systemRequests());
            r.h.io().write(0xcf9, 1, 0x04);
            assertEquals(List.of("reset", "reset"), r.h.systemRequests(), "a soft reset is a reset too");

            Reset.reset(r.h.machine(), ResetType.COLD);
            assertEquals(0, r.h.io().read(0xcf9, 1));
        }
    }

    @Test
    void theIsaBusDecodesThePciSpaces() {
        try (Rig r = new Rig()) {
            Bus isa = r.h.machine().findBus("isa.0");

            assertEquals(Piix3.ISA_BUS_TYPE, isa.typeName());
            assertSame(r.piix3, isa.parentDevice());
            assertSame(r.h.machine().systemIo(), isa.ioSpace());
            assertSame(r.h.machine().findBus("pci.0").memorySpace(), isa.memorySpace());
        }
    }

    @Test
    void savedStateKeepsRoutesAndLevels() {
        try (Rig r = new Rig()) {
            configWrite(r.h, PIIX3, Piix3.PIRQRC + 2, 1, 11);
            r.gsi(5, true);
            Piix3 piix3 = (Piix3) r.piix3;
            Piix3.State saved = piix3.state();
            Reset.reset(r.h.machine(), ResetType.COLD);

            piix3.restore(saved);

            assertEquals(11, configRead(r.h, PIIX3, Piix3.PIRQRC + 2, 1));
            assertEquals(saved, piix3.state());
        }
    }

    @Test
    void oddRegisterWritesAndPortAccessesDoNotThrow() {
        try (Rig r = new Rig()) {
            configWrite(r.h, PIIX3, Piix3.PIRQRC, 4, 0xffff_ffffL);
            configWrite(r.h, PIIX3, Piix3.PIRQRC + 1, 2, 0x1b1b);
            r.h.io().write(0xcf9, 2, 0x0202);
            r.h.io().write(0xcf9, 4, 0);
            r.h.io().read(0xcfa, 2);
            r.nic().irq(true);
            r.nic().irq(false);

            assertTrue(r.isa.changes.isEmpty(), "values of 16 and more route nowhere");
            assertEquals(0x7000_8086, configRead(r.h, PIIX3, 0, 4));
        }
    }
}
