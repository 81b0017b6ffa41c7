package org.jemu.plugin.vga.internal;

import java.lang.foreign.MemorySegment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bochs VBE display interface ("DISPI") of QEMU's standard VGA (hw/display/vga.c, vbe_ioport_*): an index
 * register and 16-bit data registers, reached through ports 0x1ce (index) and 0x1cf/0x1d0 (data), or through the
 * MMIO BAR.
 *
 * <h2>Registers</h2>
 * {@link #ID} keeps the last of 0xB0C0..0xB0C5 written (0xB0C5 after reset; other values are ignored).
 * {@link #XRES}, {@link #YRES}, {@link #BPP}, {@link #VIRT_WIDTH}, {@link #X_OFFSET}, {@link #Y_OFFSET}: the mode;
 * while the interface is enabled every write is checked against video memory and clamped to the nearest valid value,
 * as QEMU's vbe_fixup_regs does (the interface has no way to report an error): the depth must be 4, 8, 15, 16, 24 or
 * 32 (anything else becomes 8; 15 takes 16 bits per pixel), widths are rounded down to multiples of 8 (at least 8,
 * at most {@value #MAX_XRES}), the virtual width is at least the width, the height is at least 1 and at most what
 * the memory holds at that line length (and {@value #MAX_YRES}), and offsets that would show memory past the end
 * fall back to 0. {@link #VIRT_HEIGHT} is computed (writes are ignored). {@link #ENABLE}: bit 0 enables the mode
 * (switching the VGA registers to a graphics mode with a linear 64 KiB window at 0xA0000 and clearing the visible
 * memory unless {@link #NOCLEARMEM} is set), {@link #GETCAPS} makes XRES/YRES/BPP read their maxima, {@link #DAC_8BIT}
 * selects 8-bit palette entries; {@link #LFB_ENABLED} is stored (the framebuffer BAR is always there). {@link #BANK}
 * selects which 64 KiB of video memory the 0xA0000 window shows, masked to the memory size.
 * {@link #VIDEO_MEMORY_64K} reads the memory size in 64 KiB units. Other indices read 0 and ignore writes.
 */
final class BochsVbe {

    private static final Logger LOG = LoggerFactory.getLogger(BochsVbe.class);

    static final int ID = 0x0;
    static final int XRES = 0x1;
    static final int YRES = 0x2;
    static final int BPP = 0x3;
    static final int ENABLE = 0x4;
    static final int BANK = 0x5;
    static final int VIRT_WIDTH = 0x6;
    static final int VIRT_HEIGHT = 0x7;
    static final int X_OFFSET = 0x8;
    static final int Y_OFFSET = 0x9;
    /** The number of stored registers (QEMU's VBE_DISPI_INDEX_NB). */
    static final int REGISTERS = 0xa;
    static final int VIDEO_MEMORY_64K = 0xa;

    static final int ID0 = 0xb0c0;
    static final int ID5 = 0xb0c5;

    static final int ENABLED = 0x01;
    static final int GETCAPS = 0x02;
    static final int DAC_8BIT = 0x20;
    static final int LFB_ENABLED = 0x40;
    static final int NOCLEARMEM = 0x80;

    static final int MAX_XRES = 16000;
    static final int MAX_YRES = 12000;
    static final int MAX_BPP = 32;

    static final int BANK_SHIFT = 16;

    /** The saved DISPI state: index, the ten registers and the derived start address and line length. */
    public record State(int index, int id, int xres, int yres, int bpp, int enable, int bank, int virtWidth,
            int virtHeight, int xOffset, int yOffset, int startAddress, int lineOffset, int bankOffset) {
    }

    private final MemorySegment vram;
    private final long vramSize;
    private final int bankMask;
    private final Runnable memoryMapChanged;
    private final int[] regs = new int[REGISTERS];
    private int index;
    /** Where the visible picture starts in video memory, in 4-byte units (QEMU's vbe_start_addr). */
    private int startAddress;
    /** Bytes per (virtual) line. */
    private int lineOffset;
    /** What the 0xA0000 window adds in memory map 1 (64 KiB at 0xA0000): the bank times 64 KiB. */
    private int bankOffset;

    /**
     * @param vram             video memory (cleared by mode sets)
     * @param memoryMapChanged told when the bank or the enable bit changed what the 0xA0000 window shows
     */
    BochsVbe(MemorySegment vram, Runnable memoryMapChanged) {
        this.vram = vram;
        this.vramSize = vram.byteSize();
        this.bankMask = (int) (vramSize >> BANK_SHIFT) - 1;
        this.memoryMapChanged = memoryMapChanged;
        reset();
    }

    /** Power-on state (QEMU's vga_common_reset): everything 0, ID 0xB0C5. */
    void reset() {
        index = 0;
        java.util.Arrays.fill(regs, 0);
        regs[ID] = ID5;
        startAddress = 0;
        lineOffset = 0;
        bankOffset = 0;
    }

    boolean enabled() {
        return (regs[ENABLE] & ENABLED) != 0;
    }

    int register(int i) {
        return regs[i];
    }

    int startAddress() {
        return startAddress;
    }

    int lineOffset() {
        return lineOffset;
    }

    int bankOffset() {
        return bankOffset;
    }

    int readIndex() {
        return index;
    }

    void writeIndex(int value) {
        index = value & 0xffff;
    }

    /** The register the index selects (QEMU's vbe_ioport_read_data). */
    int readData() {
        if (index < REGISTERS) {
            if ((regs[ENABLE] & GETCAPS) != 0) {
                return switch (index) {
                    case XRES -> MAX_XRES;
                    case YRES -> MAX_YRES;
                    case BPP -> MAX_BPP;
                    default -> regs[index];
                };
            }
            return regs[index];
        }
        if (index == VIDEO_MEMORY_64K) return (int) (vramSize >> BANK_SHIFT);
        return 0;
    }

    /** A write to the register the index selects (QEMU's vbe_ioport_write_data); {@code vga} shows mode changes. */
    void writeData(int value, VgaRegisters vga) {
        int v = value & 0xffff;
        switch (index) {
            case ID -> {
                if (v >= ID0 && v <= ID5) regs[ID] = v;
            }
            case XRES, YRES, BPP, VIRT_WIDTH, X_OFFSET, Y_OFFSET -> {
                regs[index] = v;
                fixup();
                applyMode(vga);
            }
            case BANK -> {
                if ((v & ~bankMask) != 0 && LOG.isDebugEnabled()) LOG.debug("VBE bank {} masked to {} ({} KiB of video memory)", v, v & bankMask, vramSize >> 10);
                regs[BANK] = v & bankMask;
                bankOffset = regs[BANK] << BANK_SHIFT;
                memoryMapChanged.run();
            }
            case ENABLE -> writeEnable(v, vga);
            default -> {
                // VIRT_HEIGHT is computed; indices past the registers have nothing behind them
            }
        }
    }

    private void writeEnable(int v, VgaRegisters vga) {
        if ((v & ENABLED) != 0 && !enabled()) {
            regs[VIRT_WIDTH] = 0;
            regs[X_OFFSET] = 0;
            regs[Y_OFFSET] = 0;
            regs[ENABLE] |= ENABLED;
            fixup();
            applyMode(vga);
            if ((v & NOCLEARMEM) == 0) vram.asSlice(0, (long) regs[YRES] * lineOffset).fill((byte) 0);
        } else {
            bankOffset = 0;
        }
        vga.setDac8bit((v & DAC_8BIT) != 0);
        regs[ENABLE] = v;
        memoryMapChanged.run();
    }

    /** Clamps the mode registers to what video memory can show (QEMU's vbe_fixup_regs); nothing while disabled. */
    private void fixup() {
        if (!enabled()) return;
        int bits = switch (regs[BPP]) {
            case 4, 8, 16, 24, 32 -> regs[BPP];
            case 15 -> 16;
            default -> {
                if (LOG.isDebugEnabled()) LOG.debug("VBE depth {} is not supported; using 8", regs[BPP]);
                regs[BPP] = 8;
                yield 8;
            }
        };
        regs[XRES] &= ~7;
        if (regs[XRES] == 0) regs[XRES] = 8;
        regs[XRES] = Math.min(regs[XRES], MAX_XRES);
        regs[VIRT_WIDTH] &= ~7;
        regs[VIRT_WIDTH] = Math.max(Math.min(regs[VIRT_WIDTH], MAX_XRES), regs[XRES]);

        long lineLength = (long) regs[VIRT_WIDTH] * bits / 8;
        long maxY = vramSize / lineLength;
        if (regs[YRES] == 0) regs[YRES] = 1;
        regs[YRES] = (int) Math.min(Math.min(regs[YRES], MAX_YRES), maxY);

        regs[X_OFFSET] = Math.min(regs[X_OFFSET], MAX_XRES);
        regs[Y_OFFSET] = Math.min(regs[Y_OFFSET], MAX_YRES);
        long picture = regs[YRES] * lineLength;
        long offset = (long) regs[X_OFFSET] * bits / 8 + regs[Y_OFFSET] * lineLength;
        if (offset + picture > vramSize) {
            regs[Y_OFFSET] = 0;
            offset = (long) regs[X_OFFSET] * bits / 8;
            if (offset + picture > vramSize) {
                regs[X_OFFSET] = 0;
                offset = 0;
            }
        }
        regs[VIRT_HEIGHT] = (int) (maxY & 0xffff);
        lineOffset = (int) lineLength;
        startAddress = (int) (offset / 4);
    }

    /** Shows the enabled mode in the VGA registers (QEMU's vbe_update_vgaregs); nothing while disabled. */
    void applyMode(VgaRegisters vga) {
        if (enabled()) vga.showVbeMode(regs[XRES], regs[YRES], regs[BPP], lineOffset);
    }

    State state() {
        return new State(index, regs[ID], regs[XRES], regs[YRES], regs[BPP], regs[ENABLE], regs[BANK], regs[VIRT_WIDTH],
                regs[VIRT_HEIGHT], regs[X_OFFSET], regs[Y_OFFSET], startAddress, lineOffset, bankOffset);
    }

    void restore(State s) {
        index = s.index() & 0xffff;
        int[] r = {s.id(), s.xres(), s.yres(), s.bpp(), s.enable(), s.bank() & bankMask, s.virtWidth(), s.virtHeight(),
                s.xOffset(), s.yOffset()};
        for (int i = 0; i < REGISTERS; i++) regs[i] = r[i] & 0xffff;
        startAddress = s.startAddress();
        lineOffset = s.lineOffset();
        bankOffset = ((s.bankOffset() >>> BANK_SHIFT) & bankMask) << BANK_SHIFT;
    }
}
