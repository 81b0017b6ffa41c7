package org.jemu.plugin.q35.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfigMechanism1;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * A small board for the ICH9 LPC bridge's tests: a stand-in PCI host ("pcie.0" with configuration mechanism #1 at
 * 0xcf8, its memory space a container under system memory), "ICH9-LPC" at 1f.0, a stand-in "ISA" bus type (the real
 * one lives in plugin.pc) and a PCI function that raises a chosen INTx pin.
 */
final class LpcTestBoard {

    static final String HOST = "lpc-test-pcihost";
    static final String INTX_DEVICE = "lpc-test-intx";
    static final String PCI = "pcie.0";
    static final String LPC = "lpc";

    private LpcTestBoard() {
    }

    /** An ISA bus type as plugin.pc registers it (by name). */
    static final class IsaBus extends Bus {
        IsaBus(ObjectType type) {
            super(type);
        }
    }

    /** Owns "pcie.0": memory space a container under system memory (priority -1), I/O space the system I/O. */
    static final class Host extends SysBusDevice {
        PciBus bus;
        MemoryRegion pciMemory;
        PciConfigMechanism1 config;

        Host(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            if (bus == null) bus = createBus(PciBus.TYPE, PCI, PciBus.class);
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

    /** A PCI function that raises its INTx pin ("pin": 1..4 for INTA..INTD) when told. */
    static final class IntxFunction extends PciDevice {
        IntxFunction(ObjectType type) {
            super(type);
        }

        @Override
        protected void pciRealize() {
            setInterruptPin((int) getLong("pin"));
        }

        void irq(boolean level) {
            setIrq(level);
        }
    }

    static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder(Ich9Lpc.ISA_BUS_TYPE).parent(Bus.TYPE).factory(IsaBus::new).build());
            ctx.register(TypeInfo.builder(HOST).parent(SysBusDevice.TYPE).factory(Host::new).build());
            ctx.register(TypeInfo.builder(INTX_DEVICE).parent(PciDevice.TYPE).factory(IntxFunction::new)
                    .classInit(c -> c.set(PciDevice.VENDOR_ID, 0x1234).set(PciDevice.DEVICE_ID, 0x0002)
                            .property(PropertyDef.uint8("pin").defaultValue(1)))
                    .build());
        }
    };

    /** The board with "ICH9-LPC" at 1f.0 (plus {@code lpcProperties}), then {@code more}. */
    static MachineHarness.Builder harness(Map<String, String> lpcProperties, DeviceSpec... more) {
        DeviceSpec lpc = DeviceSpec.of(LPC, Ich9Lpc.TYPE).on(PCI).with("addr", "1f.0").with("multifunction", "on");
        for (Map.Entry<String, String> e : lpcProperties.entrySet()) lpc = lpc.with(e.getKey(), e.getValue());
        BoardDefinition.Builder b = BoardDefinition.builder()
                .device(DeviceSpec.of("host", HOST).on("main-system-bus"))
                .device(lpc);
        for (DeviceSpec d : more) b.device(d);
        return MachineHarness.builder().contribute(new Q35Devices(), TYPES).board(b.build(), null).ram(16L << 20);
    }

    /** A test function at {@code addr} raising INTx pin {@code pin} (1..4). */
    static DeviceSpec intx(String name, String addr, int pin) {
        return DeviceSpec.of(name, INTX_DEVICE).on(PCI).with("addr", addr).with("pin", pin);
    }

    static int configRead(MachineHarness h, int devfn, int reg, int size) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        return (int) h.io().read(0xcfc + (reg & 3), size);
    }

    static void configWrite(MachineHarness h, int devfn, int reg, int size, long value) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        h.io().write(0xcfc + (reg & 3), size, value);
    }

    /** Records the levels driven on a GPIO output array. */
    static final class Lines {
        final boolean[] level;
        final List<String> changes = new ArrayList<>();

        Lines(int count) {
            level = new boolean[count];
        }

        IrqLine line(int n) {
            return l -> {
                level[n] = l;
                changes.add(n + "=" + (l ? 1 : 0));
            };
        }
    }
}
