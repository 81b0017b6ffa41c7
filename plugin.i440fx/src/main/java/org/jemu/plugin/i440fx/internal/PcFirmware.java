package org.jemu.plugin.i440fx.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemoryRegion;

/**
 * Maps the BIOS image (-bios, the machine's "firmware" property) as QEMU's pc machines do without flash
 * (hw/i386/x86.c x86_bios_rom_init): ROM "pc.bios" ending at 4 GiB, and its last 128 KiB (or all of it, if smaller)
 * aliased read-only as "isa-bios" just below 1 MiB, above RAM. The image must be a non-empty multiple of 64 KiB.
 */
final class PcFirmware {

    static final long ISA_BIOS_MAX = 128 << 10;
    static final long FOUR_GIB = 1L << 32;
    static final long ONE_MIB = 1L << 20;

    private PcFirmware() {
    }

    /** BEFORE_DEVICES hook. */
    static void map(BoardContext ctx) {
        Machine m = ctx.machine();
        String file = m.getString("firmware");
        if (file == null) return;
        MemoryRegion bios;
        try {
            bios = MemoryRegion.romFromFile("pc.bios", Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new QomException("could not load PC BIOS '" + file + "': " + e.getMessage(), e);
        }
        long size = bios.size();
        if (size % (64 << 10) != 0 || size > FOUR_GIB / 2) {
            bios.ramBlock().close();
            throw new QomException("could not load PC BIOS '" + file + "': its size (" + size
                    + " bytes) is not a multiple of 64 KiB");
        }
        m.adopt(bios);
        ctx.systemMemory().addSubregion(FOUR_GIB - size, bios);
        long isaSize = Math.min(size, ISA_BIOS_MAX);
        MemoryRegion isaBios = MemoryRegion.alias("isa-bios", bios, size - isaSize, isaSize);
        isaBios.setReadonly(true);
        ctx.systemMemory().addSubregionOverlap(ONE_MIB - isaSize, isaBios, 1);
    }
}
