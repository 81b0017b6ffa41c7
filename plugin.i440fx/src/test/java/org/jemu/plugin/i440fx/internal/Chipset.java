package org.jemu.plugin.i440fx.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jemu.core.pc.PcBios;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;

/**
 * The pc board's chipset on an ad-hoc harness board: RAM split as on the pc, "i440FX-pcihost" configured by the
 * board, "i440FX" at 00.0, "PIIX3" at 01.0, and the firmware hook; plus a stand-in "ISA" bus type (the real one
 * lives in plugin.pc) and a PCI function with INTA#, for PIRQ tests; more devices may follow the chipset.
 */
final class Chipset {

    static final String INTX_DEVICE = "test-pci-intx";

    private Chipset() {
    }

    /** An ISA bus type as plugin.pc registers it (by name). */
    static final class TestIsaBus extends Bus {
        TestIsaBus(ObjectType type) {
            super(type);
        }
    }

    /** A PCI function that raises INTA# when told. */
    static final class IntxFunction extends PciDevice {
        IntxFunction(ObjectType type) {
            super(type);
        }

        @Override
        protected void pciRealize() {
            setInterruptPin(1);
        }

        void irq(boolean level) {
            setIrq(level);
        }
    }

    static final ModuleInit TEST_TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder(Piix3.ISA_BUS_TYPE).parent(Bus.TYPE).factory(TestIsaBus::new).build());
            ctx.register(TypeInfo.builder(INTX_DEVICE).parent(PciDevice.TYPE).factory(IntxFunction::new)
                    .classInit(c -> c.set(PciDevice.VENDOR_ID, 0x1234).set(PciDevice.DEVICE_ID, 0x0001)).build());
        }
    };

    static MachineHarness.Builder harness(DeviceSpec... more) {
        return harness(board(more).build());
    }

    /** The harness for a board made from {@link #board(DeviceSpec...)} with more devices or hooks. */
    static MachineHarness.Builder harness(BoardDefinition board) {
        return MachineHarness.builder().contribute(new I440fxDevices(), TEST_TYPES)
                .board(board, c -> c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0)))
                .ram(16L << 20);
    }

    /** The chipset board definition, followed by {@code more}, for a test to add to. */
    static BoardDefinition.Builder board(DeviceSpec... more) {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .ramName(PcI440fxMachine.RAM_NAME)
                .hook(Stage.BEFORE_DEVICES, PiixRamSplit::layOutRam)
                .device(DeviceSpec.of("i440fx", I440fxPciHost.TYPE).on(PcI440fxMachine.SYSBUS)
                        .configuredBy(PcI440fxMachine::configureHost))
                .device(DeviceSpec.of("pmc", I440fxPmc.TYPE).on(PcI440fxMachine.PCI).with("addr", "00.0"))
                .device(DeviceSpec.of("piix3", Piix3.TYPE).on(PcI440fxMachine.PCI).with("addr", "01.0")
                        .with("multifunction", "on"))
                .hook(Stage.AFTER_DEVICES, ctx -> PcBios.map(ctx, PcI440fxMachine.PCI));
        for (DeviceSpec d : more) b.device(d);
        return b;
    }

    /** A function on "pci.0" at {@code addr}, for {@link #harness(DeviceSpec...)}. */
    static DeviceSpec pci(String name, String type, String addr) {
        return DeviceSpec.of(name, type).on(PcI440fxMachine.PCI).with("addr", addr);
    }

    /** A BIOS image of {@code kib} KiB whose byte at offset i is (i * 7 + (i >> 12)). */
    static Path bios(Path dir, int kib) throws IOException {
        byte[] image = new byte[kib << 10];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (i * 7 + (i >> 12));
        Path p = dir.resolve("bios-" + kib + "k.bin");
        Files.write(p, image);
        return p;
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
