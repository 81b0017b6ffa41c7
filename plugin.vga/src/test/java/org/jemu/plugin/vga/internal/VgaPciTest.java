package org.jemu.plugin.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.Test;

/** The VGA as a PCI function: identity, BARs, the MMIO register BAR, the option ROM, reset and state. */
class VgaPciTest {

    @Test
    void headerShowsQemuStandardVgaIdentity() {
        try (VgaMachine m = VgaMachine.create()) {
            assertEquals(0x1111_1234, m.config(PciConfig.VENDOR_ID, 4));
            assertEquals(0x0300_0002, m.config(PciConfig.REVISION_ID, 4), "class 03.00.00, revision 2");
            assertEquals(0x1100_1af4, m.config(PciConfig.SUBSYSTEM_VENDOR_ID, 4));
            assertEquals(0, m.config(PciConfig.INTERRUPT_PIN, 1), "no interrupt");
        }
    }

    @Test
    void barsAre16MiBPrefetchableVramAnd4KiBMmioAndNothingElse() {
        try (VgaMachine m = VgaMachine.create()) {
            assertEquals(0xff00_0008, m.sizeBar(PciConfig.BASE_ADDRESS_0));
            assertEquals(0, m.sizeBar(PciConfig.BASE_ADDRESS_0 + 4));
            assertEquals(0xffff_f000, m.sizeBar(PciConfig.BASE_ADDRESS_0 + 8));
            for (int bar = 3; bar < 6; bar++) assertEquals(0, m.sizeBar(PciConfig.BASE_ADDRESS_0 + 4 * bar));
            assertEquals(0, m.sizeBar(PciConfig.ROM_ADDRESS), "romfile= leaves the ROM BAR out");
        }
    }

    @Test
    void vgamemMbIsRoundedUpToAPowerOfTwoAndShownInTheBarAndVbe() {
        try (VgaMachine m = VgaMachine.create(Map.of("vgamem_mb", "5"))) {
            assertEquals(0xff80_0008, m.sizeBar(PciConfig.BASE_ADDRESS_0), "8 MiB");
            assertEquals(128, m.readVbe(BochsVbe.VIDEO_MEMORY_64K));
        }
    }

    @Test
    void mmioOffLeavesBar2OutAndQextOffKeepsRevision0() {
        try (VgaMachine noMmio = VgaMachine.create(Map.of("mmio", "off"))) {
            assertEquals(0, noMmio.sizeBar(PciConfig.BASE_ADDRESS_0 + 8));
            assertEquals(0, noMmio.config(PciConfig.REVISION_ID, 1), "the revision comes with the extended registers");
        }
        try (VgaMachine noQext = VgaMachine.create(Map.of("qemu-extended-regs", "off"))) {
            noQext.mapBars();
            assertEquals(0, noQext.config(PciConfig.REVISION_ID, 1));
            assertEquals(0xffff_ffffL, noQext.h.memory().read(VgaMachine.MMIO + Vga.MMIO_QEXT, 4), "unassigned");
        }
    }

    @Test
    void mmioBarReachesVgaPortsDispiAndExtendedRegisters() {
        try (VgaMachine m = VgaMachine.create()) {
            m.mapBars();
            long mmio = VgaMachine.MMIO;
            assertEquals(Vga.QEXT_SIZE, m.h.memory().read(mmio + Vga.MMIO_QEXT, 4));
            assertEquals(0x1e1e_1e1eL, m.h.memory().read(mmio + Vga.MMIO_QEXT + 4, 4));
            m.h.memory().write(mmio + Vga.MMIO_QEXT + 4, 4, 0xbebe_bebeL);
            assertTrue(m.vga().bigEndianFramebuffer());
            assertEquals(0xbebe_bebeL, m.h.memory().read(mmio + Vga.MMIO_QEXT + 4, 4));

            assertEquals(BochsVbe.ID5, m.h.memory().read(mmio + Vga.MMIO_DISPI + 2 * BochsVbe.ID, 2));
            m.h.memory().write(mmio + Vga.MMIO_DISPI + 2 * BochsVbe.XRES, 2, 800);
            assertEquals(800, m.readVbe(BochsVbe.XRES), "the same registers as the ports");

            // a word write to the sequencer's index port writes index then data
            m.h.memory().write(mmio + Vga.MMIO_VGA_PORTS + 4, 2, 0x0302);
            assertEquals(0x03, m.readIndexed(VgaRegisters.SEQ_I, VgaRegisters.SEQ_PLANE_WRITE));
            assertEquals(0x0302, m.h.memory().read(mmio + Vga.MMIO_VGA_PORTS + 4, 2));
            assertEquals(0xffff_ffffL, m.h.memory().read(mmio + 0x100, 4), "the rest of the BAR is unassigned");
        }
    }

    @Test
    void missingRomfileFailsRealizeNamingTheFile() {
        QomException e = assertThrows(QomException.class, () -> VgaMachine.builder(Map.of("romfile", Vga.DEFAULT_ROMFILE)).build());
        assertTrue(e.getMessage().contains("\"vgabios-stdvga.bin\""), e.getMessage());
        assertTrue(e.getMessage().contains("vga"), e.getMessage());
    }

    @Test
    void typeDefaultsToSeaVgaBiosAsItsOptionRom() {
        try (VgaMachine m = VgaMachine.create()) {
            assertEquals(Vga.DEFAULT_ROMFILE, m.h.registry().require(Vga.TYPE).property("romfile").orElseThrow().defaultValue());
        }
    }

    @Test
    void resetClearsRegistersAndVbeButNotVideoMemory() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            m.poke(0xb8000, 'A');
            m.vbe(BochsVbe.XRES, 640);

            Reset.reset(m.h.machine(), ResetType.COLD);

            assertEquals(0, m.inb(VgaRegisters.MIS_R));
            assertEquals(0, m.readVbe(BochsVbe.XRES));
            assertEquals(BochsVbe.ID5, m.readVbe(BochsVbe.ID));
            assertEquals(DisplayMode.BLANK, m.vga().displayMode());
            assertEquals('A', m.vramByte(0));
        }
    }

    @Test
    void restoringAStateBringsBackRegistersVbeAndTheDirectWindow() {
        try (VgaMachine m = VgaMachine.create()) {
            m.mapBars();
            m.textMode80x25();
            m.crtc(VgaRegisters.CRTC_CURSOR_LO, 0x42);
            m.vbe(BochsVbe.XRES, 320);
            m.vbe(BochsVbe.YRES, 200);
            m.vbe(BochsVbe.BPP, 8);
            m.vbe(BochsVbe.ENABLE, BochsVbe.ENABLED);
            m.vbe(BochsVbe.BANK, 2);
            Vga.State saved = m.vga().state();

            Reset.reset(m.h.machine(), ResetType.COLD);
            assertNotEquals(saved, m.vga().state());
            m.vga().restore(saved);

            assertEquals(saved, m.vga().state());
            assertEquals(0x42, m.readIndexed(VgaRegisters.CRT_IC, VgaRegisters.CRTC_CURSOR_LO));
            assertEquals(new DisplayMode(DisplayMode.Kind.VBE, 320, 200, 8, 0, 0), m.vga().displayMode());
            m.poke(0xa0000, 0x5a);
            assertEquals(0x5a, m.vramByte(2 << 16), "bank 2 shows through the window again");
        }
    }
}
