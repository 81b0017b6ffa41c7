package org.jemu.core.pci;

import org.jemu.memory.MemoryRegion;

/**
 * The Programmable Attribute Map of PC host bridges (QEMU's hw/pci-host/pam.c, used by the i440FX and the Q35 MCH):
 * shadowing of 0xC0000-0xFFFFF in 13 segments, each switched between the PCI memory space (where the BIOS and option
 * ROMs are) and the RAM below.
 *
 * <p>Seven registers from PAM0 hold the attributes: the high nibble of PAM0 for 0xF0000-0xFFFFF (64 KiB), then the
 * low and high nibbles of PAM1..PAM6 for the 16 KiB segments from 0xC0000 up. Bits 1:0 of a nibble, as QEMU reads
 * them: {@value #PCI} = every access goes to PCI; {@value #READ_ONLY} = reads from RAM, writes ignored;
 * {@value #WRITE_ONLY} and {@value #READ_WRITE} = RAM, read and written. (On hardware write-only sends reads to PCI
 * and read-only forwards writes to PCI; QEMU models neither, nor does this.) Bits 3:2 are ignored.
 *
 * <p>Each segment is a pair of aliases over system memory at priority {@value #PRIORITY}, one into PCI memory and one
 * into RAM, enabled as the register says. The chipset creates the windows at realize ({@link #map}), calls
 * {@link #update} after every write touching its PAM registers and after restoring them, and removes the windows
 * at unrealize ({@link #unmap}).
 */
public final class Pam {

    public static final int SEGMENTS = 13;
    public static final int REGISTERS = 7;
    public static final int PCI = 0;
    public static final int READ_ONLY = 1;
    public static final int WRITE_ONLY = 2;
    public static final int READ_WRITE = 3;
    /** The windows overlay RAM and PCI memory. */
    public static final int PRIORITY = 1;

    static final long BIOS_BASE = 0xf0000;
    static final long BIOS_SIZE = 0x10000;
    static final long EXPANSION_BASE = 0xc0000;
    static final long EXPANSION_SIZE = 0x4000;

    private final MemoryRegion[] toPci = new MemoryRegion[SEGMENTS];
    private final MemoryRegion[] toRam = new MemoryRegion[SEGMENTS];

    private Pam() {
    }

    /**
     * Creates the 26 windows, owned by {@code owner}, in {@code systemMemory} over {@code pciMemory} and {@code ram}
     * (both seen from address 0); they show nothing until the first {@link #update}.
     */
    public static Pam map(Object owner, MemoryRegion systemMemory, MemoryRegion pciMemory, MemoryRegion ram) {
        Pam pam = new Pam();
        for (int i = 0; i < SEGMENTS; i++) {
            long start = segmentBase(i);
            long size = segmentSize(i);
            pam.toPci[i] = overlay(systemMemory, MemoryRegion.alias("pam-pci", pciMemory, start, size), start, owner);
            pam.toRam[i] = overlay(systemMemory, MemoryRegion.alias("pam-ram", ram, start, size), start, owner);
        }
        return pam;
    }

    private static MemoryRegion overlay(MemoryRegion system, MemoryRegion alias, long address, Object owner) {
        alias.setOwner(owner);
        alias.setEnabled(false);
        system.addSubregionOverlap(address, alias, PRIORITY);
        return alias;
    }

    /** Where segment {@code i} (0..12) starts: 0xF0000 for segment 0, then 0xC0000 + 16 KiB * (i - 1). */
    public static long segmentBase(int i) {
        return i == 0 ? BIOS_BASE : EXPANSION_BASE + (i - 1) * EXPANSION_SIZE;
    }

    public static long segmentSize(int i) {
        return i == 0 ? BIOS_SIZE : EXPANSION_SIZE;
    }

    /** The attribute (0..3) the registers from {@code pam0} of {@code device} give segment {@code i}. */
    public static int mode(PciDevice device, int pam0, int i) {
        return (device.configByte(pam0 + (i + 1) / 2) >> ((i & 1) == 0 ? 4 : 0)) & 3;
    }

    /** Shows, for each segment, what the registers from {@code pam0} of {@code device} select (QEMU's pam_update). */
    public void update(PciDevice device, int pam0) {
        for (int i = 0; i < SEGMENTS; i++) {
            int mode = mode(device, pam0, i);
            toPci[i].setEnabled(mode == PCI);
            toRam[i].setReadonly(mode == READ_ONLY);
            toRam[i].setEnabled(mode != PCI);
        }
    }

    /** Removes the windows from system memory. */
    public void unmap() {
        for (int i = 0; i < SEGMENTS; i++) {
            remove(toPci[i]);
            remove(toRam[i]);
        }
    }

    private static void remove(MemoryRegion r) {
        if (r.container() != null) r.container().removeSubregion(r);
    }
}
