package org.jemu.core.pci;

import org.jemu.core.internal.memory.Overlaps;
import org.jemu.core.qdev.RealizeException;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * PCI configuration mechanism #1 for a host bridge (QEMU's pci_host_conf_le_ops and pci_host_data_le_ops): the
 * 32-bit CONFIG_ADDRESS register at port {@value #ADDRESS_PORT} and the CONFIG_DATA window at
 * {@value #DATA_PORT}..0xcff.
 *
 * <ul>
 * <li>CONFIG_ADDRESS is only a 32-bit access at 0xcf8: bit 31 enables, bits 23:16 name the bus, 15:11 the device,
 *     10:8 the function, 7:2 the register. It reads back as written.</li>
 * <li>CONFIG_DATA takes 1-, 2- and 4-byte aligned accesses; port 0xcfc + n reaches register + n. With the enable
 *     bit clear, or for another bus than this one's, or a function that is absent, reads are all-ones and writes
 *     are dropped.</li>
 * <li>Any other access to 0xcf8..0xcfb is not a configuration access: it passes through, byte by byte, as ordinary
 *     I/O to the port region mapped there below this one (the reset control register at 0xcf9 of PIIX3 and ICH9);
 *     a byte nothing else decodes reads 0xff. (QEMU answers a byte read of 0xcf8 with CONFIG_ADDRESS's low byte;
 *     hardware and this model pass it on.)</li>
 * </ul>
 *
 * <p>The host bridge creates one in realize, maps it into the I/O space ({@link #map}) and unmaps it at unrealize;
 * its state is {@link #configAddress()}.
 */
public final class PciConfigMechanism1 {

    public static final long ADDRESS_PORT = 0xcf8;
    public static final long DATA_PORT = 0xcfc;
    /**
     * The priority of the CONFIG_ADDRESS window in the I/O space: above the regions it passes other accesses on to,
     * so that a 32-bit access at 0xcf8 reaches it whole.
     */
    public static final int ADDRESS_PRIORITY = 10;

    private static final int ENABLE = 0x8000_0000;
    private static final AccessConstraints ANY_UP_TO_4 = new AccessConstraints(1, 4, true);

    private final PciBus bus;
    private final MemoryRegion addressRegion;
    private final MemoryRegion dataRegion;
    private MemoryRegion ioSpace;
    private int configAddress;

    /** Configuration accesses go to {@code bus}; {@code owner} owns the two port regions ("pci-conf-idx", "pci-conf-data"). */
    public PciConfigMechanism1(PciBus bus, Object owner) {
        this.bus = bus;
        this.addressRegion = MemoryRegion.io("pci-conf-idx", 4, new AddressPort()).setOwner(owner);
        this.dataRegion = MemoryRegion.io("pci-conf-data", 4, new DataPort()).setOwner(owner);
    }

    /**
     * Maps both registers into {@code io}: CONFIG_DATA exclusively at {@value #DATA_PORT}, CONFIG_ADDRESS over
     * whatever else decodes 0xcf8..0xcfb.
     *
     * @throws RealizeException if another device's ports take 0xcfc..0xcff
     */
    public void map(MemoryRegion io) {
        MemoryRegion other = Overlaps.find(io, DATA_PORT, 4).orElse(null);
        if (other != null) {
            throw new RealizeException("PCI configuration data ports 0xcfc-0xcff overlap ports " + Overlaps.describeMapped(other));
        }
        io.addSubregion(DATA_PORT, dataRegion);
        io.addSubregionOverlap(ADDRESS_PORT, addressRegion, ADDRESS_PRIORITY);
        ioSpace = io;
    }

    /** Takes both registers out of the I/O space again. */
    public void unmap() {
        if (ioSpace == null) return;
        ioSpace.removeSubregion(dataRegion);
        ioSpace.removeSubregion(addressRegion);
        ioSpace = null;
    }

    public MemoryRegion addressRegion() {
        return addressRegion;
    }

    public MemoryRegion dataRegion() {
        return dataRegion;
    }

    /** CONFIG_ADDRESS as last written (state). */
    public int configAddress() {
        return configAddress;
    }

    /** Restores CONFIG_ADDRESS (state). */
    public void setConfigAddress(int value) {
        configAddress = value;
    }

    /** The devfn CONFIG_ADDRESS selects on this bus, or -1 if it is disabled or names another bus. */
    private int selectedDevfn() {
        if ((configAddress & ENABLE) == 0 || ((configAddress >>> 16) & 0xff) != bus.busNumber()) return -1;
        return (configAddress >>> 8) & 0xff;
    }

    private final class DataPort implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            int devfn = selectedDevfn();
            int value = devfn < 0 ? -1 : bus.configRead(devfn, (configAddress & 0xfc) | (int) offset, size);
            return value & mask(size);
        }

        @Override
        public void write(long offset, int size, long value) {
            int devfn = selectedDevfn();
            if (devfn >= 0) bus.configWrite(devfn, (configAddress & 0xfc) | (int) offset, (int) value, size);
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 4);
        }

        @Override
        public AccessConstraints impl() {
            return AccessConstraints.aligned(1, 4);
        }
    }

    private final class AddressPort implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            if (offset == 0 && size == 4) return configAddress & 0xffff_ffffL;
            long value = 0;
            for (int i = 0; i < size; i++) value |= (long) passThroughRead(ADDRESS_PORT + offset + i) << (8 * i);
            return value;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == 0 && size == 4) {
                configAddress = (int) value;
                return;
            }
            for (int i = 0; i < size; i++) passThroughWrite(ADDRESS_PORT + offset + i, (int) (value >>> (8 * i)) & 0xff);
        }

        @Override
        public AccessConstraints valid() {
            return ANY_UP_TO_4;
        }

        @Override
        public AccessConstraints impl() {
            return ANY_UP_TO_4;
        }
    }

    private int passThroughRead(long port) {
        MemoryRegion r = claimant(port);
        return r == null ? 0xff : (int) r.ops().read(port - r.address(), 1) & 0xff;
    }

    private void passThroughWrite(long port, int value) {
        MemoryRegion r = claimant(port);
        if (r != null) r.ops().write(port - r.address(), 1, value);
    }

    /** The port region that decodes {@code port} under CONFIG_ADDRESS, if it takes byte accesses. */
    private MemoryRegion claimant(long port) {
        if (ioSpace == null) return null;
        for (MemoryRegion r : ioSpace.subregions()) {
            if (r == addressRegion || !r.isEnabled()) continue;
            if (Long.compareUnsigned(port - r.address(), r.size()) >= 0) continue;
            boolean io = r.kind() == MemoryRegion.Kind.IO && r.ops().valid().allows(port - r.address(), 1);
            return io ? r : null;
        }
        return null;
    }

    private static int mask(int size) {
        return PciBus.allOnes(size);
    }
}
