package org.jemu.core.pci;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/** A minimal PCI host bridge and a PCI function with every kind of BAR, for the PCI model's tests. */
final class TestPci {

    static final String HOST = "test-pci-host";
    static final String DEVICE = "test-pci-dev";
    static final String PLAIN = "test-pci-plain";
    static final int VENDOR = 0x1234;
    static final int DEVICE_ID = 0x5678;

    private TestPci() {
    }

    static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder(HOST).parent(SysBusDevice.TYPE).factory(Host::new).build());
            ctx.register(TypeInfo.builder(DEVICE).parent(PciDevice.TYPE).factory(Function::new)
                    .classInit(c -> c.set(PciDevice.VENDOR_ID, VENDOR).set(PciDevice.DEVICE_ID, DEVICE_ID)
                            .set(PciDevice.REVISION, 3).set(PciDevice.CLASS_ID, 0xff00)
                            .property(PropertyDef.uint8("bad-bar").defaultValue(0)))
                    .build());
            ctx.register(TypeInfo.builder(PLAIN).parent(PciDevice.TYPE).factory(Plain::new)
                    .classInit(c -> c.set(PciDevice.VENDOR_ID, VENDOR).set(PciDevice.DEVICE_ID, DEVICE_ID + 1)).build());
        }
    };

    /**
     * Owns "pci.0": its memory space is a container under system memory (priority -1, as QEMU's PC hosts map it),
     * its I/O space the system I/O; configuration mechanism #1 at 0xcf8/0xcfc.
     */
    static final class Host extends SysBusDevice {
        PciBus bus;
        MemoryRegion pciMemory;
        PciConfigMechanism1 config;

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

    /**
     * BAR 0: 32 I/O ports, BAR 1: 4 KiB 32-bit memory, BAR 2/3: 1 MiB 64-bit prefetchable memory, ROM: 64 KiB; each
     * register file remembers what is written; INTA#. Property "bad-bar" (1..4) adds an impossible BAR.
     */
    static final class Function extends PciDevice {
        final Regs io = new Regs();
        final Regs mmio = new Regs();
        final Regs wide = new Regs();
        final Regs rom = new Regs();
        int resets;

        Function(ObjectType type) {
            super(type);
        }

        @Override
        protected void pciRealize() {
            registerBar(0, PciConfig.BAR_SPACE_IO, MemoryRegion.io("test-io", 32, io));
            registerBar(1, PciConfig.BAR_SPACE_MEMORY, MemoryRegion.io("test-mmio", 4096, mmio));
            registerBar(2, PciConfig.BAR_MEM_TYPE_64 | PciConfig.BAR_MEM_PREFETCH, MemoryRegion.io("test-wide", 1 << 20, wide));
            registerBar(ROM_SLOT, 0, MemoryRegion.io("test-rom", 64 << 10, rom));
            setInterruptPin(1);
            switch ((int) getLong("bad-bar")) {
                case 1 -> registerBar(4, PciConfig.BAR_SPACE_MEMORY, MemoryRegion.io("odd", 24, mmio));
                case 2 -> registerBar(5, PciConfig.BAR_MEM_TYPE_64, MemoryRegion.io("wide5", 16, mmio));
                case 3 -> registerBar(3, PciConfig.BAR_SPACE_IO, MemoryRegion.io("upper", 16, io));
                case 4 -> registerBar(ROM_SLOT, PciConfig.BAR_SPACE_IO, MemoryRegion.io("io-rom", 4096, rom));
                default -> { }
            }
        }

        @Override
        public void resetHold(ResetType type) {
            resets++;
        }

        void irq(boolean level) {
            setIrq(level);
        }

        MemTxResult dmaReadInto(long address, byte[] into) {
            return dmaRead(address, into, 0, into.length);
        }

        MemTxResult dmaWriteFrom(long address, byte[] data) {
            return dmaWrite(address, data, 0, data.length);
        }
    }

    /** A function without BARs of its own that counts how often its own realize was undone. */
    static final class Plain extends PciDevice {
        int unrealizes;

        Plain(ObjectType type) {
            super(type);
        }

        @Override
        protected void pciUnrealize() {
            unrealizes++;
        }
    }

    /** A register file of 8-byte cells, returning 0x5a in unwritten ones. */
    static final class Regs implements MemoryRegionOps {
        final java.util.Map<Long, Long> cells = new java.util.HashMap<>();

        @Override
        public long read(long offset, int size) {
            return cells.getOrDefault(offset, 0x5aL);
        }

        @Override
        public void write(long offset, int size, long value) {
            cells.put(offset, value);
        }
    }

    /** Records the levels a bus drives on 4 lines, swizzled by slot as on PC boards. */
    static final class Router implements PciIrqRouting {
        final boolean[] levels = new boolean[4];
        final List<String> calls = new ArrayList<>();

        @Override
        public int lineCount() {
            return 4;
        }

        @Override
        public int mapIrq(PciDevice device, int intx) {
            return PciBus.swizzle(PciConfig.slot(device.devfn()), intx);
        }

        @Override
        public void setIrq(int line, boolean level) {
            levels[line] = level;
            calls.add(line + "=" + (level ? 1 : 0));
        }
    }
}
