package org.jemu.memory;

import java.lang.foreign.MemorySegment;

/**
 * A DMA mapping from {@link AddressSpace#map}: {@link #segment()} is either a slice of guest RAM or a bounce buffer
 * (for non-RAM memory), to be released with {@link AddressSpace#unmap}. A length of 0 means nothing could be mapped.
 *
 * @param space   the address space whose memory this maps (after IOMMU translation)
 * @param address the guest address of the first byte
 * @param segment the memory to use; {@link #length()} bytes
 * @param write   whether the mapping was made for writing
 * @param bounce  whether {@code segment} is a bounce buffer (copied in at map, out at unmap)
 * @param block   the RAM block behind a direct mapping, else null
 * @param blockOffset offset of the mapping in {@code block}
 */
public record Mapping(AddressSpace space, long address, MemorySegment segment, boolean write, boolean bounce,
                      RamBlock block, long blockOffset) {

    public long length() {
        return segment.byteSize();
    }
}
