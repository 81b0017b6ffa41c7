package org.jemu.plugin.vga.internal;

import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_BIT_MASK;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_COMPARE_MASK;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_COMPARE_VALUE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_DATA_ROTATE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_PLANE_READ;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_SR_ENABLE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GFX_SR_VALUE;
import static org.jemu.plugin.vga.internal.VgaRegisters.GR05_ODD_EVEN;
import static org.jemu.plugin.vga.internal.VgaRegisters.GR05_READ_MODE_1;
import static org.jemu.plugin.vga.internal.VgaRegisters.GR05_WRITE_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SEQ_MEMORY_MODE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SEQ_PLANE_WRITE;
import static org.jemu.plugin.vga.internal.VgaRegisters.SR04_CHAIN4;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;
import org.jemu.memory.RamBlock;

/**
 * The legacy VGA memory window, 128 KiB at 0xA0000 (QEMU's "vga-lowmem", vga_mem_readb/writeb), over the four
 * planes in video memory. Plane {@code p}'s byte {@code n} is video memory byte {@code 4n + p} (QEMU's layout, so
 * chain-4 modes and the framebuffer BAR see the same bytes).
 *
 * <p>The graphics controller's memory map (miscellaneous register bits 2-3) selects the window: 0xA0000 128 KiB,
 * 0xA0000 64 KiB (plus the VBE bank), 0xB0000 32 KiB or 0xB8000 32 KiB; outside it reads are 0xff and writes are
 * dropped. Three addressings:
 * <ul>
 * <li>chain-4 (sequencer memory mode bit 3): the address is the video memory byte; writes go where the map mask
 *     enables plane {@code address & 3};</li>
 * <li>odd/even (graphics mode register bit 4, text modes): even addresses reach plane 0 (or 2), odd ones plane 1 (or
 *     3), byte {@code address & ~1} of the plane; the read map select's bit 1 picks the pair; writes obey the map
 *     mask;</li>
 * <li>planar: a read loads the four latches and returns one plane (read mode 0: the read map select) or the colour
 *     compare result (read mode 1: bit set where every plane not excluded by the colour don't care register equals
 *     the colour compare value); a write combines the CPU byte with the latches by write mode 0 (rotate, set/reset),
 *     1 (latches), 2 (colour from the low nibble) or 3 (rotated byte ANDed into the bit mask, set/reset colour),
 *     then the logical operation (replace, AND, OR, XOR), the bit mask (other bits from the latches), and the map
 *     mask.</li>
 * </ul>
 * Accesses past the end of video memory read 0xff and are dropped. Only byte accesses reach this class; wider ones
 * are split by the memory core.
 */
final class VgaMemory implements MemoryRegionOps {

    static final long WINDOW_BASE = 0xa0000;
    static final long WINDOW_SIZE = 0x20000;
    /** Offsets in the window where maps 2 (0xB0000) and 3 (0xB8000) begin, and their size. */
    static final int MAP2_OFFSET = 0x10000;
    static final int MAP3_OFFSET = 0x18000;
    static final int SMALL_MAP_SIZE = 0x8000;
    static final int BANKED_MAP_SIZE = 0x10000;

    private static final ValueLayout.OfInt PLANES = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final AccessConstraints BYTES = new AccessConstraints(1, 1, true);

    private final VgaRegisters regs;
    private final BochsVbe vbe;
    private final MemorySegment vram;
    private final RamBlock block;
    private final long vramSize;
    /** The four latches, plane p in byte p. */
    private int latch;

    VgaMemory(VgaRegisters regs, BochsVbe vbe, RamBlock block) {
        this.regs = regs;
        this.vbe = vbe;
        this.block = block;
        this.vram = block.segment();
        this.vramSize = block.size();
    }

    int latch() {
        return latch;
    }

    void setLatch(int value) {
        latch = value;
    }

    @Override
    public long read(long offset, int size) {
        return readByte((int) offset & (int) (WINDOW_SIZE - 1));
    }

    @Override
    public void write(long offset, int size, long value) {
        writeByte((int) offset & (int) (WINDOW_SIZE - 1), (int) value & 0xff);
    }

    @Override
    public AccessConstraints impl() {
        return BYTES;
    }

    /** The window offset as a video memory address for the current memory map, or -1 outside the map. */
    private long mapAddress(int offset) {
        return switch (regs.memoryMap()) {
            case 0 -> offset;
            case 1 -> offset < BANKED_MAP_SIZE ? offset + (long) vbe.bankOffset() : -1;
            case 2 -> offset >= MAP2_OFFSET && offset < MAP2_OFFSET + SMALL_MAP_SIZE ? offset - MAP2_OFFSET : -1;
            default -> offset >= MAP3_OFFSET ? offset - MAP3_OFFSET : -1;
        };
    }

    int readByte(int offset) {
        long addr = mapAddress(offset);
        if (addr < 0) return 0xff;
        if ((regs.sr(SEQ_MEMORY_MODE) & SR04_CHAIN4) != 0) {
            return addr < vramSize ? vram.get(ValueLayout.JAVA_BYTE, addr) & 0xff : 0xff;
        }
        if ((regs.gr(GFX_MODE) & GR05_ODD_EVEN) != 0) {
            int plane = (regs.gr(GFX_PLANE_READ) & 2) | (int) (addr & 1);
            long at = ((addr & ~1L) << 1) | plane;
            return at < vramSize ? vram.get(ValueLayout.JAVA_BYTE, at) & 0xff : 0xff;
        }
        if (addr * 4 >= vramSize) return 0xff;
        latch = vram.get(PLANES, addr * 4);
        if ((regs.gr(GFX_MODE) & GR05_READ_MODE_1) == 0) {
            return (latch >>> (8 * (regs.gr(GFX_PLANE_READ) & 3))) & 0xff;
        }
        int differ = (latch ^ planeMask(regs.gr(GFX_COMPARE_VALUE))) & planeMask(regs.gr(GFX_COMPARE_MASK));
        differ |= differ >>> 16;
        differ |= differ >>> 8;
        return ~differ & 0xff;
    }

    void writeByte(int offset, int value) {
        long addr = mapAddress(offset);
        if (addr < 0) return;
        int mapMask = regs.sr(SEQ_PLANE_WRITE);
        if ((regs.sr(SEQ_MEMORY_MODE) & SR04_CHAIN4) != 0) {
            if ((mapMask & (1 << (addr & 3))) != 0 && addr < vramSize) store(addr, value);
            return;
        }
        if ((regs.gr(GFX_MODE) & GR05_ODD_EVEN) != 0) {
            int plane = (regs.gr(GFX_PLANE_READ) & 2) | (int) (addr & 1);
            long at = ((addr & ~1L) << 1) | plane;
            if ((mapMask & (1 << plane)) != 0 && at < vramSize) store(at, value);
            return;
        }
        int val = combine(value);
        if (addr * 4 >= vramSize) return;
        int writeMask = planeMask(mapMask);
        int old = vram.get(PLANES, addr * 4);
        vram.set(PLANES, addr * 4, (old & ~writeMask) | (val & writeMask));
        block.markDirty(addr * 4, 4);
    }

    private void store(long at, int value) {
        vram.set(ValueLayout.JAVA_BYTE, at, (byte) value);
        block.markDirty(at, 1);
    }

    /** The four plane bytes a planar write produces from the CPU byte, the latches and the graphics controller. */
    private int combine(int value) {
        int rotate = regs.gr(GFX_DATA_ROTATE) & 7;
        int bitMask;
        int val;
        switch (regs.gr(GFX_MODE) & GR05_WRITE_MODE) {
            case 1 -> {
                return latch;
            }
            case 2 -> {
                val = planeMask(value & 0x0f);
                bitMask = regs.gr(GFX_BIT_MASK);
            }
            case 3 -> {
                bitMask = regs.gr(GFX_BIT_MASK) & rotateRight(value, rotate);
                val = planeMask(regs.gr(GFX_SR_VALUE));
            }
            default -> {
                val = rotateRight(value, rotate) * 0x01010101;
                int setReset = planeMask(regs.gr(GFX_SR_ENABLE));
                val = (val & ~setReset) | (planeMask(regs.gr(GFX_SR_VALUE)) & setReset);
                bitMask = regs.gr(GFX_BIT_MASK);
            }
        }
        val = switch (regs.gr(GFX_DATA_ROTATE) >> 3) {
            case 1 -> val & latch;
            case 2 -> val | latch;
            case 3 -> val ^ latch;
            default -> val;
        };
        int mask = bitMask * 0x01010101;
        return (val & mask) | (latch & ~mask);
    }

    private static int rotateRight(int b, int n) {
        return ((b >>> n) | (b << (8 - n))) & 0xff;
    }

    /** A 4-bit plane set as a 32-bit mask with byte p all ones for each plane p in {@code planes}. */
    static int planeMask(int planes) {
        return ((planes & 1) != 0 ? 0x000000ff : 0) | ((planes & 2) != 0 ? 0x0000ff00 : 0)
                | ((planes & 4) != 0 ? 0x00ff0000 : 0) | ((planes & 8) != 0 ? 0xff000000 : 0);
    }
}
