package org.jemu.core.pci;

import static org.jemu.core.pci.PciModelTest.DEV;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.core.harness.MachineHarness;
import org.junit.jupiter.api.Test;

/** The PCI holes PC host bridges report, from the RAM split and the 64-bit BARs on the bus. */
class PcPciHolesTest {

    static final long GIB = 1L << 30;

    @Test
    void the32BitHoleRunsFromLowRamToTheIoapicUnlessLowRamReachesIt() {
        assertEquals(16L << 20, PcPciHoles.holeStart(16L << 20));
        assertEquals(0xfec0_0000L, PcPciHoles.holeEnd(16L << 20));
        assertEquals(0, PcPciHoles.holeStart(0xfec0_0000L));
        assertEquals(0, PcPciHoles.holeEnd(0xfec0_0000L));
    }

    @Test
    void withoutBarsTheFixedHoleFollowsRamAbove4GibGigabyteAligned() {
        assertEquals(4 * GIB, PcPciHoles.hole64Start(null, true, 0));
        assertEquals(6 * GIB, PcPciHoles.hole64Start(null, true, 3 * GIB / 2));
        assertEquals(38 * GIB, PcPciHoles.hole64End(null, true, 3 * GIB / 2, 32 * GIB));
        assertEquals(0, PcPciHoles.hole64Start(null, false, 3 * GIB / 2), "without the fix: no BARs, no hole");
        assertEquals(0, PcPciHoles.hole64End(null, false, 3 * GIB / 2, 32 * GIB));
    }

    @Test
    void a64BitBarSetsTheStartAndTheSizeStretchesTheEnd() {
        try (MachineHarness h = PciModelTest.machine()) {
            PciModelTest.write(h, DEV, PciModelTest.BAR2, 4, 0x0000_000cL);
            PciModelTest.write(h, DEV, PciModelTest.BAR3, 4, 0x8);
            PciModelTest.write(h, DEV, PciConfig.COMMAND, 2, PciConfig.COMMAND_MEMORY);
            PciBus bus = PciModelTest.bus(h);

            assertEquals(0x8_0000_0000L, PcPciHoles.hole64Start(bus, true, 0));
            assertEquals(0x8_8000_0000L, PcPciHoles.hole64End(bus, true, 0, 2 * GIB), "at least the hole size");
            assertEquals(0x8_0010_0000L, PcPciHoles.hole64End(bus, false, 0, 2 * GIB), "without the fix: the BARs' end");
        }
    }
}
