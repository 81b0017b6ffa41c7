package org.jemu.core.pci;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * The PCI Express enhanced configuration access mechanism (ECAM, "MMCONFIG") of a host bridge: QEMU's
 * PCIExpressHost memory-mapped part (hw/pci/pcie_host.c). A window of 1 MiB per bus in which an offset names
 *
 * <ul>
 * <li>the bus in bits 27:20,</li>
 * <li>the device in bits 19:15 and the function in bits 14:12 (together the devfn),</li>
 * <li>the register in bits 11:0 ({@link #offset} composes one).</li>
 * </ul>
 *
 * Reads and writes of 1, 2 or 4 bytes, aligned to their size, reach {@link PciBus#configRead}/
 * {@link PciBus#configWrite} of the bus with that number; an 8-byte access is carried out as two 4-byte ones (as in QEMU); an unaligned access
 * is refused (reads all-ones). Only the root bus exists (jemu models no PCI-to-PCI bridges): any other bus number
 * reads all-ones and drops writes, and so does an absent function. Functions have the 256-byte conventional space
 * only: registers 0x100..0xfff (the PCI Express extended space) read all-ones and ignore writes, which is what QEMU
 * does for conventional functions (jemu has no function with an extended space yet).
 *
 * <p>The host bridge creates one, then maps it where its chipset registers say ({@link #map}, {@link #unmap},
 * or {@link #update} as QEMU's pcie_host_mmcfg_update does on every write of such a register). A window is
 * {@value #SIZE_MIN} to {@value #SIZE_MAX} bytes (1 to 256 buses), a power of two; the address where it is mapped
 * ({@link #base()}, {@link #UNMAPPED} while it is not) and its size are what the firmware and the ACPI MCFG table
 * report. The window is a region of its own in the space given (priority 0, like QEMU's); it is not saved state:
 * the host bridge's registers are, and restoring them maps the window again.
 */
public final class PciExpressEcam {

    /** What {@link #base()} returns while the window is not mapped (QEMU's PCIE_BASE_ADDR_UNMAPPED). */
    public static final long UNMAPPED = -1L;
    /** The smallest window: one bus. */
    public static final long SIZE_MIN = 1L << 20;
    /** The largest window: 256 buses. */
    public static final long SIZE_MAX = 1L << 28;
    public static final int BUS_SHIFT = 20;
    public static final int DEVFN_SHIFT = 12;
    /** The register bits of an offset: 4 KiB of configuration space per function. */
    public static final int REGISTER_MASK = 0xfff;

    private static final AccessConstraints VALID = AccessConstraints.aligned(1, 8);
    private static final AccessConstraints IMPL = AccessConstraints.aligned(1, 4);

    private final PciBus bus;
    private final Object owner;
    private final MemoryRegionOps ops = new Ops();
    private MemoryRegion region;
    private MemoryRegion space;
    private long base = UNMAPPED;
    private long size;

    /** Configuration accesses go to {@code bus} (the root bus); {@code owner} owns the window's region. */
    public PciExpressEcam(PciBus bus, Object owner) {
        this.bus = java.util.Objects.requireNonNull(bus, "bus");
        this.owner = owner;
    }

    /** The offset of {@code register} of function {@code devfn} on bus {@code busNumber} inside a window. */
    public static long offset(int busNumber, int devfn, int register) {
        return ((long) (busNumber & 0xff) << BUS_SHIFT) | ((long) (devfn & 0xff) << DEVFN_SHIFT)
                | (register & REGISTER_MASK);
    }

    /** Whether {@code size} is a window size: a power of two from {@value #SIZE_MIN} to {@value #SIZE_MAX}. */
    public static boolean isValidSize(long size) {
        return Long.bitCount(size) == 1 && size >= SIZE_MIN && size <= SIZE_MAX;
    }

    /**
     * Maps a window of {@code size} bytes at {@code base} of {@code memory} (usually system memory), first taking
     * it out of wherever it was (QEMU's pcie_host_mmcfg_map after an unmap).
     *
     * @throws IllegalArgumentException if {@code size} is not a window size ({@link #isValidSize}); the window is
     *                                  left as it was
     */
    public void map(MemoryRegion memory, long base, long size) {
        if (!isValidSize(size)) {
            throw new IllegalArgumentException("PCI Express ECAM window of 0x" + Long.toHexString(size)
                    + " bytes: the size must be a power of two from 1 MiB to 256 MiB");
        }
        java.util.Objects.requireNonNull(memory, "memory");
        unmap();
        if (region == null || region.size() != size) {
            region = MemoryRegion.io("pcie-mmcfg-mmio", size, ops).setOwner(owner);
        }
        memory.addSubregion(base, region);
        this.space = memory;
        this.base = base;
        this.size = size;
    }

    /** Takes the window out of its space; nothing happens if it is not mapped (QEMU's pcie_host_mmcfg_unmap). */
    public void unmap() {
        if (space == null) return;
        space.removeSubregion(region);
        space = null;
        base = UNMAPPED;
    }

    /**
     * What a chipset does when the guest writes its ECAM register (QEMU's pcie_host_mmcfg_update): unmaps the
     * window, then maps it at {@code base} with {@code size} if {@code enable}.
     *
     * @throws IllegalArgumentException as {@link #map} (the window is then unmapped)
     */
    public void update(MemoryRegion memory, boolean enable, long base, long size) {
        unmap();
        if (enable) map(memory, base, size);
    }

    public boolean isMapped() {
        return space != null;
    }

    /** Where the window is mapped, or {@link #UNMAPPED}. */
    public long base() {
        return base;
    }

    /** The size the window was last mapped with (0 if it never was), as QEMU keeps it after an unmap. */
    public long size() {
        return size;
    }

    /** The window's region while it is mapped, else null. */
    public MemoryRegion region() {
        return space == null ? null : region;
    }

    private final class Ops implements MemoryRegionOps {
        @Override
        public long read(long offset, int accessSize) {
            int register = (int) offset & REGISTER_MASK;
            if (!reaches(offset, register)) return PciBus.allOnes(accessSize) & 0xffff_ffffL;
            return bus.configRead(devfn(offset), register, accessSize) & 0xffff_ffffL;
        }

        @Override
        public void write(long offset, int accessSize, long value) {
            int register = (int) offset & REGISTER_MASK;
            if (reaches(offset, register)) bus.configWrite(devfn(offset), register, (int) value, accessSize);
        }

        @Override
        public AccessConstraints valid() {
            return VALID;
        }

        @Override
        public AccessConstraints impl() {
            return IMPL;
        }
    }

    /** Whether an offset names an existing bus and a register of the conventional space. */
    private boolean reaches(long offset, int register) {
        return register < PciConfig.SPACE_SIZE && ((offset >>> BUS_SHIFT) & 0xff) == bus.busNumber();
    }

    private static int devfn(long offset) {
        return (int) (offset >>> DEVFN_SHIFT) & 0xff;
    }
}
