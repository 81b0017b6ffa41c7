package org.jemu.plugin.vga.internal;

/**
 * The characters a text mode shows, with their attributes and the cursor: what a text console or a test reads
 * (QEMU's vga_update_text). Cell {@code (column, row)} is index {@code row * columns + column}.
 *
 * @param columns       characters per row
 * @param rows          rows
 * @param characters    character codes (code page 437 in the standard font), one per cell
 * @param attributes    attribute bytes (background colour in bits 4-7, foreground in bits 0-3), one per cell
 * @param cursorColumn  the cursor's column, -1 when it is off or off screen
 * @param cursorRow     the cursor's row, -1 when it is off or off screen
 */
public record TextScreen(int columns, int rows, Bytes characters, Bytes attributes, int cursorColumn, int cursorRow) {

    /** No text: the VGA is not in a text mode, or its geometry is degenerate. */
    public static final TextScreen NONE = new TextScreen(0, 0, new Bytes(new byte[0]), new Bytes(new byte[0]), -1, -1);

    public TextScreen {
        if (characters.length() != columns * rows || attributes.length() != columns * rows) {
            throw new IllegalArgumentException(columns + "x" + rows + " screen needs " + columns * rows + " cells");
        }
    }

    public int character(int column, int row) {
        return characters.get(row * columns + column);
    }

    public int attribute(int column, int row) {
        return attributes.get(row * columns + column);
    }

    /**
     * Row {@code row} as text without trailing blanks: printable ASCII as it is, character 0 as a blank, anything
     * else (line drawing, accented letters) as '?'.
     */
    public String line(int row) {
        StringBuilder b = new StringBuilder(columns);
        for (int c = 0; c < columns; c++) {
            int ch = character(c, row);
            b.append(ch == 0 ? ' ' : ch >= 0x20 && ch < 0x7f ? (char) ch : '?');
        }
        return b.toString().stripTrailing();
    }

    /** Every row as {@link #line}, joined with newlines, without trailing empty rows. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows; r++) b.append(line(r)).append('\n');
        return b.toString().stripTrailing();
    }
}
