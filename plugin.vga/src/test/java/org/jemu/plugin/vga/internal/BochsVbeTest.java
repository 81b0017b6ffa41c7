package org.jemu.plugin.vga.internal;

import static org.jemu.plugin.vga.internal.BochsVbe.BANK;
import static org.jemu.plugin.vga.internal.BochsVbe.BPP;
import static org.jemu.plugin.vga.internal.BochsVbe.ENABLE;
import static org.jemu.plugin.vga.internal.BochsVbe.ENABLED;
import static org.jemu.plugin.vga.internal.BochsVbe.GETCAPS;
import static org.jemu.plugin.vga.internal.BochsVbe.ID;
import static org.jemu.plugin.vga.internal.BochsVbe.LFB_ENABLED;
import static org.jemu.plugin.vga.internal.BochsVbe.NOCLEARMEM;
import static org.jemu.plugin.vga.internal.BochsVbe.VIRT_HEIGHT;
import static org.jemu.plugin.vga.internal.BochsVbe.VIRT_WIDTH;
import static org.jemu.plugin.vga.internal.BochsVbe.XRES;
import static org.jemu.plugin.vga.internal.BochsVbe.X_OFFSET;
import static org.jemu.plugin.vga.internal.BochsVbe.YRES;
import static org.jemu.plugin.vga.internal.BochsVbe.Y_OFFSET;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Bochs VBE (DISPI) interface at ports 0x1ce/0x1cf: identification, capabilities, modes, banks, bad values. */
class BochsVbeTest {

    @Test
    void idReadsB0C5AndKeepsOnlyKnownVersions() {
        try (VgaMachine m = VgaMachine.create()) {
            assertEquals(0xb0c5, m.readVbe(ID));
            m.vbe(ID, 0xb0c0);
            assertEquals(0xb0c0, m.readVbe(ID), "SeaVGABIOS's probe: write ID0 and read it back");
            m.vbe(ID, 0x1234);
            assertEquals(0xb0c0, m.readVbe(ID));
            m.outw(Vga.DISPI_PORT, ID);
            assertEquals(0xb0c0, m.inw(Vga.DISPI_PORT + 2), "0x1d0 is a second data port");
            assertEquals(ID, m.inw(Vga.DISPI_PORT));
            assertEquals(0xffff, m.inw(Vga.DISPI_PORT + 3), "0x1d1 answers nothing");
        }
    }

    @Test
    void getcapsShowsTheMaximaAndVideoMemorySizeIsIn64KiBUnits() {
        try (VgaMachine m = VgaMachine.create()) {
            m.vbe(XRES, 1024);
            m.vbe(ENABLE, GETCAPS);
            assertEquals(16000, m.readVbe(XRES));
            assertEquals(12000, m.readVbe(YRES));
            assertEquals(32, m.readVbe(BPP));
            m.vbe(ENABLE, 0);
            assertEquals(1024, m.readVbe(XRES));
            assertEquals(256, m.readVbe(BochsVbe.VIDEO_MEMORY_64K));
        }
    }

    @Test
    void modeSetShowsTheLinearFramebufferAtTheComputedOffset() {
        try (VgaMachine m = VgaMachine.create()) {
            m.mapBars();
            m.vbe(XRES, 640);
            m.vbe(YRES, 480);
            m.vbe(BPP, 32);
            m.vbe(ENABLE, ENABLED | LFB_ENABLED);

            m.h.memory().write(VgaMachine.LFB + (10L * 640 + 3) * 4, 4, 0x00ff_8040);

            assertEquals(0x40, m.vramByte((10L * 640 + 3) * 4));
            assertEquals(0xff, m.vramByte((10L * 640 + 3) * 4 + 2));
            m.inb(VgaRegisters.IS1_RM);
            m.outb(VgaRegisters.ATT_W, VgaRegisters.AR_INDEX_PALETTE_SOURCE);
            assertEquals(new DisplayMode(DisplayMode.Kind.VBE, 640, 480, 32, 0, 0), m.vga().displayMode());
            assertEquals(640, m.readVbe(VIRT_WIDTH));
            assertEquals((16 << 20) / (640 * 4), m.readVbe(VIRT_HEIGHT));
            assertEquals((640 * 4 >> 3) & 0xff, m.readIndexed(VgaRegisters.CRT_IM, VgaRegisters.CRTC_OFFSET),
                    "the CRTC offset follows the mode (a byte; monochrome addressing after reset)");
        }
    }

    @Test
    void enablingClearsTheVisibleMemoryUnlessNoclearmem() {
        try (VgaMachine m = VgaMachine.create()) {
            m.setVramByte(100, 0x55);
            m.vbe(XRES, 64);
            m.vbe(YRES, 64);
            m.vbe(BPP, 8);
            m.vbe(ENABLE, ENABLED | NOCLEARMEM);
            assertEquals(0x55, m.vramByte(100));

            m.vbe(ENABLE, 0);
            m.vbe(ENABLE, ENABLED);
            assertEquals(0, m.vramByte(100));
        }
    }

    @Test
    void banksMoveThe0xA0000WindowThroughVideoMemory() {
        try (VgaMachine m = VgaMachine.create()) {
            m.vbe(XRES, 1024);
            m.vbe(YRES, 768);
            m.vbe(BPP, 8);
            m.vbe(ENABLE, ENABLED);
            m.vbe(BANK, 3);
            m.poke(0xa0010, 0x66);
            assertEquals(0x66, m.vramByte((3 << 16) + 0x10));

            m.vbe(BANK, 0x1ff);
            assertEquals(0xff, m.readVbe(BANK), "masked to the 256 banks of 16 MiB");
            m.poke(0xa0000, 0x77);
            assertEquals(0x77, m.vramByte(0xffL << 16));
        }
    }

    @Test
    void vgaSequencerWritesDoNotDisturbTheVbeWindow() {
        try (VgaMachine m = VgaMachine.create()) {
            m.vbe(XRES, 800);
            m.vbe(YRES, 600);
            m.vbe(BPP, 8);
            m.vbe(ENABLE, ENABLED);
            m.vbe(BANK, 1);
            m.seq(VgaRegisters.SEQ_PLANE_WRITE, 0x01);   // the VGA set, not the VBE one: the window stays direct
            m.poke(0xa0001, 0x12);
            assertEquals(0x12, m.vramByte(0x10001));
        }
    }

    @Test
    void badModeValuesAreClampedAsQemuDoes() {
        try (VgaMachine m = VgaMachine.create()) {
            m.vbe(ENABLE, ENABLED);
            m.vbe(XRES, 0);
            assertEquals(8, m.readVbe(XRES));
            m.vbe(XRES, 0xffff);
            assertEquals(16000, m.readVbe(XRES));
            m.vbe(XRES, 643);
            assertEquals(640, m.readVbe(XRES), "multiples of 8");
            m.vbe(VIRT_WIDTH, 0);
            assertEquals(640, m.readVbe(VIRT_WIDTH), "at least the width");
            m.vbe(BPP, 7);
            assertEquals(8, m.readVbe(BPP));
            m.vbe(BPP, 15);
            assertEquals(15, m.readVbe(BPP), "15 bits stay, stored in 16");
            m.vbe(YRES, 0);
            assertEquals(1, m.readVbe(YRES));
            m.vbe(YRES, 60000);
            assertEquals(12000, m.readVbe(YRES));
            m.vbe(BPP, 32);
            m.vbe(XRES, 4096);
            m.vbe(YRES, 4096);
            assertEquals((16 << 20) / (4096 * 4), m.readVbe(YRES), "no taller than video memory");
            m.vbe(Y_OFFSET, 5000);
            assertEquals(0, m.readVbe(Y_OFFSET), "an offset past video memory falls back to 0");
            m.vbe(X_OFFSET, 20000);
            assertEquals(0, m.readVbe(X_OFFSET));
            m.vbe(VIRT_HEIGHT, 1);
            assertEquals(1024, m.readVbe(VIRT_HEIGHT), "computed, not written");
        }
    }

    @Test
    void strayIndicesAndByteAccessesDoNothing() {
        try (VgaMachine m = VgaMachine.create()) {
            assertDoesNotThrow(() -> {
                m.vbe(0x1234, 0x5678);
                m.vbe(BochsVbe.VIDEO_MEMORY_64K, 1);
                m.outb(Vga.DISPI_PORT, XRES);
                m.outb(Vga.DISPI_PORT + 1, 0x40);
                m.h.io().write(Vga.DISPI_PORT, 4, 0xffff_ffffL);
            });
            assertEquals(0, m.readVbe(0x1234));
            assertEquals(256, m.readVbe(BochsVbe.VIDEO_MEMORY_64K));
            assertEquals(0xff, m.inb(Vga.DISPI_PORT), "QEMU answers byte reads with nothing");
            assertEquals(0, m.readVbe(XRES));
            m.vbe(ENABLE, ENABLED);
            m.vbe(BANK, 0xffff);
            m.poke(0xa0000, 1);
            assertEquals(1, m.vramByte(0xffL << 16), "still working");
        }
    }
}
