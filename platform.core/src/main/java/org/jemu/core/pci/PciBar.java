package org.jemu.core.pci;

import org.jemu.memory.MemoryRegion;

/**
 * One registered BAR of a {@link PciDevice}: its slot, type bits and region, the bus space it maps into, and where it
 * is mapped now. Knows QEMU's decode rule (pci_bar_address) and maps or unmaps itself.
 */
final class PciBar {

    final int index;
    final int type;
    final MemoryRegion region;
    private final MemoryRegion space;
    private long address = PciDevice.BAR_UNMAPPED;

    PciBar(int index, int type, MemoryRegion region, MemoryRegion space) {
        this.index = index;
        this.type = type;
        this.region = region;
        this.space = space;
    }

    /** The BAR's register offset in the header. */
    static int offset(int index) {
        return index == PciDevice.ROM_SLOT ? PciConfig.ROM_ADDRESS : PciConfig.BASE_ADDRESS_0 + 4 * index;
    }

    int offset() {
        return offset(index);
    }

    boolean isIo() {
        return (type & PciConfig.BAR_SPACE_IO) != 0;
    }

    /** A 64-bit memory BAR, taking its slot and the next. */
    boolean isWide() {
        return !isIo() && (type & PciConfig.BAR_MEM_TYPE_64) != 0;
    }

    /** Bytes of the BAR register(s). */
    int registerSize() {
        return isWide() ? 8 : 4;
    }

    long address() {
        return address;
    }

    /**
     * Where the BAR decodes given COMMAND and its register value (64 bits for a wide BAR), or
     * {@link PciDevice#BAR_UNMAPPED}: QEMU's pci_bar_address on a PC (no BAR at 0; a 32-bit BAR must end below
     * 0xffffffff, so the all-ones sizing value never decodes; nothing wraps).
     */
    long decode(int command, long register) {
        long size = region.size();
        long base;
        if (isIo()) {
            if ((command & PciConfig.COMMAND_IO) == 0) return PciDevice.BAR_UNMAPPED;
            base = register & 0xffff_ffffL & ~(size - 1);
        } else {
            if ((command & PciConfig.COMMAND_MEMORY) == 0) return PciDevice.BAR_UNMAPPED;
            if (index == PciDevice.ROM_SLOT && (register & PciConfig.ROM_ADDRESS_ENABLE) == 0) return PciDevice.BAR_UNMAPPED;
            base = (isWide() ? register : register & 0xffff_ffffL) & ~(size - 1);
        }
        long last = base + size - 1;
        if (Long.compareUnsigned(last, base) <= 0 || last == -1 || base == 0) return PciDevice.BAR_UNMAPPED;
        if (!isWide() && Long.compareUnsigned(last, 0xffff_ffffL) >= 0) return PciDevice.BAR_UNMAPPED;
        return base;
    }

    /** Maps the region at {@code newAddress} of its space (over other mappings), or unmaps it. */
    void moveTo(long newAddress) {
        if (newAddress == address) return;
        if (region.container() != null) region.container().removeSubregion(region);
        address = newAddress;
        if (address != PciDevice.BAR_UNMAPPED && space != null) {
            space.addSubregionOverlap(address, region, PciDevice.BAR_PRIORITY);
        }
    }
}
