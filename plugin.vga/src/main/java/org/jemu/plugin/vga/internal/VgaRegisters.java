package org.jemu.plugin.vga.internal;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VGA register file behind ports 0x3b0-0x3df, as QEMU 7.2's vga.c models it (vga_ioport_read/write).
 *
 * <ul>
 * <li>Miscellaneous output (write 0x3c2, read 0x3cc): bit 0 selects colour (CRTC and input status at 0x3d4/0x3d5/0x3da)
 *     or monochrome (0x3b4/0x3b5/0x3ba) addressing; accesses to the other group read 0xff and are ignored. Reset value
 *     0: monochrome. Bit 4 is not stored. 0x3c2 reads input status 0 (always 0).</li>
 * <li>Input status 1 (read 0x3ba/0x3da): the vertical retrace and display enable bits toggle on every read, so
 *     polling loops end (QEMU's "dumb" retrace); the read resets the attribute controller's flip-flop. Writes to these
 *     ports set feature control (bit 4 only), read back at 0x3ca.</li>
 * <li>Attribute controller (0x3c0, data read at 0x3c1): a flip-flop alternates index and data writes; the index keeps
 *     bits 0-5 (bit 5: palette address source, i.e. the screen is on). 21 registers, each with QEMU's masks; indices
 *     past them read 0 and ignore writes.</li>
 * <li>Sequencer (0x3c4/0x3c5): 8 registers (index bits 0-2) with QEMU's masks; graphics controller (0x3ce/0x3cf): 16
 *     (index bits 0-3), 9 of them with bits; CRTC (index/data at 0x3b4/0x3b5 or 0x3d4/0x3d5): 256 bytes, registers
 *     0-7 write-protected (except bit 4 of register 7) while bit 7 of register 0x11 is set.</li>
 * <li>DAC: read index 0x3c7 (reads the DAC state: 3 after a read index write, 0 after a write index write), write
 *     index 0x3c8, data 0x3c9 in red, green, blue order; the index advances after three accesses, wrapping at 256.
 *     The pixel mask (0x3c6) is not stored and reads 0, as in QEMU.</li>
 * </ul>
 * While the Bochs VBE interface is enabled the memory path sees a second set of sequencer values ({@link #sr(int)},
 * QEMU's sr_vbe) and the VBE mode rewrites the graphics controller and CRTC registers it needs after each of their
 * writes ({@link #showVbeMode}).
 */
final class VgaRegisters {

    private static final Logger LOG = LoggerFactory.getLogger(VgaRegisters.class);

    // ---- ports ----
    static final int CRT_IM = 0x3b4;
    static final int CRT_DM = 0x3b5;
    static final int IS1_RM = 0x3ba;
    static final int ATT_W = 0x3c0;
    static final int ATT_R = 0x3c1;
    static final int MIS_W = 0x3c2;
    static final int SEQ_I = 0x3c4;
    static final int SEQ_D = 0x3c5;
    static final int PEL_MSK = 0x3c6;
    static final int PEL_IR = 0x3c7;
    static final int PEL_IW = 0x3c8;
    static final int PEL_D = 0x3c9;
    static final int FTC_R = 0x3ca;
    static final int MIS_R = 0x3cc;
    static final int GFX_I = 0x3ce;
    static final int GFX_D = 0x3cf;
    static final int CRT_IC = 0x3d4;
    static final int CRT_DC = 0x3d5;
    static final int IS1_RC = 0x3da;

    // ---- miscellaneous output and status ----
    static final int MIS_COLOR = 0x01;
    static final int MIS_UNUSED = 0x10;
    static final int FTC_WRITABLE = 0x10;
    static final int ST01_DISP_ENABLE = 0x01;
    static final int ST01_V_RETRACE = 0x08;

    // ---- sequencer ----
    static final int SEQ_REGISTERS = 8;
    static final int SEQ_RESET = 0x00;
    /** A register past the standard ones that QEMU stores whole (8 bits). */
    static final int SEQ_STORED_LAST = 0x07;
    static final int SEQ_CLOCK_MODE = 0x01;
    static final int SEQ_PLANE_WRITE = 0x02;
    static final int SEQ_CHARACTER_MAP = 0x03;
    static final int SEQ_MEMORY_MODE = 0x04;
    static final int SR01_CHAR_CLK_8DOTS = 0x01;
    static final int SR01_DOUBLE_WIDTH = 0x08;
    static final int SR02_ALL_PLANES = 0x0f;
    static final int SR04_CHAIN4 = 0x08;

    // ---- graphics controller ----
    static final int GFX_REGISTERS = 16;
    static final int GFX_SR_VALUE = 0x00;
    static final int GFX_SR_ENABLE = 0x01;
    static final int GFX_COMPARE_VALUE = 0x02;
    static final int GFX_DATA_ROTATE = 0x03;
    static final int GFX_PLANE_READ = 0x04;
    static final int GFX_MODE = 0x05;
    static final int GFX_MISC = 0x06;
    static final int GFX_COMPARE_MASK = 0x07;
    static final int GFX_BIT_MASK = 0x08;
    static final int GR05_WRITE_MODE = 0x03;
    static final int GR05_READ_MODE_1 = 0x08;
    static final int GR05_ODD_EVEN = 0x10;
    static final int GR05_SHIFT_SHIFT = 5;
    static final int GR06_GRAPHICS_MODE = 0x01;
    static final int GR06_MEMORY_MAP_SHIFT = 2;

    // ---- attribute controller ----
    static final int ATC_REGISTERS = 0x15;
    static final int ATC_PALETTE_LAST = 0x0f;
    static final int ATC_MODE = 0x10;
    static final int ATC_OVERSCAN = 0x11;
    static final int ATC_PLANE_ENABLE = 0x12;
    static final int ATC_PEL = 0x13;
    static final int ATC_COLOR_PAGE = 0x14;
    /** Attribute index bit 5: the palette is addressed by the display, i.e. the screen shows. */
    static final int AR_INDEX_PALETTE_SOURCE = 0x20;

    // ---- CRT controller ----
    static final int CRTC_REGISTERS = 256;
    static final int CRTC_H_DISP = 0x01;
    static final int CRTC_V_TOTAL = 0x06;
    static final int CRTC_OVERFLOW = 0x07;
    static final int CRTC_MAX_SCAN = 0x09;
    static final int CRTC_CURSOR_START = 0x0a;
    static final int CRTC_CURSOR_END = 0x0b;
    static final int CRTC_START_HI = 0x0c;
    static final int CRTC_START_LO = 0x0d;
    static final int CRTC_CURSOR_HI = 0x0e;
    static final int CRTC_CURSOR_LO = 0x0f;
    static final int CRTC_V_SYNC_END = 0x11;
    static final int CRTC_V_DISP_END = 0x12;
    static final int CRTC_OFFSET = 0x13;
    static final int CRTC_MODE = 0x17;
    static final int CRTC_LINE_COMPARE = 0x18;
    static final int CR11_LOCK_CR0_CR7 = 0x80;
    static final int CR07_LINE_COMPARE_8 = 0x10;
    static final int CR09_LINE_COMPARE_9 = 0x40;
    static final int CR0A_CURSOR_OFF = 0x20;

    // ---- DAC ----
    static final int PALETTE_ENTRIES = 256;
    static final int DAC_STATE_READ = 3;

    /** The saved register state. Arrays are whole register files; the indices are as last written. */
    public record State(int miscOutput, int featureControl, int status0, int status1, int seqIndex, Bytes seq,
            Bytes seqVbe, int gfxIndex, Bytes gfx, int attrIndex, boolean attrFlipFlop, Bytes attr, int crtcIndex,
            Bytes crtc, int dacState, int dacSubIndex, int dacReadIndex, int dacWriteIndex, Bytes dacCache,
            Bytes palette, boolean dac8bit) {
    }

    private final BochsVbe vbe;
    private final Runnable memoryMapChanged;

    private int msr;
    private int fcr;
    private int st00;
    private int st01;
    private int srIndex;
    private final byte[] sr = new byte[SEQ_REGISTERS];
    private final byte[] srVbe = new byte[SEQ_REGISTERS];
    private int grIndex;
    private final byte[] gr = new byte[GFX_REGISTERS];
    private int arIndex;
    private boolean arFlipFlop;
    private final byte[] ar = new byte[ATC_REGISTERS];
    private int crIndex;
    private final byte[] cr = new byte[CRTC_REGISTERS];
    private int dacState;
    private int dacSubIndex;
    private int dacReadIndex;
    private int dacWriteIndex;
    private final byte[] dacCache = new byte[3];
    private final byte[] palette = new byte[PALETTE_ENTRIES * 3];
    private boolean dac8bit;

    /**
     * @param vbe              the VBE interface whose enable bit selects the sequencer set and whose mode the
     *                         graphics controller and CRTC writes keep
     * @param memoryMapChanged told after writes that may change what the 0xA0000 window shows
     */
    VgaRegisters(BochsVbe vbe, Runnable memoryMapChanged) {
        this.vbe = vbe;
        this.memoryMapChanged = memoryMapChanged;
    }

    /** Power-on state (QEMU's vga_common_reset): every register and the palette 0. */
    void reset() {
        msr = fcr = st00 = st01 = 0;
        srIndex = grIndex = arIndex = crIndex = 0;
        arFlipFlop = false;
        Arrays.fill(sr, (byte) 0);
        Arrays.fill(srVbe, (byte) 0);
        Arrays.fill(gr, (byte) 0);
        Arrays.fill(ar, (byte) 0);
        Arrays.fill(cr, (byte) 0);
        dacState = dacSubIndex = dacReadIndex = dacWriteIndex = 0;
        Arrays.fill(dacCache, (byte) 0);
        Arrays.fill(palette, (byte) 0);
        dac8bit = false;
    }

    // ---- register values for the memory path and the display ----

    /** Sequencer register {@code i} as the memory path sees it: the VBE set while VBE is enabled. */
    int sr(int i) {
        return (vbe.enabled() ? srVbe[i] : sr[i]) & 0xff;
    }

    int gr(int i) {
        return gr[i] & 0xff;
    }

    int cr(int i) {
        return cr[i] & 0xff;
    }

    int ar(int i) {
        return ar[i] & 0xff;
    }

    int arIndex() {
        return arIndex;
    }

    /** Which window the graphics controller maps: 0 = 0xA0000 128 KiB, 1 = 0xA0000 64 KiB, 2 = 0xB0000, 3 = 0xB8000. */
    int memoryMap() {
        return (gr(GFX_MISC) >> GR06_MEMORY_MAP_SHIFT) & 3;
    }

    /** Palette entry {@code i}'s component {@code c} (0 red, 1 green, 2 blue), 6 or (with {@link #dac8bit()}) 8 bits. */
    int paletteComponent(int i, int c) {
        return palette[i * 3 + c] & 0xff;
    }

    boolean dac8bit() {
        return dac8bit;
    }

    void setDac8bit(boolean on) {
        dac8bit = on;
    }

    // ---- ports ----

    /** Whether {@code port} belongs to the addressing mode the miscellaneous output register does not select. */
    private boolean portInactive(int port) {
        return (msr & MIS_COLOR) != 0 ? port >= 0x3b0 && port <= 0x3bf : port >= 0x3d0 && port <= 0x3df;
    }

    /** A byte read of {@code port} (0x3b0..0x3df). */
    int read(int port) {
        if (portInactive(port)) return 0xff;
        return switch (port) {
            case ATT_W -> arFlipFlop ? 0 : arIndex;
            case ATT_R -> {
                int i = arIndex & 0x1f;
                yield i < ATC_REGISTERS ? ar[i] & 0xff : 0;
            }
            case MIS_W -> st00;
            case SEQ_I -> srIndex;
            case SEQ_D -> sr[srIndex] & 0xff;
            case PEL_IR -> dacState;
            case PEL_IW -> dacWriteIndex;
            case PEL_D -> readPalette();
            case FTC_R -> fcr;
            case MIS_R -> msr;
            case GFX_I -> grIndex;
            case GFX_D -> gr[grIndex] & 0xff;
            case CRT_IM, CRT_IC -> crIndex;
            case CRT_DM, CRT_DC -> cr[crIndex] & 0xff;
            case IS1_RM, IS1_RC -> {
                st01 ^= ST01_V_RETRACE | ST01_DISP_ENABLE;
                arFlipFlop = false;
                yield st01;
            }
            default -> 0;
        };
    }

    /** A byte write of {@code value} to {@code port} (0x3b0..0x3df). */
    void write(int port, int value) {
        if (portInactive(port)) return;
        int v = value & 0xff;
        switch (port) {
            case ATT_W -> writeAttribute(v);
            case MIS_W -> msr = v & ~MIS_UNUSED;
            case SEQ_I -> srIndex = v & (SEQ_REGISTERS - 1);
            case SEQ_D -> {
                sr[srIndex] = (byte) (v & seqMask(srIndex));
                memoryMapChanged.run();
            }
            case PEL_IR -> {
                dacReadIndex = v;
                dacSubIndex = 0;
                dacState = DAC_STATE_READ;
            }
            case PEL_IW -> {
                dacWriteIndex = v;
                dacSubIndex = 0;
                dacState = 0;
            }
            case PEL_D -> writePalette(v);
            case GFX_I -> grIndex = v & (GFX_REGISTERS - 1);
            case GFX_D -> {
                gr[grIndex] = (byte) (v & gfxMask(grIndex));
                vbe.applyMode(this);
                memoryMapChanged.run();
            }
            case CRT_IM, CRT_IC -> crIndex = v;
            case CRT_DM, CRT_DC -> writeCrtc(v);
            case IS1_RM, IS1_RC -> fcr = v & FTC_WRITABLE;
            default -> {
                // the pixel mask (0x3c6) and the unused ports keep nothing, as in QEMU
                if (LOG.isTraceEnabled()) LOG.trace("write 0x{} to VGA port 0x{} ignored", Integer.toHexString(v), Integer.toHexString(port));
            }
        }
    }

    /** The bits sequencer register {@code i} keeps (QEMU's sr_mask). */
    private static int seqMask(int i) {
        return switch (i) {
            case SEQ_RESET -> 0x03;
            case SEQ_CLOCK_MODE -> 0x3d;
            case SEQ_PLANE_WRITE -> 0x0f;
            case SEQ_CHARACTER_MAP -> 0x3f;
            case SEQ_MEMORY_MODE -> 0x0e;
            case SEQ_STORED_LAST -> 0xff;
            default -> 0;
        };
    }

    /** The bits graphics controller register {@code i} keeps (QEMU's gr_mask). */
    private static int gfxMask(int i) {
        return switch (i) {
            case GFX_SR_VALUE, GFX_SR_ENABLE, GFX_COMPARE_VALUE, GFX_MISC, GFX_COMPARE_MASK -> 0x0f;
            case GFX_DATA_ROTATE -> 0x1f;
            case GFX_PLANE_READ -> 0x03;
            case GFX_MODE -> 0x7b;
            case GFX_BIT_MASK -> 0xff;
            default -> 0;
        };
    }

    private void writeAttribute(int v) {
        if (!arFlipFlop) {
            arIndex = v & 0x3f;
        } else {
            int i = arIndex & 0x1f;
            if (i <= ATC_PALETTE_LAST) {
                ar[i] = (byte) (v & 0x3f);
            } else {
                switch (i) {
                    case ATC_MODE -> ar[i] = (byte) (v & ~0x10);
                    case ATC_OVERSCAN -> ar[i] = (byte) v;
                    case ATC_PLANE_ENABLE -> ar[i] = (byte) (v & ~0xc0);
                    case ATC_PEL, ATC_COLOR_PAGE -> ar[i] = (byte) (v & ~0xf0);
                    default -> {
                        if (LOG.isDebugEnabled()) LOG.debug("write to attribute controller register 0x{} (none there)", Integer.toHexString(i));
                    }
                }
            }
        }
        arFlipFlop = !arFlipFlop;
    }

    private void writeCrtc(int v) {
        if ((cr[CRTC_V_SYNC_END] & CR11_LOCK_CR0_CR7) != 0 && crIndex <= CRTC_OVERFLOW) {
            // registers 0-7 are protected; the line compare bit 8 in register 7 stays writable
            if (crIndex == CRTC_OVERFLOW) {
                cr[CRTC_OVERFLOW] = (byte) ((cr[CRTC_OVERFLOW] & ~CR07_LINE_COMPARE_8) | (v & CR07_LINE_COMPARE_8));
                vbe.applyMode(this);
            }
            return;
        }
        cr[crIndex] = (byte) v;
        vbe.applyMode(this);
    }

    private int readPalette() {
        int v = palette[dacReadIndex * 3 + dacSubIndex] & 0xff;
        if (++dacSubIndex == 3) {
            dacSubIndex = 0;
            dacReadIndex = (dacReadIndex + 1) & 0xff;
        }
        return v;
    }

    private void writePalette(int v) {
        dacCache[dacSubIndex] = (byte) v;
        if (++dacSubIndex == 3) {
            System.arraycopy(dacCache, 0, palette, dacWriteIndex * 3, 3);
            dacSubIndex = 0;
            dacWriteIndex = (dacWriteIndex + 1) & 0xff;
        }
    }

    /**
     * Shows an enabled VBE mode in the VGA registers (QEMU's vbe_update_vgaregs): graphics mode with the 64 KiB window
     * at 0xA0000, no CGA addressing or double scan, the line length, width and height in the CRTC, line compare off;
     * chain-4 with every plane for depths above 4 (in the VBE sequencer set), 256-colour shifting.
     */
    void showVbeMode(int xres, int yres, int bpp, int lineOffset) {
        gr[GFX_MISC] = (byte) ((gr[GFX_MISC] & ~0x0c) | 0x04 | GR06_GRAPHICS_MODE);
        cr[CRTC_MODE] |= 3;
        cr[CRTC_OFFSET] = (byte) (lineOffset >> 3);
        cr[CRTC_H_DISP] = (byte) ((xres >> 3) - 1);
        int h = yres - 1;
        cr[CRTC_V_DISP_END] = (byte) h;
        cr[CRTC_OVERFLOW] = (byte) ((cr[CRTC_OVERFLOW] & ~0x42) | ((h >> 7) & 0x02) | ((h >> 3) & 0x40));
        cr[CRTC_LINE_COMPARE] = (byte) 0xff;
        cr[CRTC_OVERFLOW] |= CR07_LINE_COMPARE_8;
        cr[CRTC_MAX_SCAN] |= CR09_LINE_COMPARE_9;
        int shiftControl;
        if (bpp == 4) {
            shiftControl = 0;
            srVbe[SEQ_CLOCK_MODE] &= ~SR01_DOUBLE_WIDTH;
        } else {
            shiftControl = 2;
            srVbe[SEQ_MEMORY_MODE] |= SR04_CHAIN4;
            srVbe[SEQ_PLANE_WRITE] |= SR02_ALL_PLANES;
        }
        gr[GFX_MODE] = (byte) ((gr[GFX_MODE] & ~0x60) | (shiftControl << GR05_SHIFT_SHIFT));
        cr[CRTC_MAX_SCAN] &= (byte) ~0x9f;
    }

    // ---- state ----

    State state() {
        return new State(msr, fcr, st00, st01, srIndex, new Bytes(sr), new Bytes(srVbe), grIndex, new Bytes(gr), arIndex,
                arFlipFlop, new Bytes(ar), crIndex, new Bytes(cr), dacState, dacSubIndex, dacReadIndex, dacWriteIndex,
                new Bytes(dacCache), new Bytes(palette), dac8bit);
    }

    /** Restores a saved state; indices are masked to their registers so that a bad state cannot index past them. */
    void restore(State s) {
        msr = s.miscOutput() & 0xff;
        fcr = s.featureControl() & 0xff;
        st00 = s.status0() & 0xff;
        st01 = s.status1() & 0xff;
        srIndex = s.seqIndex() & (SEQ_REGISTERS - 1);
        copy(s.seq(), sr);
        copy(s.seqVbe(), srVbe);
        grIndex = s.gfxIndex() & (GFX_REGISTERS - 1);
        copy(s.gfx(), gr);
        arIndex = s.attrIndex() & 0x3f;
        arFlipFlop = s.attrFlipFlop();
        copy(s.attr(), ar);
        crIndex = s.crtcIndex() & 0xff;
        copy(s.crtc(), cr);
        dacState = s.dacState() & 0xff;
        dacSubIndex = Math.floorMod(s.dacSubIndex(), 3);
        dacReadIndex = s.dacReadIndex() & 0xff;
        dacWriteIndex = s.dacWriteIndex() & 0xff;
        copy(s.dacCache(), dacCache);
        copy(s.palette(), palette);
        dac8bit = s.dac8bit();
    }

    private static void copy(Bytes from, byte[] to) {
        byte[] b = from.array();
        Arrays.fill(to, (byte) 0);
        System.arraycopy(b, 0, to, 0, Math.min(b.length, to.length));
    }
}
