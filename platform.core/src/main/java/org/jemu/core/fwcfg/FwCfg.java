package org.jemu.core.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

import org.jemu.memory.AddressSpace;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a board fills in QEMU's firmware configuration device (hw/nvram/fw_cfg.c, include/hw/nvram/fw_cfg.h): items
 * selected by a 16-bit key, and named files listed in the {@link #FILE_DIR} item. A board finds the device by name
 * in a hook ({@code (FwCfg) ctx.device("fw_cfg")}) and adds what its firmware needs, the way QEMU's board code calls
 * fw_cfg_add_*.
 *
 * <p>Keys: the generic items {@link #SIGNATURE}..{@link #FILE_DIR} (0x00 to 0x19); files from {@link #FILE_FIRST}
 * (0x20) up, one per file slot, handed out by this interface; architecture items ({@link #ARCH_LOCAL} set, the x86
 * ones {@link #ACPI_TABLES}..{@link #HPET}). The device provides {@link #SIGNATURE} ("QEMU"), {@link #ID} and
 * {@link #FILE_DIR} itself.
 *
 * <p>Data: numbers are stored little-endian ({@link #addI16}, {@link #addI32}, {@link #addI64}, as QEMU's
 * fw_cfg_add_i16/i32/i64), strings NUL-terminated ({@link #addString}). The device takes the arrays it is given as
 * they are (no copy; the caller hands them over): their bytes may still change (a select callback regenerating a
 * table in place), their length may not; to resize use {@link #modifyBytes} or {@link #modifyFile}.
 *
 * <p>Files are listed sorted by name (byte-wise, as QEMU 7.2 sorts them for every machine without legacy fw_cfg
 * order), so adding a file moves the files after it to the next selector, as in QEMU. Names are at most
 * {@link #MAX_FILE_NAME} bytes of UTF-8.
 *
 * <p>Every method throws {@link IllegalStateException} before the device is realized (the board's AFTER_DEVICES and
 * MACHINE_DONE hooks run after it is). Callers hold the global lock (board hooks and device callbacks do).
 */
@ProviderType
public interface FwCfg {

    // ---- generic keys (QEMU's FW_CFG_*) --------------------------------------------------------------------------

    int SIGNATURE = 0x00;
    int ID = 0x01;
    int UUID = 0x02;
    int RAM_SIZE = 0x03;
    int NOGRAPHIC = 0x04;
    int NB_CPUS = 0x05;
    int MACHINE_ID = 0x06;
    int KERNEL_ADDR = 0x07;
    int KERNEL_SIZE = 0x08;
    int KERNEL_CMDLINE = 0x09;
    int INITRD_ADDR = 0x0a;
    int INITRD_SIZE = 0x0b;
    int BOOT_DEVICE = 0x0c;
    int NUMA = 0x0d;
    int BOOT_MENU = 0x0e;
    int MAX_CPUS = 0x0f;
    int KERNEL_ENTRY = 0x10;
    int KERNEL_DATA = 0x11;
    int INITRD_DATA = 0x12;
    int CMDLINE_ADDR = 0x13;
    int CMDLINE_SIZE = 0x14;
    int CMDLINE_DATA = 0x15;
    int SETUP_ADDR = 0x16;
    int SETUP_SIZE = 0x17;
    int SETUP_DATA = 0x18;
    int FILE_DIR = 0x19;
    /** The selector of the first file; file N (in name order) is {@code FILE_FIRST + N}. */
    int FILE_FIRST = 0x20;

    /** Selector bit 14: QEMU's write channel flag (ignored since QEMU 2.4: data port writes do nothing). */
    int WRITE_CHANNEL = 0x4000;
    /** Selector bit 15: an architecture-specific item. */
    int ARCH_LOCAL = 0x8000;
    /** The item index within its (generic or architecture) table. */
    int ENTRY_MASK = 0x3fff;

    // ---- x86 keys (hw/i386/fw_cfg.h) ------------------------------------------------------------------------------

    int ACPI_TABLES = ARCH_LOCAL;
    int SMBIOS_ENTRIES = ARCH_LOCAL + 1;
    int IRQ0_OVERRIDE = ARCH_LOCAL + 2;
    int E820_TABLE = ARCH_LOCAL + 3;
    int HPET = ARCH_LOCAL + 4;

    // ---- FW_CFG_ID bits and the file directory --------------------------------------------------------------------

    /** {@link #ID} bit 0: the selector/data port interface. */
    int ID_TRADITIONAL = 0x01;
    /** {@link #ID} bit 1: the DMA interface. */
    int ID_DMA = 0x02;
    /** The longest file name, in bytes (the directory's name field is 56 bytes with the terminating NUL). */
    int MAX_FILE_NAME = 55;

    // ---- items by key ---------------------------------------------------------------------------------------------

    /**
     * Adds the item {@code key} (QEMU's fw_cfg_add_bytes).
     *
     * @throws IllegalArgumentException if the key already has an item, is {@link #FILE_DIR} or a file selector
     *                                  (use {@link #addFile}), has the {@link #WRITE_CHANNEL} bit, or lies beyond the
     *                                  device's entries
     */
    void addBytes(int key, byte[] data);

    /** Replaces (or adds) the item {@code key}, which becomes read-only; returns the old data or null (fw_cfg_modify_bytes). */
    byte[] modifyBytes(int key, byte[] data);

    /** The item {@code key} as the guest reads it (the live array), including files by selector and the directory. */
    Optional<byte[]> item(int key);

    /** Adds a NUL-terminated UTF-8 string (fw_cfg_add_string). */
    default void addString(int key, String value) {
        addBytes(key, cString(value));
    }

    /** Adds a little-endian 16-bit value (fw_cfg_add_i16). */
    default void addI16(int key, int value) {
        addBytes(key, littleEndian(value, 2));
    }

    /** Adds a little-endian 32-bit value (fw_cfg_add_i32). */
    default void addI32(int key, int value) {
        addBytes(key, littleEndian(value, 4));
    }

    /** Adds a little-endian 64-bit value (fw_cfg_add_i64). */
    default void addI64(int key, long value) {
        addBytes(key, littleEndian(value, 8));
    }

    default void modifyString(int key, String value) {
        modifyBytes(key, cString(value));
    }

    default void modifyI16(int key, int value) {
        modifyBytes(key, littleEndian(value, 2));
    }

    default void modifyI32(int key, int value) {
        modifyBytes(key, littleEndian(value, 4));
    }

    default void modifyI64(int key, long value) {
        modifyBytes(key, littleEndian(value, 8));
    }

    // ---- files ----------------------------------------------------------------------------------------------------

    /** Adds a read-only file without callbacks (fw_cfg_add_file). */
    default void addFile(String name, byte[] data) {
        addFile(name, data, null, true);
    }

    /**
     * Adds a file with optional callbacks; a file that is not {@code readOnly} takes guest DMA writes into its data
     * (QEMU's fw_cfg_add_file_callback).
     *
     * @throws IllegalArgumentException if a file of that name exists (the message names it), or the name is empty,
     *                                  longer than {@link #MAX_FILE_NAME} bytes or contains a NUL
     * @throws IllegalStateException    if every file slot (the device's "x-file-slots") is taken
     */
    void addFile(String name, byte[] data, FileCallbacks callbacks, boolean readOnly);

    /**
     * Replaces the contents of file {@code name}, or adds it (read-only) if there is none (fw_cfg_modify_file).
     * A replaced file keeps its selector and callbacks and becomes read-only, as in QEMU. Returns the old data or
     * null.
     */
    byte[] modifyFile(String name, byte[] data);

    /** The size of file {@code name}, if there is one. */
    OptionalInt fileSize(String name);

    /** The contents of file {@code name} (the live array, with what the guest wrote), if there is one. */
    Optional<byte[]> fileContents(String name);

    // ---- DMA ------------------------------------------------------------------------------------------------------

    /**
     * The address space the DMA interface reads descriptors from and transfers data to (the {@code dma_as} QEMU's
     * boards pass to fw_cfg_init_io_dma). By default the DMA space of the device's bus (system memory on the system
     * bus); a device with neither logs and drops DMA requests.
     */
    void setDmaAddressSpace(AddressSpace space);

    /** What a file's owner hears about guest accesses (QEMU's FWCfgCallback and FWCfgWriteCallback). */
    @ConsumerType
    interface FileCallbacks {

        /**
         * The guest selected the file, before it reads anything: the owner may bring the contents up to date
         * (in place, or with {@link FwCfg#modifyFile}).
         */
        default void selected() {
        }

        /** The guest wrote {@code length} bytes at {@code offset} of the file by DMA (writable files only). */
        default void written(int offset, int length) {
        }
    }

    // ---- encoding -------------------------------------------------------------------------------------------------

    /** The low {@code bytes} bytes of {@code value}, little-endian. */
    static byte[] littleEndian(long value, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) b[i] = (byte) (value >>> (8 * i));
        return b;
    }

    /** {@code value} in UTF-8 with a terminating NUL. */
    static byte[] cString(String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[s.length + 1];
        System.arraycopy(s, 0, b, 0, s.length);
        return b;
    }
}
