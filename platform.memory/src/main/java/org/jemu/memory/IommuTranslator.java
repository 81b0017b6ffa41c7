package org.jemu.memory;

import org.osgi.annotation.versioning.ConsumerType;

/** The translate hook of an IOMMU region: where an access to {@code address} (region-relative) really goes. */
@ConsumerType
@FunctionalInterface
public interface IommuTranslator {

    /**
     * @param address region-relative address
     * @param write   whether the access writes
     * @return the translation, or null when the IOMMU refuses the access (a decode error)
     */
    IommuTlbEntry translate(long address, boolean write);

    /**
     * A translation (QEMU's IOMMUTLBEntry): the page containing the address maps to
     * {@code translatedAddress & ~addressMask | address & addressMask} in {@code target}.
     *
     * @param target            the address space the access continues in
     * @param translatedAddress the translated address (page base or exact)
     * @param addressMask       the bits kept from the original address (page size - 1)
     * @param readable          whether reads are allowed
     * @param writable          whether writes are allowed
     */
    record IommuTlbEntry(AddressSpace target, long translatedAddress, long addressMask, boolean readable, boolean writable) {
    }
}
