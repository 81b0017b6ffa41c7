package org.jemu.plugin.vga.internal;

/**
 * What the VGA shows, as its registers say (QEMU's choice between vga_draw_text, vga_draw_graphic and
 * vga_draw_blank).
 *
 * @param kind         blank (attribute index bit 5 clear), text, VGA graphics or a Bochs VBE mode
 * @param width        text: columns; graphics: pixels (QEMU's vga_get_resolution, from the CRTC or the VBE registers)
 * @param height       text: rows; graphics: pixels
 * @param bitsPerPixel graphics: 4 (planar 16 colours), 2 (CGA 4 colours) or 8 (256 colours) by the graphics
 *                     controller's shift mode; VBE: the VBE depth; text and blank: 0
 * @param cellWidth    text: character cell width in pixels (8, 9, or 16 when the sequencer doubles dots); else 0
 * @param cellHeight   text: character cell height in scan lines; else 0
 */
public record DisplayMode(Kind kind, int width, int height, int bitsPerPixel, int cellWidth, int cellHeight) {

    /** The display's state. */
    public enum Kind {
        BLANK, TEXT, GRAPHICS, VBE
    }

    public static final DisplayMode BLANK = new DisplayMode(Kind.BLANK, 0, 0, 0, 0, 0);

    @Override
    public String toString() {
        return switch (kind) {
            case BLANK -> "blank";
            case TEXT -> "text " + width + "x" + height + " (" + cellWidth + "x" + cellHeight + " cells)";
            case GRAPHICS -> "graphics " + width + "x" + height + "x" + bitsPerPixel;
            case VBE -> "VBE " + width + "x" + height + "x" + bitsPerPixel;
        };
    }
}
