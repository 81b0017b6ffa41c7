package org.jemu.core.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.Test;

/**
 * The PAM windows over the test machine: RAM at 0, the test host's PCI memory with a stand-in "ROM" (read-only
 * RAM filled with 0xee) over 0xC0000-0xFFFFF, registers at 0x90 of a plain function at 05.0.
 */
class PamTest {

    static final int FN = PciConfig.devfn(5, 0);
    static final int PAM0 = 0x90;

    private record Setup(MachineHarness h, Pam pam, PciDevice fn) implements AutoCloseable {
        void program(int register, int value) {
            PciModelTest.write(h, FN, PAM0 + register, 1, value);
            pam.update(fn, PAM0);
        }

        long read(long address) {
            return h.memory().read(address, 1);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    private static Setup setup() {
        MachineHarness h = PciModelTest.board().device(TestPci.PLAIN, "p", Map.of("addr", "05.0")).build();
        TestPci.Host host = (TestPci.Host) h.resolve("/machine/host");
        MemoryRegion rom = h.machine().adopt(MemoryRegion.ram("test-rom", 0x40000));
        rom.ramBlock().segment().fill((byte) 0xee);
        rom.setReadonly(true);
        host.pciMemory.addSubregion(0xc0000, rom);
        Pam pam = Pam.map("test", h.machine().systemMemory(), host.pciMemory, h.machine().ram());
        PciDevice fn = (PciDevice) h.resolve("/machine/peripheral/p");
        pam.update(fn, PAM0);
        return new Setup(h, pam, fn);
    }

    @Test
    void eachModeSendsTheBiosSegmentToPciOrRam() {
        try (Setup s = setup()) {
            assertEquals(0xee, s.read(0xf0000), "0: PCI");
            s.h.memory().write(0xf0000, 1, 0x11);
            assertEquals(0xee, s.read(0xf0000));

            s.program(0, 0x30);
            s.h.memory().write(0xf0000, 1, 0x22);
            assertEquals(0x22, s.read(0xf0000), "3: RAM, read and written");

            s.program(0, 0x10);
            s.h.memory().write(0xf0000, 1, 0x33);
            assertEquals(0x22, s.read(0xf0000), "1: read-only RAM");

            s.program(0, 0x20);
            s.h.memory().write(0xf0000, 1, 0x44);
            assertEquals(0x44, s.read(0xf0000), "2: RAM as in QEMU");

            s.program(0, 0x0c);
            assertEquals(0xee, s.read(0xf0000), "bits 3:2 are ignored: PCI");
        }
    }

    @Test
    void theExpansionSegmentsFollowLowThenHighNibbles() {
        try (Setup s = setup()) {
            s.program(1, 0x03);
            s.h.memory().write(0xc0000, 1, 0x55);

            assertEquals(0x55, s.read(0xc0000), "PAM1 low nibble: 0xC0000-0xC3FFF");
            assertEquals(0xee, s.read(0xc4000), "PAM1 high nibble: 0xC4000-0xC7FFF still PCI");
            assertEquals(Pam.READ_WRITE, Pam.mode(s.fn, PAM0, 1));
            assertEquals(0xec000L, Pam.segmentBase(12));
            assertEquals(0x4000L, Pam.segmentSize(12));

            s.program(6, 0x30);
            s.h.memory().write(0xec000, 1, 0x66);
            assertEquals(0x66, s.read(0xec000), "PAM6 high nibble: the last 16 KiB segment");
        }
    }

    @Test
    void unmapRemovesEveryWindow() {
        try (Setup s = setup()) {
            s.program(0, 0x30);
            s.h.memory().write(0xf0000, 1, 0x77);
            s.program(0, 0x00);
            s.pam.unmap();

            assertTrue(s.h.machine().systemMemory().subregions().stream().noneMatch(r -> r.name().startsWith("pam-")));
            assertEquals(0x77, s.read(0xf0000), "the machine's RAM at 0 shows again");
        }
    }
}
