package org.jemu.core.qdev;

import java.util.Objects;

import org.jemu.memory.MemoryRegion;

/**
 * A port I/O region a device exposes at a port of its bus's I/O space ({@link Device#exposeIoPorts}).
 *
 * @param port   the first port (offset in the bus's {@link Bus#ioSpace()})
 * @param region the region, usually of kind IO
 */
public record PortRegion(long port, MemoryRegion region) {

    public PortRegion {
        Objects.requireNonNull(region, "region");
    }
}
