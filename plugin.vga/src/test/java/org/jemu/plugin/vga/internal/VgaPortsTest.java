package org.jemu.plugin.vga.internal;

import static org.jemu.plugin.vga.internal.VgaRegisters.ATT_R;
import static org.jemu.plugin.vga.internal.VgaRegisters.ATT_W;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRT_DC;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRT_DM;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRT_IC;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRT_IM;
import static org.jemu.plugin.vga.internal.VgaRegisters.IS1_RC;
import static org.jemu.plugin.vga.internal.VgaRegisters.IS1_RM;
import static org.jemu.plugin.vga.internal.VgaRegisters.MIS_R;
import static org.jemu.plugin.vga.internal.VgaRegisters.MIS_W;
import static org.jemu.plugin.vga.internal.VgaRegisters.PEL_D;
import static org.jemu.plugin.vga.internal.VgaRegisters.PEL_IR;
import static org.jemu.plugin.vga.internal.VgaRegisters.PEL_IW;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The legacy VGA ports: addressing mode, attribute flip-flop, indexed registers and their masks, the DAC. */
class VgaPortsTest {

    @Test
    void miscOutputMovesTheCrtcBetweenMonochromeAndColourPorts() {
        try (VgaMachine m = VgaMachine.create()) {
            // reset: monochrome, CRTC at 0x3b4/0x3b5
            m.indexed(CRT_IM, VgaRegisters.CRTC_CURSOR_HI, 0x12);
            assertEquals(0x12, m.readIndexed(CRT_IM, VgaRegisters.CRTC_CURSOR_HI));
            assertEquals(0xff, m.inb(CRT_IC), "colour ports are off in monochrome mode");
            assertEquals(0xff, m.inb(IS1_RC));

            m.outb(MIS_W, 0x67);

            assertEquals(0x67, m.inb(MIS_R));
            assertEquals(0x12, m.readIndexed(CRT_IC, VgaRegisters.CRTC_CURSOR_HI), "the same CRTC at 0x3d4");
            m.outb(CRT_IM, VgaRegisters.CRTC_CURSOR_HI);
            m.outb(CRT_DM, 0x34);
            assertEquals(0x12, m.readIndexed(CRT_IC, VgaRegisters.CRTC_CURSOR_HI), "0x3b5 writes are ignored now");
            assertEquals(0xff, m.inb(CRT_DM));
            assertEquals(0xff, m.inb(IS1_RM));
        }
    }

    @Test
    void miscOutputDoesNotKeepBit4() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outb(MIS_W, 0xff);
            assertEquals(0xef, m.inb(MIS_R));
        }
    }

    @Test
    void inputStatusReadResetsTheAttributeFlipFlopAndTogglesRetrace() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outb(MIS_W, 0x01);
            m.outb(ATT_W, 0x10);        // index: mode control; the next write would be data
            int first = m.inb(IS1_RC);  // back to index
            int second = m.inb(IS1_RC);
            m.outb(ATT_W, 0x32);        // an index again (0x12, screen on), not data for 0x10
            m.outb(ATT_W, 0x0f);

            assertEquals(0x0f, m.inb(ATT_R));
            m.inb(IS1_RC);
            m.outb(ATT_W, 0x10);
            assertEquals(0, m.inb(ATT_R), "mode control untouched");
            assertEquals(VgaRegisters.ST01_V_RETRACE | VgaRegisters.ST01_DISP_ENABLE, first ^ second,
                    "polling for retrace sees it change");
        }
    }

    @Test
    void attributeControllerAlternatesIndexAndDataWithMasks() {
        try (VgaMachine m = VgaMachine.create()) {
            m.inb(IS1_RM);
            m.outb(ATT_W, 0x03);
            m.outb(ATT_W, 0xff);         // palette 3 keeps 6 bits
            m.outb(ATT_W, 0x10);
            m.outb(ATT_W, 0xff);         // mode control loses bit 4

            m.outb(ATT_W, 0x03);
            assertEquals(0x3f, m.inb(ATT_R));
            m.inb(IS1_RM);
            m.outb(ATT_W, 0x10);
            assertEquals(0xef, m.inb(ATT_R));
            assertEquals(0, m.inb(ATT_W), "the index reads 0 while the flip-flop points at data");
        }
    }

    @Test
    void sequencerAndGraphicsRegistersKeepOnlyTheirBits() {
        try (VgaMachine m = VgaMachine.create()) {
            m.seq(VgaRegisters.SEQ_MEMORY_MODE, 0xff);
            m.gfx(VgaRegisters.GFX_MODE, 0xff);
            m.gfx(0x0b, 0xff);

            assertEquals(0x0e, m.readIndexed(VgaRegisters.SEQ_I, VgaRegisters.SEQ_MEMORY_MODE));
            assertEquals(0x7b, m.readIndexed(VgaRegisters.GFX_I, VgaRegisters.GFX_MODE));
            assertEquals(0, m.readIndexed(VgaRegisters.GFX_I, 0x0b));
            m.outb(VgaRegisters.SEQ_I, 0xfc);
            assertEquals(0x04, m.inb(VgaRegisters.SEQ_I), "the sequencer index has 3 bits");
        }
    }

    @Test
    void wordWriteToAnIndexPortWritesIndexThenData() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outw(VgaRegisters.GFX_I, 0x0805);
            assertEquals(0x08, m.readIndexed(VgaRegisters.GFX_I, VgaRegisters.GFX_MODE));
        }
    }

    @Test
    void crtcRegisters0To7AreProtectedExceptLineCompareBit8() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outb(MIS_W, 0x01);
            m.crtc(VgaRegisters.CRTC_H_DISP, 0x4f);
            m.crtc(VgaRegisters.CRTC_V_SYNC_END, 0x80);

            m.crtc(VgaRegisters.CRTC_H_DISP, 0x27);
            m.crtc(VgaRegisters.CRTC_OVERFLOW, 0xff);
            m.crtc(VgaRegisters.CRTC_OFFSET, 0x28);

            assertEquals(0x4f, m.readIndexed(CRT_IC, VgaRegisters.CRTC_H_DISP));
            assertEquals(0x10, m.readIndexed(CRT_IC, VgaRegisters.CRTC_OVERFLOW));
            assertEquals(0x28, m.readIndexed(CRT_IC, VgaRegisters.CRTC_OFFSET));
        }
    }

    @Test
    void dacWritesAndReadsRgbTriplesAdvancingTheIndex() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outb(PEL_IW, 0xff);
            for (int v : new int[] {1, 2, 3, 4, 5, 6}) m.outb(PEL_D, v);   // entries 255 and 0 (the index wraps)
            assertEquals(1, m.inb(PEL_IW));
            assertEquals(0, m.inb(PEL_IR), "DAC state: write mode");

            m.outb(PEL_IR, 0xff);
            int[] read = new int[6];
            for (int i = 0; i < 6; i++) read[i] = m.inb(PEL_D);

            assertEquals(3, m.inb(PEL_IR), "DAC state: read mode");
            assertEquals("[1, 2, 3, 4, 5, 6]", java.util.Arrays.toString(read));
        }
    }

    @Test
    void unusedPortsAndIndicesReadHarmlessValues() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outb(MIS_W, 0x01);
            assertDoesNotThrow(() -> {
                m.outb(VgaRegisters.PEL_MSK, 0xff);
                m.outb(0x3cd, 0x12);
                m.outb(ATT_W, 0x1f);
                m.outb(ATT_W, 0x12);           // no attribute register 0x1f
                m.crtc(0xff, 0x99);            // CRTC index 0xff is a plain byte
                m.h.io().write(ATT_W, 4, 0xffff_ffffL);
            });
            assertEquals(0, m.inb(VgaRegisters.PEL_MSK), "the pixel mask is not stored (as in QEMU)");
            assertEquals(0xff, m.inb(0x3b0), "not a VGA port: unassigned");
            m.inb(IS1_RC);
            m.outb(ATT_W, 0x1f);
            assertEquals(0, m.inb(ATT_R));
            assertEquals(0x99, m.readIndexed(CRT_IC, 0xff));
            assertNotEquals(0xff, m.inb(MIS_R), "the device still answers");
        }
    }

    @Test
    void colourPortsWorkAfterCrtcWritesToTheInactiveGroup() {
        try (VgaMachine m = VgaMachine.create()) {
            m.outb(MIS_W, 0x01);
            m.outb(CRT_DC, 0x55);     // index 0 (reset value), data 0x55
            assertEquals(0x55, m.readIndexed(CRT_IC, 0));
        }
    }
}
