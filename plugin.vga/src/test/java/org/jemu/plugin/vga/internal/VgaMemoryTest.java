package org.jemu.plugin.vga.internal;

import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_BIT_MASK;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_COMPARE_MASK;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_COMPARE_VALUE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_DATA_ROTATE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_MISC;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_PLANE_READ;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_SR_ENABLE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_SR_VALUE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SEQ_MEMORY_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SEQ_PLANE_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The 0xA0000 window: memory maps, odd/even text addressing, planar reads and writes, chain-4. */
class VgaMemoryTest {

    private static final long A0000 = 0xa0000;
    private static final long B8000 = 0xb8000;

    @Test
    void textWritesAt0xB8000LandInPlanes0And1AndReadBack() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            m.poke(B8000, 'H');
            m.poke(B8000 + 1, 0x1f);
            m.poke(B8000 + 2, 'i');
            m.poke(B8000 + 3, 0x4e);

            assertEquals('H', m.vramByte(0), "character: plane 0");
            assertEquals(0x1f, m.vramByte(1), "attribute: plane 1");
            assertEquals('i', m.vramByte(4));
            assertEquals(0x4e, m.vramByte(5));
            assertEquals(0, m.vramByte(2), "plane 2 (the font) untouched");
            assertEquals(0x4e69, m.h.memory().read(B8000 + 2, 2));
        }
    }

    @Test
    void memoryMapSelectsTheWindowAndOutsideItReads0xff() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();   // map 3: 0xB8000, 32 KiB
            m.setPlane(0, 0, 'X');

            assertEquals(0xff, m.peek(A0000), "0xA0000 is outside map 3");
            m.poke(A0000, 0x11);
            assertEquals('X', m.peek(B8000));

            m.gfx(GFX_MISC, 0x0a);   // map 2: 0xB0000
            assertEquals('X', m.peek(0xb0000));
            assertEquals(0xff, m.peek(B8000));
        }
    }

    @Test
    void fontLoadedThroughPlane2AsVgaBiosesDoIsReadByTheTextScreen() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            // SeaVGABIOS's get_font_access: plane 2 only, sequential addressing, 64 KiB map at 0xA0000
            m.outw(VgaRegisters.SEQ_I, 0x0100);
            m.outw(VgaRegisters.SEQ_I, 0x0402);
            m.outw(VgaRegisters.SEQ_I, 0x0704);
            m.outw(VgaRegisters.SEQ_I, 0x0300);
            m.outw(VgaRegisters.GFX_I, 0x0204);
            m.outw(VgaRegisters.GFX_I, 0x0005);
            m.outw(VgaRegisters.GFX_I, 0x0406);
            for (int line = 0; line < 16; line++) m.poke(A0000 + 'A' * 32 + line, 0x80 | line);
            assertEquals(0x85, m.peek(A0000 + 'A' * 32 + 5), "read map 2 returns the font");
            // release_font_access: planes 0/1, odd/even, 0xB8000
            m.outw(VgaRegisters.SEQ_I, 0x0100);
            m.outw(VgaRegisters.SEQ_I, 0x0302);
            m.outw(VgaRegisters.SEQ_I, 0x0304);
            m.outw(VgaRegisters.SEQ_I, 0x0300);
            m.outw(VgaRegisters.GFX_I, 0x0e06);
            m.outw(VgaRegisters.GFX_I, 0x0004);
            m.outw(VgaRegisters.GFX_I, 0x1005);
            for (int i = 0; i < 3; i++) m.poke(B8000 + 160 + 2 * i, 'A');

            assertEquals(0x80 | 7, m.vramByte(('A' * 32 + 7) * 4 + 2), "glyph line 7 of 'A' in plane 2");
            assertEquals(0, m.vramByte(('A' * 32 + 7) * 4), "planes 0 and 1 kept");
            assertEquals("AAA", m.vga().textScreen().line(1));
        }
    }

    @Test
    void writeMode0AppliesSetResetAndBitMaskOverTheLatches() {
        try (VgaMachine m = VgaMachine.create()) {
            m.planarMode();
            for (int p = 0; p < 4; p++) m.setPlane(p, 0, 0x0f);
            m.gfx(GFX_SR_ENABLE, 0x05);     // planes 0 and 2 take the set/reset colour
            m.gfx(GFX_SR_VALUE, 0x01);      // ... which sets plane 0, clears plane 2
            m.gfx(GFX_BIT_MASK, 0xf0);      // only the high nibble changes

            m.peek(A0000);                   // load the latches
            m.poke(A0000, 0x3c);

            assertEquals(0xff, m.vramByte(0), "plane 0: set/reset 1 in the masked bits");
            assertEquals(0x3f, m.vramByte(1), "plane 1: CPU data in the masked bits");
            assertEquals(0x0f, m.vramByte(2), "plane 2: set/reset 0");
            assertEquals(0x3f, m.vramByte(3));
        }
    }

    @Test
    void writeMode0RotatesAndCombinesWithTheLatches() {
        try (VgaMachine m = VgaMachine.create()) {
            m.planarMode();
            m.setPlane(0, 0, 0xf0);
            m.gfx(GFX_DATA_ROTATE, 0x18 | 4);   // XOR, rotate right by 4
            m.peek(A0000);
            m.poke(A0000, 0x0f);

            assertEquals(0xf0 ^ 0xf0, m.vramByte(0));
            assertEquals(0xf0, m.vramByte(1), "latch 0 ^ rotated 0xf0");
        }
    }

    @Test
    void writeMode1CopiesTheLatchesAndWriteMode2And3PaintColours() {
        try (VgaMachine m = VgaMachine.create()) {
            m.planarMode();
            for (int p = 0; p < 4; p++) m.setPlane(p, 0, 0x11 * (p + 1));
            m.gfx(GFX_MODE, 0x01);
            m.peek(A0000);
            m.poke(A0000 + 1, 0);
            for (int p = 0; p < 4; p++) assertEquals(0x11 * (p + 1), m.vramByte(4 + p), "mode 1: latch copy");

            m.gfx(GFX_MODE, 0x02);
            m.gfx(GFX_BIT_MASK, 0x81);
            m.peek(A0000 + 2);
            m.poke(A0000 + 2, 0x0a);          // colour 10: planes 1 and 3
            assertEquals(0x00, m.vramByte(8));
            assertEquals(0x81, m.vramByte(9));

            m.gfx(GFX_MODE, 0x03);
            m.gfx(GFX_BIT_MASK, 0xff);
            m.gfx(GFX_SR_VALUE, 0x04);
            m.peek(A0000 + 3);
            m.poke(A0000 + 3, 0x3c);          // bit mask = 0xff & 0x3c, colour = set/reset (plane 2)
            assertEquals(0x3c, m.vramByte(14));
            assertEquals(0x00, m.vramByte(12));
        }
    }

    @Test
    void readMode1ReportsPixelsMatchingTheCompareColour() {
        try (VgaMachine m = VgaMachine.create()) {
            m.planarMode();
            m.setPlane(0, 0, 0xff);
            m.setPlane(1, 0, 0x0f);
            m.setPlane(2, 0, 0x00);
            m.setPlane(3, 0, 0xf0);
            m.gfx(GFX_MODE, 0x08);
            m.gfx(GFX_COMPARE_VALUE, 0x09);
            m.gfx(GFX_COMPARE_MASK, 0x0f);
            assertEquals(0xf0, m.peek(A0000), "colour 9 in the high nibble");

            m.gfx(GFX_COMPARE_MASK, 0x01);    // only plane 0 matters
            assertEquals(0xff, m.peek(A0000));

            m.gfx(GFX_MODE, 0x00);
            m.gfx(GFX_PLANE_READ, 3);
            assertEquals(0xf0, m.peek(A0000), "read mode 0: the read map's plane");
        }
    }

    @Test
    void mapMaskLimitsPlanarWrites() {
        try (VgaMachine m = VgaMachine.create()) {
            m.planarMode();
            m.seq(SEQ_PLANE_WRITE, 0x06);
            m.poke(A0000, 0xaa);
            assertEquals(0x00aa_aa00, m.vram().get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
        }
    }

    @Test
    void chain4WithAllPlanesMapsVideoMemoryStraightIntoTheWindow() {
        try (VgaMachine m = VgaMachine.create()) {
            m.seq(SEQ_PLANE_WRITE, 0x0f);
            m.seq(SEQ_MEMORY_MODE, 0x0e);
            m.gfx(GFX_MODE, 0x40);
            m.gfx(GFX_MISC, 0x05);
            m.poke(A0000 + 5, 0x42);
            m.h.memory().write(A0000 + 8, 4, 0x1234_5678);

            assertEquals(0x42, m.vramByte(5));
            assertEquals(0x78, m.vramByte(8));
            assertEquals(0x1234_5678, m.h.memory().read(A0000 + 8, 4));

            m.seq(SEQ_PLANE_WRITE, 0x01);   // chain-4 through the device: plane = address & 3
            m.poke(A0000 + 6, 0x99);
            m.poke(A0000 + 4, 0x77);
            assertEquals(0x00, m.vramByte(6));
            assertEquals(0x77, m.vramByte(4));
        }
    }
}
