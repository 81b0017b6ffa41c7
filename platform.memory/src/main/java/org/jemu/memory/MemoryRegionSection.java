package org.jemu.memory;

/**
 * A piece of a region as it appears in an address space's flat view (QEMU's MemoryRegionSection): what listeners
 * receive. Equal sections (same region identity, offsets, size, flags) describe the same mapping.
 *
 * @param region                   the terminal region shown (RAM, ROM, I/O, ROM device, IOMMU or reservation)
 * @param offsetWithinRegion       where the section starts inside the region
 * @param offsetWithinAddressSpace where the section starts in the address space
 * @param size                     unsigned length; 0 means 2^64
 * @param readonly                 whether guest writes are ignored (the region or an alias/container above it is readonly)
 */
public record MemoryRegionSection(MemoryRegion region, long offsetWithinRegion, long offsetWithinAddressSpace,
                                  long size, boolean readonly) {

    /** The last address of the section in the address space (inclusive, unsigned). */
    public long lastAddress() {
        return offsetWithinAddressSpace + size - 1;
    }

    @Override
    public String toString() {
        return String.format("%016x-%016x %s@%x%s", offsetWithinAddressSpace, lastAddress(), region.name(),
                offsetWithinRegion, readonly ? " ro" : "");
    }
}
