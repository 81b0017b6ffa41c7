package org.jemu.plugin.q35.internal;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.i2c.SmbusDevice;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfigMechanism1;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.pci.PciIrqRouting;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * A board for the ICH9 SMBus tests: a minimal PCI host bridge ("smb-test-pcihost", bus "pcie.0", configuration
 * mechanism #1 at 0xcf8, INTx pin n routed to line n), "ICH9-SMB" at 1f.3 and eight EEPROM stand-ins at 0x50..0x57
 * on its "i2c" bus, as the q35 board places its "smbus-eeprom" devices.
 */
final class SmbTestBoard {

    static final String HOST = "smb-test-pcihost";
    static final String EEPROM = "smb-test-eeprom";
    static final int EEPROMS = 8;

    private SmbTestBoard() {
    }

    /** Owns "pcie.0": memory in a container under system memory, I/O in the system I/O space. */
    static final class Host extends SysBusDevice {
        PciBus bus;
        PciConfigMechanism1 config;
        MemoryRegion pciMemory;

        Host(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            if (bus == null) bus = createBus(PciBus.TYPE, "pcie.0", PciBus.class);
            pciMemory = MemoryRegion.container("smb-test-pci", 0).setOwner(this);
            parentBus().memorySpace().addSubregionOverlap(0, pciMemory, -1);
            bus.setMemorySpace(pciMemory);
            bus.setIoSpace(parentBus().ioSpace());
            bus.setIrqRouting(new PciIrqRouting() {
                @Override
                public int lineCount() {
                    return 4;
                }

                @Override
                public int mapIrq(PciDevice device, int intx) {
                    return intx;
                }

                @Override
                public void setIrq(int line, boolean level) {
                }
            });
            config = new PciConfigMechanism1(bus, this);
            config.map(parentBus().ioSpace());
        }

        @Override
        protected void unrealize() {
            config.unmap();
            pciMemory.container().removeSubregion(pciMemory);
        }
    }

    /** An SMBus EEPROM stand-in: byte i holds i * 3 + its address, the first written byte selects the offset. */
    static final class Eeprom extends SmbusDevice {
        final byte[] data = new byte[256];
        int offset;
        boolean filled;

        Eeprom(ObjectType type) {
            super(type);
        }

        @Override
        protected void writeData(byte[] buf, int length) {
            fill();
            offset = buf[0] & 0xff;
            for (int i = 1; i < length; i++) data[offset++ & 0xff] = buf[i];
        }

        @Override
        protected int receiveByte() {
            fill();
            return data[offset++ & 0xff] & 0xff;
        }

        private void fill() {
            if (filled) return;
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 3 + address());
            filled = true;
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
            ctx.register(TypeInfo.builder(EEPROM).parent(SmbusDevice.TYPE).factory(Eeprom::new).build());
            ctx.register(Ich9Smbus.typeInfo());
        }
    };

    /** The board: host, "smb" = ICH9-SMB at 1f.3, "eeprom0".."eeprom7". */
    static MachineHarness harness() {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .device(DeviceSpec.of("host", HOST).on("main-system-bus"))
                .device(DeviceSpec.of("smb", Ich9Smbus.TYPE).on("pcie.0").with("addr", "1f.3").with("multifunction", "on"));
        for (int i = 0; i < EEPROMS; i++) {
            b.device(DeviceSpec.of("eeprom" + i, EEPROM).on("i2c").with("address", 0x50 + i));
        }
        return MachineHarness.builder().contribute(TYPES).board(b.build(), null).build();
    }

    static int configRead(MachineHarness h, int devfn, int reg, int size) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        return (int) h.io().read(0xcfc + (reg & 3), size);
    }

    static void configWrite(MachineHarness h, int devfn, int reg, int size, long value) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        h.io().write(0xcfc + (reg & 3), size, value);
    }
}
