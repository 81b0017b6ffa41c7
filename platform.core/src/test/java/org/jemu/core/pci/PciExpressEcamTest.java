package org.jemu.core.pci;

import static org.jemu.core.pci.PciModelTest.DEV;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.harness.MachineHarness;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.Test;

/** The ECAM window over the test host's bus, mapped into system memory by hand as a chipset would. */
class PciExpressEcamTest {

    static final long BASE = 0xb000_0000L;
    static final long MIB = 1L << 20;
    static final int ID = TestPci.DEVICE_ID << 16 | TestPci.VENDOR;

    private static PciExpressEcam ecam(MachineHarness h) {
        return new PciExpressEcam(PciModelTest.bus(h), "test");
    }

    private static MemoryRegion system(MachineHarness h) {
        return h.machine().systemMemory();
    }

    private static long read(MachineHarness h, long base, int devfn, int reg, int size) {
        return h.memory().read(base + PciExpressEcam.offset(0, devfn, reg), size);
    }

    @Test
    void theOffsetNamesBusDevfnAndRegister() {
        assertEquals(0x0f_ffffL, PciExpressEcam.offset(0, 0xff, 0xfff));
        assertEquals(0x030_8104L, PciExpressEcam.offset(3, PciConfig.devfn(1, 0), 0x104));
        assertEquals(0xff0_0000L, PciExpressEcam.offset(255, 0, 0));
    }

    @Test
    void accessesThroughTheWindowReachTheSameRegistersAsMechanismOne() {
        try (MachineHarness h = PciModelTest.machine()) {
            ecam(h).map(system(h), BASE, 256 * MIB);

            assertEquals(ID & 0xffff_ffffL, read(h, BASE, DEV, 0, 4));
            assertEquals(TestPci.DEVICE_ID, read(h, BASE, DEV, 2, 2));
            assertEquals(0x03, read(h, BASE, DEV, PciConfig.REVISION_ID, 1));
            h.memory().write(BASE + PciExpressEcam.offset(0, DEV, PciConfig.COMMAND), 2, PciConfig.COMMAND_IO);
            assertEquals(PciConfig.COMMAND_IO, PciModelTest.read(h, DEV, PciConfig.COMMAND, 2));
            PciModelTest.write(h, DEV, PciConfig.INTERRUPT_LINE, 1, 0x0b);
            assertEquals(0x0b, read(h, BASE, DEV, PciConfig.INTERRUPT_LINE, 1));
        }
    }

    @Test
    void otherBusesAbsentFunctionsAndTheExtendedSpaceReadAllOnesAndDropWrites() {
        try (MachineHarness h = PciModelTest.machine()) {
            ecam(h).map(system(h), BASE, 256 * MIB);

            assertEquals(0xffff_ffffL, h.memory().read(BASE + PciExpressEcam.offset(1, DEV, 0), 4), "bus 1 does not exist");
            assertEquals(0xffffL, read(h, BASE, PciConfig.devfn(4, 0), 0, 2), "no function at 04.0");
            assertEquals(0xffL, read(h, BASE, DEV, 0x100, 1), "conventional function: no extended space");
            assertEquals(0xffff_ffffL, read(h, BASE, DEV, 0xffc, 4));

            h.memory().write(BASE + PciExpressEcam.offset(0, DEV, 0x104), 2, PciConfig.COMMAND_IO);
            h.memory().write(BASE + PciExpressEcam.offset(1, DEV, PciConfig.COMMAND), 2, PciConfig.COMMAND_IO);
            assertEquals(0, PciModelTest.read(h, DEV, PciConfig.COMMAND, 2), "neither write reached 03.0's COMMAND");
        }
    }

    @Test
    void unmappingAndRemappingMoveTheWindowAndItsReportedBaseAndSize() {
        try (MachineHarness h = PciModelTest.machine()) {
            PciExpressEcam ecam = ecam(h);
            assertEquals(PciExpressEcam.UNMAPPED, ecam.base());
            assertEquals(0, ecam.size());

            ecam.update(system(h), true, BASE, 256 * MIB);
            assertTrue(ecam.isMapped());
            assertEquals(BASE, ecam.base());
            assertEquals(256 * MIB, ecam.region().size());

            ecam.update(system(h), false, BASE, 256 * MIB);
            assertFalse(ecam.isMapped());
            assertNull(ecam.region());
            assertEquals(PciExpressEcam.UNMAPPED, ecam.base());
            assertEquals(256 * MIB, ecam.size(), "the size stays, as QEMU keeps it");
            assertEquals(0xffff_ffffL, read(h, BASE, DEV, 0, 4), "nothing decodes the old window");

            ecam.update(system(h), true, 0xe000_0000L, 64 * MIB);
            assertEquals(ID & 0xffff_ffffL, read(h, 0xe000_0000L, DEV, 0, 4));
            assertEquals(0xffff_ffffL, h.memory().read(0xe000_0000L + 64 * MIB + PciExpressEcam.offset(0, DEV, 0), 4),
                    "64 MiB: buses 0 to 63 only");
            assertEquals(64 * MIB, ecam.size());
            ecam.unmap();
            ecam.unmap();
            assertEquals(0xffff_ffffL, read(h, 0xe000_0000L, DEV, 0, 4));
        }
    }

    @Test
    void aWindowSizeMustBeAPowerOfTwoFromOneTo256Mib() {
        try (MachineHarness h = PciModelTest.machine()) {
            PciExpressEcam ecam = ecam(h);
            ecam.map(system(h), BASE, MIB);

            assertThrows(IllegalArgumentException.class, () -> ecam.map(system(h), BASE, 3 * MIB));
            assertThrows(IllegalArgumentException.class, () -> ecam.map(system(h), BASE, 512 * MIB));
            assertThrows(IllegalArgumentException.class, () -> ecam.map(system(h), BASE, 4096));

            assertEquals(BASE, ecam.base(), "a refused size leaves the window where it was");
            assertEquals(ID & 0xffff_ffffL, read(h, BASE, DEV, 0, 4));
            assertTrue(PciExpressEcam.isValidSize(128 * MIB));
            assertFalse(PciExpressEcam.isValidSize(0));
        }
    }

    @Test
    void quadwordAccessesAreTwoDwordsAndUnalignedOnesAreRefused() {
        try (MachineHarness h = PciModelTest.machine()) {
            ecam(h).map(system(h), BASE, 256 * MIB);
            PciModelTest.write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_MEMORY);

            long quad = read(h, BASE, DEV, 0, 8);

            assertEquals(ID & 0xffff_ffffL, quad & 0xffff_ffffL);
            assertEquals(PciConfig.COMMAND_MEMORY, (quad >>> 32) & 0xffff, "COMMAND in the upper dword");
            assertEquals(0xffff_ffffL, read(h, BASE, DEV, 1, 4), "unaligned: refused, all-ones");
            h.memory().write(BASE + PciExpressEcam.offset(0, DEV, PciConfig.COMMAND + 1), 2, 0xffff);
            assertEquals(PciConfig.COMMAND_MEMORY, PciModelTest.read(h, DEV, PciConfig.COMMAND, 2));
        }
    }
}
