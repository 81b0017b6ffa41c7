package org.jemu.core.pci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.Test;

/** The PCI model through configuration mechanism #1 of a test host bridge, on an ad-hoc harness board. */
class PciModelTest {

    static final int DEV = PciConfig.devfn(3, 0);
    static final int BAR0 = PciConfig.BASE_ADDRESS_0;
    static final int BAR1 = BAR0 + 4;
    static final int BAR2 = BAR0 + 8;
    static final int BAR3 = BAR0 + 12;

    static MachineHarness.Builder board() {
        return MachineHarness.builder().contribute(TestPci.TYPES)
                .board(BoardDefinition.builder()
                        .hook(BoardHook.Stage.BEFORE_DEVICES, ctx -> ctx.systemMemory().addSubregion(0, ctx.machine().ram()))
                        .device(DeviceSpec.of("host", TestPci.HOST).on("main-system-bus")).build(), null);
    }

    /** 16 MiB of RAM at 0, the test host and one test function at 03.0. */
    static MachineHarness machine() {
        return board().device(TestPci.DEVICE, "f", Map.of("addr", "03.0")).build();
    }

    static TestPci.Function function(MachineHarness h) {
        return (TestPci.Function) h.resolve("/machine/peripheral/f");
    }

    static PciBus bus(MachineHarness h) {
        return (PciBus) h.resolve("/machine/host/pci.0");
    }

    static int read(MachineHarness h, int devfn, int reg, int size) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        return (int) h.io().read(0xcfc + (reg & 3), size);
    }

    static void write(MachineHarness h, int devfn, int reg, int size, long value) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        h.io().write(0xcfc + (reg & 3), size, value);
    }

    @Test
    void configurationMechanismOneReadsTheHeaderAndAbsentFunctionsReadAllOnes() {
        try (MachineHarness h = machine()) {
            assertEquals(TestPci.DEVICE_ID << 16 | TestPci.VENDOR, read(h, DEV, 0, 4));
            assertEquals(TestPci.DEVICE_ID, read(h, DEV, 2, 2), "port 0xcfe reaches register 2");
            assertEquals(0x03, read(h, DEV, PciConfig.REVISION_ID, 1));
            assertEquals(0xff00, read(h, DEV, PciConfig.CLASS_DEVICE, 2));
            assertEquals(0x1100_1af4, read(h, DEV, PciConfig.SUBSYSTEM_VENDOR_ID, 4), "QEMU's default subsystem");
            assertEquals(1, read(h, DEV, PciConfig.INTERRUPT_PIN, 1));

            assertEquals(0xffff_ffff, read(h, PciConfig.devfn(4, 0), 0, 4));
            assertEquals(0xffff, read(h, PciConfig.devfn(3, 1), 0, 2));
            h.io().write(0xcf8, 4, 0x0001_0000L | DEV << 8);
            assertEquals(0xffff_ffffL, h.io().read(0xcfc, 4), "bus 1 does not exist");
            h.io().write(0xcf8, 4, DEV << 8);
            assertEquals(0xffff_ffffL, h.io().read(0xcfc, 4), "enable bit clear");
            assertEquals(DEV << 8, h.io().read(0xcf8, 4), "CONFIG_ADDRESS reads back");
        }
    }

    @Test
    void readOnlyRegistersIgnoreWritesAndStatusErrorBitsClearOnOne() {
        try (MachineHarness h = machine()) {
            write(h, DEV, 0, 4, 0);
            write(h, DEV, PciConfig.INTERRUPT_PIN, 1, 4);
            write(h, DEV, PciConfig.COMMAND, 2, 0xffff);

            assertEquals(TestPci.DEVICE_ID << 16 | TestPci.VENDOR, read(h, DEV, 0, 4));
            assertEquals(1, read(h, DEV, PciConfig.INTERRUPT_PIN, 1));
            assertEquals(0x0507, read(h, DEV, PciConfig.COMMAND, 2), "I/O, memory, master, SERR, INTx disable");

            TestPci.Function f = function(h);
            f.setConfigWord(PciConfig.STATUS, PciConfig.STATUS_REC_MASTER_ABORT | PciConfig.STATUS_SIG_TARGET_ABORT);
            write(h, DEV, PciConfig.STATUS, 2, PciConfig.STATUS_REC_MASTER_ABORT);
            assertEquals(PciConfig.STATUS_SIG_TARGET_ABORT, read(h, DEV, PciConfig.STATUS, 2));
        }
    }

    @Test
    void barSizingReadsBackTheSizeMaskAndTheTypeBits() {
        try (MachineHarness h = machine()) {
            for (int reg = BAR0; reg <= BAR3; reg += 4) write(h, DEV, reg, 4, 0xffff_ffffL);
            write(h, DEV, PciConfig.ROM_ADDRESS, 4, 0xffff_ffffL);

            assertEquals(0xffff_ffe1, read(h, DEV, BAR0, 4), "32 I/O ports");
            assertEquals(0xffff_f000, read(h, DEV, BAR1, 4), "4 KiB, 32-bit memory");
            assertEquals(0xfff0_000c, read(h, DEV, BAR2, 4), "1 MiB, 64-bit, prefetchable");
            assertEquals(0xffff_ffff, read(h, DEV, BAR3, 4), "upper half of the 64-bit BAR");
            assertEquals(0xffff_0001, read(h, DEV, PciConfig.ROM_ADDRESS, 4), "64 KiB ROM with its enable bit");
            assertEquals(0, read(h, DEV, BAR0 + 16, 4), "BAR 4 is not implemented");
        }
    }

    @Test
    void barsMapOnlyWhileCommandEnablesTheirDecode() {
        try (MachineHarness h = machine()) {
            TestPci.Function f = function(h);
            write(h, DEV, BAR0, 4, 0xc000);
            write(h, DEV, BAR1, 4, 0xfebf_0000L);

            assertEquals(0xff, h.io().read(0xc004, 1), "programmed but I/O decode off");
            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(0));

            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO);
            h.io().write(0xc004, 1, 0x42);
            assertEquals(0x42, f.io.cells.get(4L));
            assertEquals(0xc000, f.barAddress(0));
            assertEquals(0xffff_ffffL, h.memory().read(0xfebf_0010L, 4), "memory decode still off");

            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO | PciConfig.COMMAND_MEMORY);
            assertEquals(0x5a, h.memory().read(0xfebf_0010L, 4));

            write(h, DEV, BAR1, 4, 0xfebe_0000L);
            assertEquals(0xffff_ffffL, h.memory().read(0xfebf_0010L, 4), "moved away");
            assertEquals(0x5a, h.memory().read(0xfebe_0010L, 4));

            write(h, DEV, PciConfig.COMMAND, 2, 0);
            assertEquals(0xff, h.io().read(0xc004, 1));
            assertEquals(0xffff_ffffL, h.memory().read(0xfebe_0010L, 4));
            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(1));
        }
    }

    @Test
    void zeroAllOnesAndWrappingBarsStayUnmapped() {
        try (MachineHarness h = machine()) {
            TestPci.Function f = function(h);
            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO | PciConfig.COMMAND_MEMORY);

            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(0), "address 0 is never decoded on a PC");
            write(h, DEV, BAR1, 4, 0xffff_ffffL);
            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(1), "the sizing value ends at 0xffffffff");
            write(h, DEV, BAR0, 4, 0xffff_ffffL);
            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(0));
            write(h, DEV, BAR2, 4, 0xffff_ffffL);
            write(h, DEV, BAR3, 4, 0xffff_ffffL);
            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(2), "a 64-bit BAR may not reach 2^64 - 1");
        }
    }

    @Test
    void a64BitBarMapsAbove4GibAndShowsInTheBusWindow() {
        try (MachineHarness h = machine()) {
            TestPci.Function f = function(h);
            write(h, DEV, BAR2, 4, 0x0000_000cL);
            write(h, DEV, BAR3, 4, 0x8);
            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_MEMORY);

            assertEquals(0x8_0000_0000L, f.barAddress(2));
            h.memory().write(0x8_0000_0100L, 4, 0x1234);
            assertEquals(0x1234L, f.wide.cells.get(0x100L));
            assertEquals(new PciBus.Window(0x8_0000_0000L, 0x8_000f_ffffL), bus(h).window64().orElseThrow());
        }
    }

    @Test
    void theRomBarDecodesOnlyWithItsEnableBit() {
        try (MachineHarness h = machine()) {
            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_MEMORY);
            write(h, DEV, PciConfig.ROM_ADDRESS, 4, 0xfeb0_0000L);
            assertEquals(0xffff_ffffL, h.memory().read(0xfeb0_0000L, 4));

            write(h, DEV, PciConfig.ROM_ADDRESS, 4, 0xfeb0_0001L);
            assertEquals(0x5a, h.memory().read(0xfeb0_0000L, 4));
            assertEquals(0xfeb0_0000L, function(h).barAddress(PciDevice.ROM_SLOT));
        }
    }

    @Test
    void intxGoesThroughTheRouterAndASharedLineStaysHighWhileOnePinIsHigh() {
        try (MachineHarness h = board().device(TestPci.DEVICE, "f", Map.of("addr", "03.0"))
                .device(TestPci.DEVICE, "g", Map.of("addr", "07.0")).build()) {
            TestPci.Router router = new TestPci.Router();
            bus(h).setIrqRouting(router);
            TestPci.Function f = function(h);
            TestPci.Function g = (TestPci.Function) h.resolve("/machine/peripheral/g");

            f.irq(true);
            assertTrue(router.levels[3], "INTA# of slot 3 swizzles to line 3");
            assertEquals(PciConfig.STATUS_INTERRUPT, read(h, DEV, PciConfig.STATUS, 2) & PciConfig.STATUS_INTERRUPT);

            g.irq(true);
            f.irq(false);
            assertTrue(router.levels[3], "slot 7 shares line 3");
            g.irq(false);
            assertFalse(router.levels[3]);
            assertFalse(bus(h).irqLevel(3));
            assertEquals(0, read(h, DEV, PciConfig.STATUS, 2) & PciConfig.STATUS_INTERRUPT);
        }
    }

    @Test
    void intxDisableMasksThePinWithoutForgettingIt() {
        try (MachineHarness h = machine()) {
            TestPci.Router router = new TestPci.Router();
            bus(h).setIrqRouting(router);
            TestPci.Function f = function(h);
            f.irq(true);

            write(h, DEV, PciConfig.COMMAND + 1, 1, PciConfig.COMMAND_INTX_DISABLE >> 8);
            assertFalse(router.levels[3]);
            assertTrue(f.intxAsserted(0));
            assertEquals(PciConfig.STATUS_INTERRUPT, read(h, DEV, PciConfig.STATUS, 2) & PciConfig.STATUS_INTERRUPT);

            write(h, DEV, PciConfig.COMMAND, 2, 0);
            assertTrue(router.levels[3], "unmasked, the pin is seen again");
        }
    }

    @Test
    void aRouterInstalledLateSeesThePinsAlreadyAsserted() {
        try (MachineHarness h = machine()) {
            function(h).irq(true);
            TestPci.Router router = new TestPci.Router();

            bus(h).setIrqRouting(router);

            assertEquals(List.of("3=1"), router.calls);
        }
    }

    @Test
    void aMissingRomfileFailsRealizeNamingItAfterUndoingTheDevicesOwnRealize() {
        try (MachineHarness h = board().build()) {
            TestPci.Plain f = h.registry().create(TestPci.PLAIN, TestPci.Plain.class);
            f.setProperty("romfile", "no-such-rom.bin");
            f.plugInto(bus(h));

            QomException e = assertThrows(QomException.class, () -> f.setRealized(true));

            assertTrue(e.getMessage().contains("\"no-such-rom.bin\""), e.getMessage());
            assertEquals(1, f.unrealizes, "pciUnrealize undid pciRealize");
            assertEquals(List.of(), bus(h).pciDevices(), "the slot is free again");
        }
    }

    @Test
    void resetClearsCommandBarsAndIntxButKeepsDeviceRegisters() {
        try (MachineHarness h = machine()) {
            TestPci.Router router = new TestPci.Router();
            bus(h).setIrqRouting(router);
            TestPci.Function f = function(h);
            write(h, DEV, BAR0, 4, 0xc000);
            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO | PciConfig.COMMAND_MASTER);
            write(h, DEV, PciConfig.INTERRUPT_LINE, 1, 11);
            write(h, DEV, 0x40, 4, 0xdeadbeefL);
            f.irq(true);

            Reset.reset(h.machine(), ResetType.COLD);

            assertEquals(1, f.resets, "the device's own reset ran");
            assertEquals(0, read(h, DEV, PciConfig.COMMAND, 2));
            assertEquals(1, read(h, DEV, BAR0, 4), "back to the type bits");
            assertEquals(0, read(h, DEV, PciConfig.INTERRUPT_LINE, 1));
            assertEquals(0xdeadbeef, read(h, DEV, 0x40, 4));
            assertEquals(PciDevice.BAR_UNMAPPED, f.barAddress(0));
            assertFalse(router.levels[3]);
            assertFalse(f.intxAsserted(0));
        }
    }

    @Test
    void addressesFollowQemusSyntaxAndRules() {
        try (MachineHarness h = board().device(TestPci.DEVICE, "auto", Map.of())
                .device(TestPci.DEVICE, "mf", Map.of("addr", "5", "multifunction", "on"))
                .device(TestPci.DEVICE, "fn", Map.of("addr", "05.3")).build()) {
            assertEquals("00.0", h.resolve("/machine/peripheral/auto").propertyText("addr"), "first free slot");
            assertEquals(PciConfig.devfn(5, 3), ((PciDevice) h.resolve("/machine/peripheral/fn")).devfn());
            assertEquals(0x80, read(h, PciConfig.devfn(5, 0), PciConfig.HEADER_TYPE, 1));
            assertEquals(0x00, read(h, PciConfig.devfn(5, 3), PciConfig.HEADER_TYPE, 1));
        }
        QomException clash = assertThrows(QomException.class, () -> board()
                .device(TestPci.DEVICE, "a", Map.of("addr", "3")).device(TestPci.DEVICE, "b", Map.of("addr", "03.0")).build());
        assertTrue(clash.getMessage().contains("slot 3 function 0 not available") && clash.getMessage().contains("peripheral/a"),
                clash.getMessage());
        QomException single = assertThrows(QomException.class, () -> board()
                .device(TestPci.DEVICE, "a", Map.of("addr", "3")).device(TestPci.DEVICE, "b", Map.of("addr", "03.1")).build());
        assertTrue(single.getMessage().contains("single function device can't be populated in function 03.1"), single.getMessage());
        QomException bad = assertThrows(QomException.class, () -> board().device(TestPci.DEVICE, "a", Map.of("addr", "20.0")).build());
        assertTrue(bad.getMessage().contains("'20.0' is not a PCI address"), bad.getMessage());
    }

    @Test
    void badAccessesNeitherThrowNorDisturbTheDevice() {
        try (MachineHarness h = machine()) {
            h.io().write(0xcf8, 4, 0x8000_0000L | DEV << 8 | 0xfc);
            h.io().write(0xcfe, 4, 0xffff_ffffL);
            h.io().read(0xcfd, 2);
            h.io().read(0xcfc, 8);
            h.io().write(0xcf8, 1, 0xff);
            h.io().write(0xcfa, 2, 0xffff);
            assertEquals(0xff, h.io().read(0xcf9, 1), "nothing else decodes 0xcf9 here");
            assertEquals(0x8000_0000L | DEV << 8 | 0xfc, h.io().read(0xcf8, 4), "byte and word writes are not CONFIG_ADDRESS");
            TestPci.Function f = function(h);
            assertEquals(-1, f.configRead(0xfe, 4));
            f.configWrite(0x100, 1, 1);
            f.configWrite(-4, 1, 4);

            assertEquals(TestPci.DEVICE_ID << 16 | TestPci.VENDOR, read(h, DEV, 0, 4));
        }
    }

    @Test
    void nonDwordAccessesToTheAddressPortPassThroughToOtherPorts() {
        try (MachineHarness h = machine()) {
            TestPci.Regs rcr = new TestPci.Regs();
            h.machine().systemIo().addSubregionOverlap(0xcf9, MemoryRegion.io("rcr", 1, rcr), 1);

            h.io().write(0xcf9, 1, 0x06);
            assertEquals(0x06L, rcr.cells.get(0L));
            assertEquals(0x06, h.io().read(0xcf9, 1));

            rcr.cells.clear();
            h.io().write(0xcf8, 4, 0x8000_0600L);
            assertTrue(rcr.cells.isEmpty(), "a 32-bit CONFIG_ADDRESS write does not reach 0xcf9");
            h.io().write(0xcf8, 2, 0x0400);
            assertEquals(0x04L, rcr.cells.get(0L), "a word access passes its bytes on");
        }
    }

    @Test
    void dmaIsRefusedUntilTheFunctionIsBusMaster() {
        try (MachineHarness h = machine()) {
            bus(h).setDmaSpace(h.memory());
            TestPci.Function f = function(h);
            h.memory().write(0x1000, 4, 0x11223344);
            byte[] data = new byte[4];

            assertEquals(MemTxResult.DECODE_ERROR, f.dmaReadInto(0x1000, data));
            assertArrayEquals(new byte[] {-1, -1, -1, -1}, data);
            assertEquals(MemTxResult.DECODE_ERROR, f.dmaWriteFrom(0x1000, new byte[] {0}));

            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_MASTER);
            assertEquals(MemTxResult.OK, f.dmaReadInto(0x1000, data));
            assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, data);
        }
    }

    @Test
    void savedStateRestoresRegistersMappingsAndPins() {
        try (MachineHarness h = machine()) {
            TestPci.Router router = new TestPci.Router();
            bus(h).setIrqRouting(router);
            TestPci.Function f = function(h);
            write(h, DEV, BAR0, 4, 0xc000);
            write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO);
            f.irq(true);
            PciDevice.PciState saved = f.pciState();
            Reset.reset(h.machine(), ResetType.COLD);

            f.restorePciState(saved);

            assertEquals(0xc000, f.barAddress(0));
            assertTrue(router.levels[3]);
            assertEquals(0xc001, read(h, DEV, BAR0, 4));
        }
    }

    @Test
    void impossibleBarsFailTheRealizeNamingTheBar() {
        assertBadBar("1", "the size must be a power of two of at least 16 bytes");
        assertBadBar("2", "a 64-bit BAR needs the next slot");
        assertBadBar("3", "the slot is taken");
        assertBadBar("4", "the ROM BAR takes type 0");
    }

    private static void assertBadBar(String which, String message) {
        QomException e = assertThrows(QomException.class,
                () -> board().device(TestPci.DEVICE, "f", Map.of("bad-bar", which)).build());
        assertTrue(e.getMessage().contains("/machine/peripheral/f") && e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void barsAreRegisteredOnlyWhileRealizing() {
        try (MachineHarness h = machine()) {
            MemoryRegion late = MemoryRegion.io("late", 16, new TestPci.Regs());
            assertThrows(IllegalStateException.class, () -> function(h).registerBar(4, 0, late));
        }
    }
}
