package org.jemu.plugin.pc.internal;

import static org.jemu.plugin.pc.internal.IsaTestBoard.isa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.plugin.pc.internal.IsaTestBoard.Probe;
import org.junit.jupiter.api.Test;

/** port92 (fast A20 and reset), and vmport/vmmouse as far as they go without CPU registers. */
class SystemPortsTest {

    @Test
    void port92Bit1DrivesA20AndReadsBack() {
        try (MachineHarness h = IsaTestBoard.build(b -> b.device(isa("port92", Port92.TYPE)))) {
            Probe a20 = new Probe();
            ((Port92) h.resolve("/machine/port92")).connectGpioOut("a20", 0, a20);

            h.io().write(0x92, 1, 0x02);
            assertTrue(a20.level);
            assertEquals(0x02, h.io().read(0x92, 1));
            h.io().write(0x92, 1, 0x00);
            assertFalse(a20.level);
            assertTrue(h.systemRequests().isEmpty());
        }
    }

    @Test
    void port92Bit0ResetsOnItsRisingEdgeOnlyAndResetClearsIt() {
        try (MachineHarness h = IsaTestBoard.build(b -> b.device(isa("port92", Port92.TYPE)))) {
            h.io().write(0x92, 1, 0x03);
            h.io().write(0x92, 1, 0x03);
            assertEquals(List.of("reset"), h.systemRequests(), "bit 0 already set: no second reset");

            Reset.reset(h.machine(), ResetType.COLD);
            assertEquals(0x02, h.io().read(0x92, 1), "reset clears bit 0 and keeps A20");
            h.io().write(0x92, 1, 0x01);
            assertEquals(List.of("reset", "reset"), h.systemRequests());
        }
    }

    @Test
    void vmportAnswersEveryRequestAsAnUnknownCommand() {
        try (MachineHarness h = IsaTestBoard.build(b -> b.device(isa("i8042", I8042.TYPE))
                .device(isa("vmport", Vmport.TYPE))
                .device(isa("vmmouse", Vmmouse.TYPE).with("i8042", "/machine/i8042")))) {
            h.io().write(0x5658, 4, 0x564d5868);

            assertEquals(0xffffffffL, h.io().read(0x5658, 4));
            assertEquals(0xff, h.io().read(0x5658, 1));
        }
    }

    /** The ISA part of PcI440fxMachine's board(): its type names, property texts, GPIO names and wires. */
    @Test
    void thePcBoardsLegacyDevicesBuildAsItSpecifiesThem() {
        try (MachineHarness h = IsaTestBoard.build(b -> b
                .device(isa("pic-master", I8259.TYPE).with("iobase", "0x20").with("elcr_addr", "0x4d0")
                        .with("elcr_mask", "0xf8").with("master", "on"))
                .device(isa("pic-slave", I8259.TYPE).with("iobase", "0xa0").with("elcr_addr", "0x4d1")
                        .with("elcr_mask", "0xde").with("master", "off"))
                .device(isa("pit", I8254.TYPE).with("iobase", "0x40"))
                .device(isa("pcspk", PcSpeaker.TYPE).with("pit", "/machine/pit"))
                .device(isa("i8042", I8042.TYPE))
                .device(isa("port92", Port92.TYPE))
                .device(isa("vmport", Vmport.TYPE))
                .device(isa("vmmouse", Vmmouse.TYPE).with("i8042", "/machine/i8042"))
                .wire("pit", "", 0, "pic-master", "", 0)
                .wire("i8042", "", 0, "pic-master", "", 1)
                .wire("i8042", "", 1, "pic-slave", "", 4)
                .wire("pic-slave", "", 0, "pic-master", "", 2))) {
            I8259 master = (I8259) h.resolve("/machine/pic-master");
            Probe intr = new Probe();
            master.connectGpioOut("", 0, intr);
            Probe a20 = new Probe();
            ((I8042) h.resolve("/machine/i8042")).connectGpioOut("a20", 0, a20);
            ((Port92) h.resolve("/machine/port92")).connectGpioOut("a20", 0, a20);
            Reset.reset(h.machine(), ResetType.COLD);
            int[] init = {0x20, 0x11, 0x21, 0x08, 0x21, 0x04, 0x21, 0x01, 0xa0, 0x11, 0xa1, 0x70, 0xa1, 0x02, 0xa1, 0x01};
            for (int i = 0; i < init.length; i += 2) h.io().write(init[i], 1, init[i + 1]);
            h.io().write(0x21, 1, 0xfe);
            h.io().write(0xa1, 1, 0xff);

            h.advanceVirtualNs(60_000_000);
            assertTrue(intr.level, "the PIT's IRQ 0 reached the CPU line");
            assertEquals(0x08, master.acknowledge());

            h.io().write(0x20, 1, 0x20);
            h.io().write(0x21, 1, 0xf9);
            h.io().write(0xa1, 1, 0xef);
            h.io().write(0x64, 1, 0xd4);
            h.io().write(0x60, 1, 0xff);
            assertEquals(0x74, master.acknowledge(), "the mouse's IRQ 12 through the slave");
            h.io().write(0x92, 1, 0x02);
            assertTrue(a20.level);
        }
    }

    @Test
    void vmmouseNeedsItsI8042Link() {
        QomException e = assertThrows(QomException.class, () -> IsaTestBoard.build(b -> b
                .device(isa("vmmouse", Vmmouse.TYPE))));
        assertTrue(e.getMessage().contains("'i8042' link is not set"), e.getMessage());
    }
}
