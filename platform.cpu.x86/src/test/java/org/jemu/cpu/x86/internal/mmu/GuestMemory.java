package org.jemu.cpu.x86.internal.mmu;

import java.util.ArrayList;
import java.util.List;

import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.jemu.memory.MemorySystem;

/** A test machine's physical memory: 16 MiB of RAM at 0 and a recording 4 KiB MMIO page at {@link #MMIO}. */
final class GuestMemory implements AutoCloseable {

    static final long RAM_SIZE = 16L << 20;
    static final long MMIO = 0x0100_0000L;

    final MemorySystem system = new MemorySystem();
    final MemoryRegion root = MemoryRegion.container("system", 0);
    final AddressSpace as = system.createAddressSpace("memory", root);
    final MemoryRegion ram = MemoryRegion.ram("ram", RAM_SIZE);
    final List<String> mmioLog = new ArrayList<>();

    GuestMemory() {
        root.addSubregion(0, ram);
        root.addSubregion(MMIO, MemoryRegion.io("dev", 0x1000, new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                mmioLog.add("r" + Long.toHexString(offset) + "/" + size);
                return 0x5a;
            }

            @Override
            public void write(long offset, int size, long value) {
                mmioLog.add("w" + Long.toHexString(offset) + "/" + size + "=" + Long.toHexString(value));
            }
        }));
    }

    void put32(long address, long value) {
        as.write(address, 4, value & 0xffff_ffffL);
    }

    void put64(long address, long value) {
        as.write(address, 8, value);
    }

    long get32(long address) {
        return as.read(address, 4) & 0xffff_ffffL;
    }

    long get64(long address) {
        return as.read(address, 8);
    }

    @Override
    public void close() {
        ram.ramBlock().close();
    }
}
