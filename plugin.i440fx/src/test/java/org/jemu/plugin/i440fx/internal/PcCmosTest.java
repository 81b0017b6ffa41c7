package org.jemu.plugin.i440fx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.pc.PcCmos;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.rtc.CmosRam;
import org.junit.jupiter.api.Test;

/** The CMOS bytes the pc board leaves for SeaBIOS (QEMU's pc_cmos_init). */
class PcCmosTest {

    /** 128 bytes, as the RTC bundle's device keeps them (boards do not import it). */
    public static final class PlainCmos extends SysBusDevice implements CmosRam {
        final int[] bytes = new int[SIZE];

        public PlainCmos(ObjectType type) {
            super(type);
        }

        @Override
        public void cmosWrite(int index, int value) {
            bytes[index] = value & 0xff;
        }

        @Override
        public int cmosRead(int index) {
            return bytes[index];
        }
    }

    private static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("plain-cmos").parent(SysBusDevice.TYPE).factory(PlainCmos::new).build());
        }
    };

    private static MachineHarness machine(long ram, int cpus, String bootOrder) {
        BoardDefinition board = BoardDefinition.builder().maxCpus(4)
                .device(DeviceSpec.of("rtc", "plain-cmos").on("main-system-bus"))
                .hook(Stage.BEFORE_DEVICES, PiixRamSplit::layOutRam)
                .hook(Stage.AFTER_DEVICES, PcCmos::populate)
                .build();
        return MachineHarness.builder().contribute(TYPES)
                .board(board, c -> {
                    c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0));
                    c.propertyDefault("boot-order", bootOrder);
                })
                .ram(ram).cpus(cpus).build();
    }

    private static int[] bytes(MachineHarness h) {
        return ((PlainCmos) h.resolve("/machine/rtc")).bytes;
    }

    @Test
    void memorySizesCpuCountBootOrderAndEquipmentAreThereFor256MiB() {
        try (MachineHarness h = machine(256L << 20, 2, "")) {
            int[] b = bytes(h);

            assertEquals(640, b[0x15] | b[0x16] << 8, "base memory in KiB");
            assertEquals(0xffff, b[0x17] | b[0x18] << 8, "extended memory above 1 MiB in KiB, at most 0xffff");
            assertEquals(0xffff, b[0x30] | b[0x31] << 8);
            assertEquals((256 - 16) * 16, b[0x34] | b[0x35] << 8, "memory above 16 MiB in 64 KiB units");
            assertArrayEquals(new int[] {0, 0, 0}, new int[] {b[0x5b], b[0x5c], b[0x5d]});
            assertEquals(1, b[0x5f], "CPUs - 1");
            assertEquals(0x12, b[0x3d], "default order cad: disk (2) first, floppy (1) second");
            assertEquals(0x30, b[0x38], "CD-ROM (3) third, floppy signature check on");
            assertEquals(0x06, b[0x14], "FPU and PS/2 mouse");
        }
    }

    @Test
    void largeMemoryIsCappedBelow4GiBAndCountedAboveIt() {
        try (MachineHarness h = machine(5L << 30, 1, "dn")) {
            int[] b = bytes(h);

            assertEquals(0xffff, b[0x17] | b[0x18] << 8, "extended memory saturates at 64 MiB");
            assertEquals((3 * 1024 - 16) * 16, b[0x34] | b[0x35] << 8, "3 GiB below 4 GiB, less the first 16 MiB");
            int above = b[0x5b] | b[0x5c] << 8 | b[0x5d] << 16;
            assertEquals(((5L << 30) - 0xc000_0000L) / 65536, above, "RAM above 4 GiB in 64 KiB units");
            assertEquals(0x43, b[0x3d], "CD-ROM then network");
            assertEquals(0x00, b[0x38]);
        }
    }

    @Test
    void badBootOrdersAreRefusedWithQemusMessages() {
        QomException bad = assertThrows(QomException.class, () -> PcCmos.bootDevices("cx"));
        QomException many = assertThrows(QomException.class, () -> PcCmos.bootDevices("cdna"));

        assertTrue(bad.getMessage().contains("Invalid boot device for PC: 'x'"), bad.getMessage());
        assertTrue(many.getMessage().contains("Too many boot devices"), many.getMessage());
    }
}
