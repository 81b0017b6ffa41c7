package org.jemu.memory;

/**
 * Access sizes (in bytes: 1, 2, 4 or 8) and alignment: as <em>valid</em> constraints, what the guest may do (others
 * are access errors); as <em>implemented</em> constraints, what a device's ops handle (the core splits or combines
 * other valid accesses into these).
 *
 * @param minSize   smallest access size
 * @param maxSize   largest access size
 * @param unaligned whether accesses not aligned to their size are allowed
 */
public record AccessConstraints(int minSize, int maxSize, boolean unaligned) {

    /** 1 to 8 bytes, unaligned allowed: QEMU's default when a device declares nothing. */
    public static final AccessConstraints ANY = new AccessConstraints(1, 8, true);

    public AccessConstraints {
        if (!isSize(minSize) || !isSize(maxSize) || minSize > maxSize) {
            throw new IllegalArgumentException("access sizes must be 1, 2, 4 or 8 with min <= max, got " + minSize + ".." + maxSize);
        }
    }

    /** Exactly {@code size}-byte, aligned accesses. */
    public static AccessConstraints exactly(int size) {
        return new AccessConstraints(size, size, false);
    }

    /** {@code min}..{@code max} bytes, aligned. */
    public static AccessConstraints aligned(int min, int max) {
        return new AccessConstraints(min, max, false);
    }

    public boolean allows(long address, int size) {
        return size >= minSize && size <= maxSize && (unaligned || (address & (size - 1)) == 0);
    }

    private static boolean isSize(int s) {
        return s == 1 || s == 2 || s == 4 || s == 8;
    }
}
