package org.jemu.plugin.vga.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciConfigMechanism1;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * A harness machine with a minimal PCI host ("pci.0": PCI memory under all of system memory at priority -1, as the PC
 * hosts map it, no RAM over the VGA window; the system I/O space; configuration mechanism #1) and one "VGA" at 02.0,
 * plus port, configuration and video memory helpers.
 */
final class VgaMachine implements AutoCloseable {

    static final String HOST = "test-pci-host";
    static final int DEVFN = PciConfig.devfn(2, 0);
    static final long LFB = 0xe000_0000L;
    static final long MMIO = 0xe100_0000L;

    /** Owns "pci.0" with its own memory container and the system I/O space. */
    static final class Host extends SysBusDevice {
        private PciBus bus;
        private MemoryRegion pciMemory;
        private PciConfigMechanism1 config;

        Host(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            if (bus == null) bus = createBus(PciBus.TYPE, "pci.0", PciBus.class);
            pciMemory = MemoryRegion.container("pci", 0).setOwner(this);
            parentBus().memorySpace().addSubregionOverlap(0, pciMemory, -1);
            bus.setMemorySpace(pciMemory);
            bus.setIoSpace(parentBus().ioSpace());
            config = new PciConfigMechanism1(bus, this);
            config.map(parentBus().ioSpace());
        }

        @Override
        protected void unrealize() {
            config.unmap();
            pciMemory.container().removeSubregion(pciMemory);
        }
    }

    static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder(HOST).parent(SysBusDevice.TYPE).factory(Host::new).build());
        }
    };

    final MachineHarness h;

    private VgaMachine(MachineHarness h) {
        this.h = h;
    }

    /** The harness with the VGA at 02.0, without an option ROM unless {@code properties} name one. */
    static MachineHarness.Builder builder(Map<String, String> properties) {
        Map<String, String> p = new HashMap<>(Map.of("addr", "02.0", "romfile", ""));
        p.putAll(properties);
        return MachineHarness.builder().contribute(TYPES, new VgaDevices())
                .board(BoardDefinition.builder().device(DeviceSpec.of("host", HOST).on("main-system-bus")).build(), null)
                .device(Vga.TYPE, "vga", p);
    }

    static VgaMachine create(Map<String, String> properties) {
        return new VgaMachine(builder(properties).build());
    }

    static VgaMachine create() {
        return create(Map.of());
    }

    Vga vga() {
        return (Vga) h.resolve("/machine/peripheral/vga");
    }

    @Override
    public void close() {
        h.close();
    }

    // ---- ports ----

    int inb(int port) {
        return (int) h.io().read(port, 1);
    }

    int inw(int port) {
        return (int) h.io().read(port, 2);
    }

    void outb(int port, int value) {
        h.io().write(port, 1, value);
    }

    void outw(int port, int value) {
        h.io().write(port, 2, value);
    }

    /** Writes an indexed register through an index/data port pair as two byte writes. */
    void indexed(int indexPort, int index, int value) {
        outb(indexPort, index);
        outb(indexPort + 1, value);
    }

    int readIndexed(int indexPort, int index) {
        outb(indexPort, index);
        return inb(indexPort + 1);
    }

    void seq(int index, int value) {
        indexed(VgaRegisters.SEQ_I, index, value);
    }

    void gfx(int index, int value) {
        indexed(VgaRegisters.GFX_I, index, value);
    }

    void crtc(int index, int value) {
        indexed(VgaRegisters.CRT_IC, index, value);
    }

    void vbe(int index, int value) {
        outw(Vga.DISPI_PORT, index);
        outw(Vga.DISPI_PORT + 1, value);
    }

    int readVbe(int index) {
        outw(Vga.DISPI_PORT, index);
        return inw(Vga.DISPI_PORT + 1);
    }

    // ---- memory ----

    int peek(long address) {
        return (int) h.memory().read(address, 1);
    }

    void poke(long address, int value) {
        h.memory().write(address, 1, value);
    }

    MemorySegment vram() {
        return vga().videoMemory().ramBlock().segment();
    }

    int vramByte(long offset) {
        return vram().get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    void setVramByte(long offset, int value) {
        vram().set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    // ---- configuration space ----

    int config(int reg, int size) {
        h.io().write(PciConfigMechanism1.ADDRESS_PORT, 4, 0x8000_0000L | DEVFN << 8 | (reg & 0xfc));
        return (int) h.io().read(PciConfigMechanism1.DATA_PORT + (reg & 3), size);
    }

    void setConfig(int reg, int size, long value) {
        h.io().write(PciConfigMechanism1.ADDRESS_PORT, 4, 0x8000_0000L | DEVFN << 8 | (reg & 0xfc));
        h.io().write(PciConfigMechanism1.DATA_PORT + (reg & 3), size, value);
    }

    /** The size mask a BAR reads back after all-ones was written (then restored to 0). */
    int sizeBar(int reg) {
        setConfig(reg, 4, 0xffff_ffffL);
        int v = config(reg, 4);
        setConfig(reg, 4, 0);
        return v;
    }

    /** Programs BAR 0 at {@link #LFB} and BAR 2 at {@link #MMIO} and enables memory decoding. */
    void mapBars() {
        setConfig(PciConfig.BASE_ADDRESS_0, 4, LFB);
        setConfig(PciConfig.BASE_ADDRESS_0 + 8, 4, MMIO);
        setConfig(PciConfig.COMMAND, 2, PciConfig.COMMAND_MEMORY);
    }

    // ---- standard setups ----

    /** The registers of VGA mode 3 that matter here: colour, 80x25 text with 16-line cells at 0xB8000. */
    void textMode80x25() {
        outb(VgaRegisters.MIS_W, 0x67);
        seq(VgaRegisters.SEQ_CLOCK_MODE, 0x00);
        seq(VgaRegisters.SEQ_PLANE_WRITE, 0x03);
        seq(VgaRegisters.SEQ_MEMORY_MODE, 0x02);
        gfx(VgaRegisters.GFX_MODE, 0x10);
        gfx(VgaRegisters.GFX_MISC, 0x0e);
        gfx(VgaRegisters.GFX_BIT_MASK, 0xff);
        crtc(VgaRegisters.CRTC_H_DISP, 0x4f);
        crtc(VgaRegisters.CRTC_OVERFLOW, 0x1f);
        crtc(VgaRegisters.CRTC_MAX_SCAN, 0x4f);
        crtc(VgaRegisters.CRTC_V_DISP_END, 0x8f);
        crtc(VgaRegisters.CRTC_OFFSET, 0x28);
        crtc(VgaRegisters.CRTC_LINE_COMPARE, 0xff);
        inb(VgaRegisters.IS1_RC);
        outb(VgaRegisters.ATT_W, VgaRegisters.AR_INDEX_PALETTE_SOURCE);
    }

    /** Planar graphics: all planes, no chain-4 or odd/even, 64 KiB window at 0xA0000. */
    void planarMode() {
        seq(VgaRegisters.SEQ_PLANE_WRITE, 0x0f);
        seq(VgaRegisters.SEQ_MEMORY_MODE, 0x06);
        gfx(VgaRegisters.GFX_MODE, 0x00);
        gfx(VgaRegisters.GFX_MISC, 0x05);
        gfx(VgaRegisters.GFX_BIT_MASK, 0xff);
    }

    /** Sets plane {@code p}'s byte {@code n} directly in video memory. */
    void setPlane(int p, long n, int value) {
        setVramByte(n * 4 + p, value);
    }
}
