package org.jemu.memory;

/**
 * An address space: memory as seen from one viewpoint (a CPU, a bus master), rendered from a root region.
 * (Dispatch, flat views and the DMA API are being added by the memory API issue.)
 */
public final class AddressSpace {

    private final String name;
    private final MemoryRegion root;

    AddressSpace(String name, MemoryRegion root) {
        this.name = name;
        this.root = root;
    }

    public String name() {
        return name;
    }

    public MemoryRegion root() {
        return root;
    }
}
