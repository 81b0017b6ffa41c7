package org.jemu.cpu.x86.roms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The test ROMs assemble with nasm into BIOS images QEMU's pc machine can boot, and each has its QEMU reference. */
class TestRomsTest {

    @Test
    void everyRomAssemblesToA64KibBiosWithAFarJumpAtTheResetVector() throws Exception {
        List<TestRoms.Rom> roms = TestRoms.all();

        assertFalse(roms.isEmpty());
        for (TestRoms.Rom rom : roms) {
            assertEquals(0x10000, rom.image().length, rom.name());
            assertEquals(0xea, rom.image()[0xfff0] & 0xff, rom.name() + ": jmp far at f000:fff0");
            assertTrue(rom.expectedOutput().endsWith("done\n"), rom.name() + ": reference output ends the walk");
            assertEquals(33, rom.expectedExit(), rom.name() + ": isa-debug-exit status under QEMU");
        }
    }
}
