package org.jemu.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.TestDevices;
import org.jemu.core.qom.QomObject;
import org.jemu.memory.MemTxResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A guest access end to end: a board maps a device's regions and the RAM, and the machine's "memory" and "I/O"
 * address spaces dispatch to the device's ops, to RAM, or to nothing.
 */
class GuestAccessTest {

    private TypeRegistryImpl registry;
    private QomObject root;
    private Machine machine;

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        root = TestDevices.root(registry);
        BoardDefinition board = BoardDefinition.builder()
                .device(DeviceSpec.of("bridge", "test-bridge").on("main-system-bus"))
                .device(DeviceSpec.of("hpet", "test-mmio").on("main-system-bus"))
                .device(DeviceSpec.of("pic", "test-ports").on("test.0").with("iobase", "0x20"))
                .mmio("hpet", 0, 0xfed00000L)
                .ioPort("hpet", 0, 0x510)
                .hook(BoardHook.Stage.BEFORE_DEVICES, ctx -> ctx.machine().systemMemory().addSubregion(0, ctx.machine().ram()))
                .build();
        registry.registerAll(List.of(new Pending("board", Machine.machineType("access-1.0", null, false, "access test", board, null))));
        machine = new MachineBuilder(registry, root).build(MachineBuilder.resolveMachineType(registry, "access-1.0"),
                new MachineConfig(1 << 20, 1, 1, null), Map.of(), List.of());
    }

    @AfterEach
    void tearDown() {
        machine.releaseMemory();
    }

    @Test
    void cpuAccessesReachRamDevicesAndNothingThroughTheMachinesAddressSpaces() {
        machine.memory().write(0x1000, 8, 0x1122334455667788L);

        assertEquals(0x1122334455667788L, machine.memory().read(0x1000, 8));
        assertEquals((byte) 0x88, machine.ram().ramBlock().segment().get(ValueLayout.JAVA_BYTE, 0x1000), "little-endian in RAM");
        assertEquals(0x10, machine.memory().read(0xfed00010L, 4), "the test device's ops answer with the offset");
        assertEquals(0x2, machine.io().read(0x512, 1), "port 0x512 is offset 2 of the board-mapped port region");
        assertEquals(0x1, machine.io().read(0x21, 1), "the ISA-style device's ports, mapped by its bus");
        assertEquals(0xffffffffL, machine.memory().read(0xe0000000L, 4), "unassigned reads all ones");
    }

    @Test
    void aDeviceThatIsUnrealizedIsNoLongerReachable() {
        Device hpet = (Device) root.resolve("/machine/hpet");

        hpet.setRealized(false);

        long[] out = new long[1];
        assertEquals(MemTxResult.DECODE_ERROR, machine.memory().read(0xfed00010L, 4, out));
        assertEquals(0xffffffffL, out[0]);
    }

    @Test
    void dmaToABadAddressIsAnErrorNotAnException() {
        byte[] buf = new byte[16];

        assertEquals(MemTxResult.DECODE_ERROR, machine.memory().read(0xffff_ffff_ffff_fff8L, buf, 0, 16));
        assertEquals(MemTxResult.OK, machine.memory().write(0x2000, new byte[] {1, 2, 3}, 0, 3));
        assertEquals(0x030201, machine.memory().read(0x2000, 4) & 0xffffff);
    }
}
