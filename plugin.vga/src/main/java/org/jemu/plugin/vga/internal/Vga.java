package org.jemu.plugin.vga.internal;

import java.util.List;

import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU 7.2's standard VGA (hw/display/vga-pci.c, type {@value #TYPE}): PCI 1234:1111, class 0x0300 (VGA compatible),
 * revision 2 with the QEMU extended registers (0 without), subsystem 1af4:1100, not hotpluggable.
 *
 * <h2>What the guest sees</h2>
 * <ul>
 * <li>BAR 0: video memory ("vga.vram"), {@code vgamem_mb} MiB (QEMU clamps it to 1..512 and rounds it up to a power
 *     of two; default 16), 32-bit prefetchable memory: the linear framebuffer, plain RAM for the guest.</li>
 * <li>BAR 2 (unless {@code mmio=off}): 4 KiB "vga.mmio": at 0x400 the ports 0x3c0-0x3df (byte or word accesses; a word
 *     writes index then data), at 0x500 the VBE registers as 16-bit words (register n at 0x500 + 2n), at 0x600 (with
 *     {@code qemu-extended-regs}) the QEMU extended registers: +0 their size (8), +4 the framebuffer byte order
 *     (0x1e1e1e1e little endian, 0xbebebebe big endian; writing either value selects it), 32-bit accesses only. The
 *     rest of the BAR is unassigned.</li>
 * <li>ROM BAR: the {@code romfile} option ROM, by default SeaVGABIOS's "vgabios-stdvga.bin" (looked up in the data
 *     directories; realize fails naming the file when it is missing).</li>
 * <li>Legacy VGA, whatever the PCI command register says (as in QEMU): ports 0x3b4/0x3b5, 0x3ba, 0x3c0-0x3cf,
 *     0x3d4/0x3d5, 0x3da ({@link VgaRegisters}), the Bochs VBE ports 0x1ce (index) and 0x1cf/0x1d0 (data), 16-bit
 *     accesses only (byte reads give 0xff, byte writes are dropped; {@link BochsVbe}), and the 128 KiB window
 *     "vga-lowmem" at 0xA0000 of the PCI memory space, priority 1 ({@link VgaMemory}), where the host bridge's SMRAM
 *     logic shows it. While the map mask enables all planes in chain-4 mode, video memory itself is mapped over the
 *     selected window ("vga.chain4", priority 2), as QEMU does, so such accesses run at RAM speed.</li>
 * </ul>
 *
 * <h2>For the display</h2>
 * {@link #displayMode()} and {@link #textScreen()} say what the screen shows; the framebuffer is BAR 0's RAM.
 * Reset (a system reset, QEMU's vga_reset) clears every register and the palette, not video memory.
 *
 * <p>Not supported: the EDID block QEMU shows at offset 0 of BAR 2 ({@code edid=on}; those bytes are unassigned
 * here) and its xres/yres/xmax/ymax/refresh_rate properties; "global-vmstate"; the precise retrace timing (QEMU's
 * default "dumb" retrace toggle is modelled); showing the screen (the display issue's job).
 */
public final class Vga extends PciDevice {

    public static final String TYPE = "VGA";

    private static final Logger LOG = LoggerFactory.getLogger(Vga.class);

    static final int VENDOR_QEMU = 0x1234;
    static final int DEVICE_QEMU_VGA = 0x1111;
    static final int CLASS_DISPLAY_VGA = 0x0300;
    static final int REVISION_WITH_QEXT = 2;
    static final String DEFAULT_ROMFILE = "vgabios-stdvga.bin";

    static final int VRAM_BAR = 0;
    static final int MMIO_BAR = 2;
    static final int DEFAULT_VRAM_MB = 16;
    static final int MAX_VRAM_MB = 512;

    static final int MMIO_SIZE = 0x1000;
    static final int MMIO_VGA_PORTS = 0x400;
    static final int MMIO_VGA_PORTS_SIZE = 0x20;
    /** The port the MMIO VGA window's offset 0 stands for. */
    static final int MMIO_VGA_PORTS_BASE = 0x3c0;
    static final int MMIO_DISPI = 0x500;
    static final int MMIO_DISPI_SIZE = BochsVbe.REGISTERS * 2 + 2;
    static final int MMIO_QEXT = 0x600;
    static final int QEXT_SIZE = 8;
    static final int QEXT_REG_SIZE = 0;
    static final int QEXT_REG_BYTEORDER = 4;
    static final int QEXT_LITTLE_ENDIAN = 0x1e1e1e1e;
    static final int QEXT_BIG_ENDIAN = 0xbebebebe;

    static final int DISPI_PORT = 0x1ce;
    /** 0x1ce index, 0x1cf and 0x1d0 data, 0x1d1 nothing (QEMU's portio region spans the last word). */
    static final int DISPI_PORTS = 4;
    static final int DISPI_DATA_LAST = 2;
    static final int LOWMEM_PRIORITY = 1;
    static final int CHAIN4_PRIORITY = 2;

    /** The legacy port groups QEMU registers (vga_portio_list): first port and count. */
    record PortGroup(int first, int count) {
    }

    static final List<PortGroup> VGA_PORTS = List.of(new PortGroup(0x3b4, 2), new PortGroup(0x3ba, 1),
            new PortGroup(0x3c0, 16), new PortGroup(0x3d4, 2), new PortGroup(0x3da, 1));

    /** Where a memory map's window lies in PCI memory. */
    record Window(long base, long size) {
    }

    /** The window of each memory map (index = graphics controller memory map), where its chain-4 alias goes. */
    static final List<Window> MAP_WINDOWS = List.of(new Window(0xa0000, 0x20000), new Window(0xa0000, 0x10000),
            new Window(0xb0000, 0x8000), new Window(0xb8000, 0x8000));

    private static final AccessConstraints ANY_SIZE_UNALIGNED = new AccessConstraints(1, 4, true);
    private static final AccessConstraints BYTE = new AccessConstraints(1, 1, true);
    private static final AccessConstraints BYTE_OR_WORD = new AccessConstraints(1, 2, true);

    /** The saved state: configuration space, registers, VBE, latches and framebuffer byte order (VRAM is RAM). */
    public record State(PciState pci, VgaRegisters.State registers, BochsVbe.State vbe, int latch,
            boolean bigEndianFramebuffer) {
    }

    private MemoryRegion vram;
    private BochsVbe vbe;
    private VgaRegisters regs;
    private VgaMemory memory;
    private MemoryRegion pciMemory;
    private MemoryRegion lowmem;
    private final MemoryRegion[] chain4 = new MemoryRegion[MAP_WINDOWS.size()];
    private boolean bigEndianFramebuffer;

    public Vga(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Vga::new)
                .description("standard VGA with Bochs VBE extensions").classInit(Vga::declare).build();
    }

    private static void declare(TypeClass c) {
        c.set(VENDOR_ID, VENDOR_QEMU).set(DEVICE_ID, DEVICE_QEMU_VGA).set(CLASS_ID, CLASS_DISPLAY_VGA)
                .set(CATEGORY, DeviceCategory.DISPLAY).set(HOTPLUGGABLE, false);
        c.property(PropertyDef.uint32("vgamem_mb").defaultValue((long) DEFAULT_VRAM_MB)
                .description("video memory in MiB (clamped to 1..512, rounded up to a power of two)"));
        c.property(PropertyDef.bool("mmio").defaultValue(true).description("on/off: the MMIO register BAR (BAR 2)"));
        c.property(PropertyDef.bool("qemu-extended-regs").defaultValue(true)
                .description("on/off: the QEMU extended registers in the MMIO BAR (and PCI revision 2)"));
        c.propertyDefault("romfile", DEFAULT_ROMFILE);
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    @Override
    protected void pciRealize() {
        MemoryRegion space = pciBus().memorySpace();
        if (space == null) {
            throw new RealizeException(describe() + " needs a PCI bus with a memory space (for the window at 0xa0000)");
        }
        try {
            vram = MemoryRegion.ram("vga.vram", vramBytes()).setOwner(this);
            vbe = new BochsVbe(vram.ramBlock().segment(), this::updateMemoryAccess);
            regs = new VgaRegisters(vbe, this::updateMemoryAccess);
            memory = new VgaMemory(regs, vbe, vram.ramBlock());
            registerBar(VRAM_BAR, PciConfig.BAR_MEM_PREFETCH, vram);
            if (getBool("mmio")) registerBar(MMIO_BAR, PciConfig.BAR_SPACE_MEMORY, mmioRegion(getBool("qemu-extended-regs")));
            for (PortGroup g : VGA_PORTS) exposeIoPorts(MemoryRegion.io("vga", g.count(), new VgaPorts(g.first())), g.first());
            exposeIoPorts(MemoryRegion.io("vbe", DISPI_PORTS, new DispiPorts()), DISPI_PORT);
            pciMemory = space;
            lowmem = MemoryRegion.io("vga-lowmem", VgaMemory.WINDOW_SIZE, memory).setOwner(this);
            space.addSubregionOverlap(VgaMemory.WINDOW_BASE, lowmem, LOWMEM_PRIORITY);
            for (int map = 0; map < chain4.length; map++) {
                Window w = MAP_WINDOWS.get(map);
                chain4[map] = MemoryRegion.alias("vga.chain4", vram, 0, w.size()).setOwner(this);
                chain4[map].setEnabled(false);
                space.addSubregionOverlap(w.base(), chain4[map], CHAIN4_PRIORITY);
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** QEMU's vga_common_init: vgamem_mb clamped to 1..512 and rounded up to a power of two. */
    private long vramBytes() {
        long requested = getLong("vgamem_mb");
        long mb = Math.clamp(requested, 1, MAX_VRAM_MB);
        mb = Long.highestOneBit(mb) == mb ? mb : Long.highestOneBit(mb) << 1;
        if (mb != requested) LOG.info("{}: vgamem_mb={} is used as {}", describe(), requested, mb);
        return mb << 20;
    }

    private MemoryRegion mmioRegion(boolean qext) {
        MemoryRegion mmio = MemoryRegion.container("vga.mmio", MMIO_SIZE).setOwner(this);
        mmio.addSubregion(MMIO_VGA_PORTS, MemoryRegion.io("vga ioports remapped", MMIO_VGA_PORTS_SIZE, new MmioVgaPorts()).setOwner(this));
        mmio.addSubregion(MMIO_DISPI, MemoryRegion.io("bochs dispi interface", MMIO_DISPI_SIZE, new MmioDispi()).setOwner(this));
        if (qext) {
            mmio.addSubregion(MMIO_QEXT, MemoryRegion.io("qemu extended regs", QEXT_SIZE, new QemuExtendedRegisters()).setOwner(this));
            setConfigByte(PciConfig.REVISION_ID, REVISION_WITH_QEXT);
        }
        return mmio;
    }

    @Override
    protected void pciUnrealize() {
        if (LOG.isDebugEnabled()) LOG.debug("{}: {} at unrealize:\n{}", describe(), displayMode(), textScreen().text());
        release();
    }

    /** Takes the windows out of PCI memory and frees video memory; copes with a half-done realize. */
    private void release() {
        for (int map = 0; map < chain4.length; map++) {
            if (chain4[map] != null && chain4[map].container() != null) chain4[map].container().removeSubregion(chain4[map]);
            chain4[map] = null;
        }
        if (lowmem != null && lowmem.container() != null) lowmem.container().removeSubregion(lowmem);
        lowmem = null;
        pciMemory = null;
        if (vram != null) vram.ramBlock().close();
        vram = null;
        memory = null;
        regs = null;
        vbe = null;
    }

    @Override
    public void resetHold(ResetType type) {
        if (regs == null) return;
        regs.reset();
        vbe.reset();
        memory.setLatch(0);
        bigEndianFramebuffer = false;
        updateMemoryAccess();
    }

    /**
     * Maps video memory straight over the window while the map mask enables every plane in chain-4 mode (QEMU's
     * vga_update_memory_access): the memory map's alias, at the VBE bank for map 1; otherwise none.
     */
    private void updateMemoryAccess() {
        if (pciMemory == null) return;
        boolean direct = (regs.sr(VgaRegisters.SEQ_PLANE_WRITE) & VgaRegisters.SR02_ALL_PLANES) == VgaRegisters.SR02_ALL_PLANES
                && (regs.sr(VgaRegisters.SEQ_MEMORY_MODE) & VgaRegisters.SR04_CHAIN4) != 0;
        int map = direct ? regs.memoryMap() : -1;
        if (map == 1) chain4[1].setAliasOffset(vbe.bankOffset());
        for (int m = 0; m < chain4.length; m++) if (m != map) chain4[m].setEnabled(false);
        if (map >= 0) chain4[map].setEnabled(true);
    }

    // ---- display API --------------------------------------------------------------------------------------------

    /** What the screen shows now; {@link DisplayMode#BLANK} before realize. Call with the global lock held. */
    public DisplayMode displayMode() {
        return regs == null ? DisplayMode.BLANK : VgaScreen.mode(regs, vbe);
    }

    /** The characters of the current text mode, or {@link TextScreen#NONE} outside text modes. Global lock held. */
    public TextScreen textScreen() {
        return regs == null ? TextScreen.NONE : VgaScreen.text(regs, vbe, vram.ramBlock().segment());
    }

    /** Video memory (BAR 0's RAM), null before realize. */
    public MemoryRegion videoMemory() {
        return vram;
    }

    /** Whether the guest asked for a big-endian framebuffer through the QEMU extended registers. */
    public boolean bigEndianFramebuffer() {
        return bigEndianFramebuffer;
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    public State state() {
        return new State(pciState(), regs.state(), vbe.state(), memory.latch(), bigEndianFramebuffer);
    }

    public void restore(State s) {
        restorePciState(s.pci());
        regs.restore(s.registers());
        vbe.restore(s.vbe());
        memory.setLatch(s.latch());
        bigEndianFramebuffer = s.bigEndianFramebuffer();
        vbe.applyMode(regs);
        updateMemoryAccess();
    }

    // ---- register windows ---------------------------------------------------------------------------------------

    /** One group of legacy VGA ports; wider accesses are split into bytes, lowest port first. */
    private final class VgaPorts implements MemoryRegionOps {
        private final int first;

        VgaPorts(int first) {
            this.first = first;
        }

        @Override
        public long read(long offset, int size) {
            return regs.read(first + (int) offset);
        }

        @Override
        public void write(long offset, int size, long value) {
            regs.write(first + (int) offset, (int) value);
        }

        @Override
        public AccessConstraints valid() {
            return ANY_SIZE_UNALIGNED;
        }

        @Override
        public AccessConstraints impl() {
            return BYTE;
        }
    }

    /** Ports 0x1ce (index) and 0x1cf/0x1d0 (data): 16-bit registers; QEMU answers byte accesses with nothing. */
    private final class DispiPorts implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            if (size != 2 || offset > DISPI_DATA_LAST) return size == 2 ? 0xffff : 0xff;
            return offset == 0 ? vbe.readIndex() : vbe.readData();
        }

        @Override
        public void write(long offset, int size, long value) {
            if (size != 2 || offset > DISPI_DATA_LAST) {
                if (LOG.isDebugEnabled()) LOG.debug("{}: write 0x{} of {} byte(s) to VBE port 0x{} dropped", describe(), Long.toHexString(value), size,
                        Long.toHexString(DISPI_PORT + offset));
            } else if (offset == 0) {
                vbe.writeIndex((int) value);
            } else {
                vbe.writeData((int) value, regs);
            }
        }

        @Override
        public AccessConstraints valid() {
            return ANY_SIZE_UNALIGNED;
        }

        @Override
        public AccessConstraints impl() {
            return BYTE_OR_WORD;
        }
    }

    /** BAR 2 + 0x400: ports 0x3c0-0x3df; a word access is two byte accesses, low byte (index) first. */
    private final class MmioVgaPorts implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            int port = MMIO_VGA_PORTS_BASE + (int) offset;
            return size == 1 ? regs.read(port) : regs.read(port) | regs.read(port + 1) << 8;
        }

        @Override
        public void write(long offset, int size, long value) {
            int port = MMIO_VGA_PORTS_BASE + (int) offset;
            regs.write(port, (int) value & 0xff);
            if (size == 2) regs.write(port + 1, (int) (value >> 8) & 0xff);
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 4);
        }

        @Override
        public AccessConstraints impl() {
            return AccessConstraints.aligned(1, 2);
        }
    }

    /** BAR 2 + 0x500: VBE register n at 2n, selected and accessed in one go. */
    private final class MmioDispi implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            vbe.writeIndex((int) (offset >> 1));
            return vbe.readData();
        }

        @Override
        public void write(long offset, int size, long value) {
            vbe.writeIndex((int) (offset >> 1));
            vbe.writeData((int) value, regs);
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 4);
        }

        @Override
        public AccessConstraints impl() {
            return AccessConstraints.exactly(2);
        }
    }

    /** BAR 2 + 0x600: the QEMU extended registers (size, framebuffer byte order), 32-bit only. */
    private final class QemuExtendedRegisters implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            return switch ((int) offset) {
                case QEXT_REG_SIZE -> QEXT_SIZE;
                case QEXT_REG_BYTEORDER -> (bigEndianFramebuffer ? QEXT_BIG_ENDIAN : QEXT_LITTLE_ENDIAN) & 0xffff_ffffL;
                default -> 0;
            };
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset != QEXT_REG_BYTEORDER) return;
            if (value == (QEXT_BIG_ENDIAN & 0xffff_ffffL)) bigEndianFramebuffer = true;
            if (value == QEXT_LITTLE_ENDIAN) bigEndianFramebuffer = false;
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.exactly(4);
        }
    }
}
