package org.jemu.plugin.q35.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemoryRegion;

/**
 * Maps the BIOS image (-bios, the machine's "firmware" property) as QEMU's pc machines do without flash
 * (hw/i386/x86.c x86_bios_rom_init): ROM "pc.bios" ending at 4 GiB, and its last 128 KiB (or all of it, if smaller)
 * aliased read-only as "isa-bios" just below 1 MiB at priority 1; and, with or without an image, QEMU's "pc.rom":
 * 128 KiB of RAM for option ROMs at 0xC0000 (priority 1, read-only to the guest when PCI is there; empty until a
 * ROM loader fills it). All go into QEMU's rom_memory: the PCI memory space of "pcie.0" (under system memory; below
 * 1 MiB the MCH's PAM windows decide whether the guest sees these ROMs or shadow RAM), or system memory on a board
 * without that bus. The image must be a non-empty multiple of 64 KiB.
 */
final class PcFirmware {

    static final long ISA_BIOS_MAX = 128 << 10;
    static final long FOUR_GIB = 1L << 32;
    static final long ONE_MIB = 1L << 20;
    /** QEMU's PC_ROM_MIN_VGA and PC_ROM_SIZE: the option ROM area 0xC0000-0xDFFFF. */
    static final long OPTION_ROM_BASE = 0xc0000;
    static final long OPTION_ROM_SIZE = 0x20000;

    private PcFirmware() {
    }

    /** AFTER_DEVICES hook (the PCI memory space exists once the host bridge is realized). */
    static void map(BoardContext ctx) {
        Machine m = ctx.machine();
        MemoryRegion rom = romMemory(ctx);
        MemoryRegion optionRoms = m.adopt(MemoryRegion.ram("pc.rom", OPTION_ROM_SIZE));
        optionRoms.setReadonly(rom != ctx.systemMemory());
        rom.addSubregionOverlap(OPTION_ROM_BASE, optionRoms, 1);
        String file = m.getString("firmware");
        if (file == null) return;
        MemoryRegion bios = m.adopt(load(file));
        long size = bios.size();
        rom.addSubregion(FOUR_GIB - size, bios);
        long isaSize = Math.min(size, ISA_BIOS_MAX);
        MemoryRegion isaBios = MemoryRegion.alias("isa-bios", bios, size - isaSize, isaSize);
        isaBios.setReadonly(true);
        rom.addSubregionOverlap(ONE_MIB - isaSize, isaBios, 1);
    }

    private static MemoryRegion load(String file) {
        try {
            long size = Files.size(Path.of(file));
            if (size == 0 || size % (64 << 10) != 0 || size > FOUR_GIB / 2) {
                throw new QomException("could not load PC BIOS '" + file + "': its size (" + size
                        + " bytes) is not a non-zero multiple of 64 KiB");
            }
            return MemoryRegion.romFromFile("pc.bios", Path.of(file));
        } catch (IOException | RuntimeException e) {
            if (e instanceof QomException q) throw q;
            throw new QomException("could not load PC BIOS '" + file + "': " + e.getMessage(), e);
        }
    }

    /** QEMU's rom_memory: the memory space of the PCI Express root bus, if the board has one, else system memory. */
    private static MemoryRegion romMemory(BoardContext ctx) {
        Bus pci = ctx.machine().findBus(PcQ35Machine.PCI);
        return pci != null && pci.memorySpace() != null ? pci.memorySpace() : ctx.systemMemory();
    }
}
