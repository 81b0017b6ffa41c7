package org.jemu.plugin.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.plugin.vga.internal.DisplayMode.Kind;
import org.junit.jupiter.api.Test;

/** The display API: the mode the registers select and the text a text mode shows. */
class VgaScreenTest {

    private static void print(VgaMachine m, int column, int row, String text, int attribute) {
        for (int i = 0; i < text.length(); i++) {
            long at = 0xb8000 + 2L * (row * 80 + column + i);
            m.poke(at, text.charAt(i));
            m.poke(at + 1, attribute);
        }
    }

    @Test
    void blankUntilTheAttributeControllerShowsThePalette() {
        try (VgaMachine m = VgaMachine.create()) {
            assertEquals(DisplayMode.BLANK, m.vga().displayMode());
            assertEquals(TextScreen.NONE, m.vga().textScreen());
        }
    }

    @Test
    void mode3IsAn80x25TextModeWith9x16Cells() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            assertEquals(new DisplayMode(Kind.TEXT, 80, 25, 0, 9, 16), m.vga().displayMode());
        }
    }

    @Test
    void textScreenShowsCharactersAttributesAndCursor() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            print(m, 0, 0, "SeaBIOS (version test)", 0x07);
            print(m, 10, 24, "bottom", 0x1e);
            m.crtc(VgaRegisters.CRTC_CURSOR_HI, (24 * 80 + 16) >> 8);
            m.crtc(VgaRegisters.CRTC_CURSOR_LO, (24 * 80 + 16) & 0xff);

            TextScreen t = m.vga().textScreen();

            assertEquals(80, t.columns());
            assertEquals(25, t.rows());
            assertEquals("SeaBIOS (version test)", t.line(0));
            assertEquals("          bottom", t.line(24));
            assertEquals(0x1e, t.attribute(10, 24));
            assertEquals(16, t.cursorColumn());
            assertEquals(24, t.cursorRow());
            assertEquals("SeaBIOS (version test)\n" + "\n".repeat(23) + "          bottom", t.text());

            m.crtc(VgaRegisters.CRTC_CURSOR_START, 0x20);
            assertEquals(-1, m.vga().textScreen().cursorRow(), "cursor off");
        }
    }

    @Test
    void textScreenStartsAtTheCrtcStartAddress() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            print(m, 0, 1, "second", 0x07);
            m.crtc(VgaRegisters.CRTC_START_LO, 80);

            assertEquals("second", m.vga().textScreen().line(0));
        }
    }

    @Test
    void graphicsAndVbeModesAreReportedWithResolutionAndDepth() {
        try (VgaMachine m = VgaMachine.create()) {
            m.textMode80x25();
            m.gfx(VgaRegisters.GFX_MISC, 0x05);
            m.gfx(VgaRegisters.GFX_MODE, 0x40);
            assertEquals(new DisplayMode(Kind.GRAPHICS, 640, 400, 8, 0, 0), m.vga().displayMode());
            assertEquals(TextScreen.NONE, m.vga().textScreen());

            m.vbe(BochsVbe.XRES, 1024);
            m.vbe(BochsVbe.YRES, 768);
            m.vbe(BochsVbe.BPP, 16);
            m.vbe(BochsVbe.ENABLE, BochsVbe.ENABLED);
            assertEquals(new DisplayMode(Kind.VBE, 1024, 768, 16, 0, 0), m.vga().displayMode());
            assertEquals("VBE 1024x768x16", m.vga().displayMode().toString());
        }
    }
}
