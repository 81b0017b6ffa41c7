package org.jemu.plugin.q35.internal;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciConfigMechanism1;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.pci.PciExpressBus;
import org.jemu.core.pci.PciIrqRouting;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;

/**
 * A minimal board for PCI function tests: RAM at 0, a test host bridge owning the PCI Express root bus "pcie.0"
 * (configuration mechanism #1 at 0xcf8, PCI memory under all of system memory, bus masters reaching system memory,
 * an INTx router with one line per pin that records its level) and the functions a test adds.
 */
final class Ich9AhciTestBoard {

    static final String HOST_TYPE = "test-pcie-host";
    static final String PCI = "pcie.0";

    private Ich9AhciTestBoard() {
    }

    /** The host bridge: the bus, its spaces, configuration ports and a recording INTx router. */
    static final class TestHost extends SysBusDevice implements PciIrqRouting {
        private final boolean[] lines = new boolean[PciConfig.PINS];
        private AddressSpace dma;
        private PciConfigMechanism1 config;
        private MemoryRegion pciMemory;

        TestHost(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            PciBus bus = createBus(PciExpressBus.TYPE, PCI, PciBus.class);
            pciMemory = MemoryRegion.container("pci", 0).setOwner(this);
            bus.setMemorySpace(pciMemory);
            bus.setIoSpace(parentBus().ioSpace());
            bus.setDmaSpace(dma);
            bus.setIrqRouting(this);
            config = new PciConfigMechanism1(bus, this);
            config.map(parentBus().ioSpace());
            parentBus().memorySpace().addSubregionOverlap(0, pciMemory, -1);
        }

        @Override
        protected void unrealize() {
            config.unmap();
            pciMemory.container().removeSubregion(pciMemory);
        }

        @Override
        public int lineCount() {
            return PciConfig.PINS;
        }

        @Override
        public int mapIrq(PciDevice device, int intx) {
            return intx;
        }

        @Override
        public void setIrq(int line, boolean level) {
            lines[line] = level;
        }

        /** Whether INTx line {@code pin} (0 = INTA#) is asserted on the bus. */
        boolean line(int pin) {
            return lines[pin];
        }
    }

    private static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder(HOST_TYPE).parent(SysBusDevice.TYPE).factory(TestHost::new).build());
        }
    };

    /** The harness with the board and {@code functions} on "pcie.0". */
    static MachineHarness.Builder harness(DeviceSpec... functions) {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .ramName("test.ram")
                .hook(Stage.BEFORE_DEVICES, Ich9AhciTestBoard::mapRam)
                .device(DeviceSpec.of("host", HOST_TYPE).on("main-system-bus")
                        .configuredBy((ctx, host) -> ((TestHost) host).dma = ctx.machine().memory()));
        for (DeviceSpec f : functions) b.device(f);
        return MachineHarness.builder().contribute(new Q35Devices(), TYPES).board(b.build(), c -> { }).ram(16L << 20);
    }

    private static void mapRam(BoardContext ctx) {
        ctx.systemMemory().addSubregion(0, ctx.machine().ram());
    }

    /** A function on "pcie.0" at {@code addr}. */
    static DeviceSpec pci(String name, String type, String addr) {
        return DeviceSpec.of(name, type).on(PCI).with("addr", addr);
    }

    static TestHost host(MachineHarness h) {
        return (TestHost) h.resolve("/machine/host");
    }

    static int configRead(MachineHarness h, int devfn, int reg, int size) {
        h.io().write(PciConfigMechanism1.ADDRESS_PORT, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        return (int) h.io().read(PciConfigMechanism1.DATA_PORT + (reg & 3), size);
    }

    static void configWrite(MachineHarness h, int devfn, int reg, int size, long value) {
        h.io().write(PciConfigMechanism1.ADDRESS_PORT, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        h.io().write(PciConfigMechanism1.DATA_PORT + (reg & 3), size, value);
    }
}
