package org.jemu.core.machine;

import java.util.Objects;

/**
 * A board's mapping of one system bus device region (QEMU's sysbus_mmio_map / sysbus_mmio_map_overlap, and
 * sysbus_add_io for port regions): region {@code index} of device {@code device} at {@code address} of the system
 * memory ({@link Space#MEMORY}, the device's MMIO regions) or the system I/O space ({@link Space#IO}, its port
 * regions). An exclusive mapping must not overlap another exclusive one; an overlay has a priority.
 *
 * @param device   the device's name in the board definition
 * @param space    where it goes
 * @param index    the region's index ({@code SysBusDevice.mmio(n)} or {@code pio(n)})
 * @param address  the guest-physical address or the port
 * @param overlap  whether it may overlap other regions (then {@code priority} decides what is visible)
 * @param priority the overlay priority; 0 for exclusive mappings
 */
public record RegionMapping(String device, Space space, int index, long address, boolean overlap, int priority) {

    /** The root a mapping goes into. */
    public enum Space { MEMORY, IO }

    public RegionMapping {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(space, "space");
        if (!overlap && priority != 0) throw new IllegalArgumentException("an exclusive mapping has priority 0");
    }

    /** "MMIO region 0 of device 'hpet' at 0xfed00000" / "port I/O region 0 of device 'fw_cfg' at port 0x510". */
    public String describe() {
        return (space == Space.MEMORY ? "MMIO" : "port I/O") + " region " + index + " of device '" + device + "' at "
                + (space == Space.MEMORY ? "" : "port ") + "0x" + Long.toHexString(address);
    }
}
