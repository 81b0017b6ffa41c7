package org.jemu.plugin.vga.internal;

import static org.jemu.plugin.vga.internal.VgaRegisters.AR_INDEX_PALETTE_SOURCE;
import static org.jemu.plugin.vga.internal.VgaRegisters.CR07_LINE_COMPARE_8;
import static org.jemu.plugin.vga.internal.VgaRegisters.CR09_LINE_COMPARE_9;
import static org.jemu.plugin.vga.internal.VgaRegisters.CR0A_CURSOR_OFF;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_CURSOR_HI;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_CURSOR_LO;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_CURSOR_START;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_H_DISP;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_LINE_COMPARE;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_MAX_SCAN;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_OFFSET;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_OVERFLOW;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_START_HI;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_START_LO;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_V_DISP_END;
import static org.jemu.plugin.vga.internal.VgaRegisters.CRTC_V_TOTAL;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_MISC;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GR05_SHIFT_SHIFT;
import static org.jemu.plugin.vga.internal.VgaRegisters.GR06_GRAPHICS_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SEQ_CLOCK_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SR01_CHAR_CLK_8DOTS;
import static org.jemu.plugin.vga.internal.VgaRegisters.SR01_DOUBLE_WIDTH;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.jemu.plugin.vga.internal.DisplayMode.Kind;

/**
 * Reads what the VGA shows from its registers and video memory, for the display API: the mode (QEMU's
 * vga_update_display choice and vga_get_resolution / vga_get_text_resolution) and the text of a text mode (QEMU's
 * vga_draw_text walk: from the CRTC start address, a line offset per row, back to 0 at the line compare scan line;
 * character in plane 0, attribute in plane 1).
 */
final class VgaScreen {

    /** The most cells a text screen may have (QEMU's CH_ATTR_SIZE); larger geometries show nothing. */
    static final int MAX_TEXT_CELLS = 160 * 100;
    /** QEMU's special case of a vertical total of 100: a CGA-style 100-row mode. */
    private static final int CGA_V_TOTAL = 100;

    private VgaScreen() {
    }

    static DisplayMode mode(VgaRegisters r, BochsVbe vbe) {
        if ((r.arIndex() & AR_INDEX_PALETTE_SOURCE) == 0) return DisplayMode.BLANK;
        if ((r.gr(GFX_MISC) & GR06_GRAPHICS_MODE) == 0) {
            int cellHeight = (r.cr(CRTC_MAX_SCAN) & 0x1f) + 1;
            int cellWidth = (r.sr(SEQ_CLOCK_MODE) & SR01_DOUBLE_WIDTH) != 0 ? 16
                    : (r.sr(SEQ_CLOCK_MODE) & SR01_CHAR_CLK_8DOTS) != 0 ? 8 : 9;
            int rows = r.cr(CRTC_V_TOTAL) == CGA_V_TOTAL ? CGA_V_TOTAL : (verticalDisplayEnd(r) + 1) / cellHeight;
            return new DisplayMode(Kind.TEXT, r.cr(CRTC_H_DISP) + 1, rows, 0, cellWidth, cellHeight);
        }
        if (vbe.enabled()) {
            return new DisplayMode(Kind.VBE, vbe.register(BochsVbe.XRES), vbe.register(BochsVbe.YRES),
                    vbe.register(BochsVbe.BPP), 0, 0);
        }
        int bpp = switch ((r.gr(GFX_MODE) >> GR05_SHIFT_SHIFT) & 3) {
            case 0 -> 4;
            case 1 -> 2;
            default -> 8;
        };
        return new DisplayMode(Kind.GRAPHICS, (r.cr(CRTC_H_DISP) + 1) * 8, verticalDisplayEnd(r) + 1, bpp, 0, 0);
    }

    private static int verticalDisplayEnd(VgaRegisters r) {
        int overflow = r.cr(CRTC_OVERFLOW);
        return r.cr(CRTC_V_DISP_END) | ((overflow & 0x02) << 7) | ((overflow & 0x40) << 3);
    }

    static TextScreen text(VgaRegisters r, BochsVbe vbe, MemorySegment vram) {
        DisplayMode m = mode(r, vbe);
        int columns = m.width();
        int rows = m.height();
        if (m.kind() != Kind.TEXT || columns * rows <= 1 || columns * rows > MAX_TEXT_CELLS) return TextScreen.NONE;
        int start = (r.cr(CRTC_START_HI) << 8) | r.cr(CRTC_START_LO);
        int lineOffset = r.cr(CRTC_OFFSET) << 3;
        int lineCompare = r.cr(CRTC_LINE_COMPARE) | ((r.cr(CRTC_OVERFLOW) & CR07_LINE_COMPARE_8) << 4)
                | ((r.cr(CRTC_MAX_SCAN) & CR09_LINE_COMPARE_9) << 3);
        byte[] chars = new byte[columns * rows];
        byte[] attrs = new byte[columns * rows];
        long size = vram.byteSize();
        long offset = start * 4L;
        int line = 0;
        for (int row = 0; row < rows; row++) {
            long src = offset;
            for (int col = 0; col < columns && src + 2 <= size; col++, src += 4) {
                chars[row * columns + col] = vram.get(ValueLayout.JAVA_BYTE, src);
                attrs[row * columns + col] = vram.get(ValueLayout.JAVA_BYTE, src + 1);
            }
            int next = line + m.cellHeight();
            offset += lineOffset;
            if (line < lineCompare && next >= lineCompare) offset = 0;
            line = next;
        }
        int cursor = ((r.cr(CRTC_CURSOR_HI) << 8) | r.cr(CRTC_CURSOR_LO)) - start;
        boolean visible = (r.cr(CRTC_CURSOR_START) & CR0A_CURSOR_OFF) == 0 && cursor >= 0 && cursor < columns * rows;
        return new TextScreen(columns, rows, new Bytes(chars), new Bytes(attrs), visible ? cursor % columns : -1,
                visible ? cursor / columns : -1);
    }
}
