package org.jemu.core.acpi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QEMU's BIOS linker/loader (hw/acpi/bios-linker-loader.c, the fw_cfg file {@value #LOADER_FILE}): a list of
 * 128-byte commands the firmware (SeaBIOS's romfile_loader, OVMF's AcpiPlatformDxe) runs in order to place fw_cfg
 * blobs in guest memory, patch the pointers between them and fix their checksums. Entry layout (all little-endian):
 * <ul>
 * <li>le32 command at 0, then by command:</li>
 * <li>{@link #ALLOCATE} (1): file[56] at 4, le32 alignment (a power of two) at 60, u8 zone at 64
 *     ({@link Zone#HIGH} 1, {@link Zone#FSEG} 2);</li>
 * <li>{@link #ADD_POINTER} (2): destination file[56] at 4, source file[56] at 60, le32 offset at 116, u8 size (1, 2,
 *     4 or 8) at 120; the loader adds the source's address to the size-byte value at offset in the destination;</li>
 * <li>{@link #ADD_CHECKSUM} (3): file[56] at 4, le32 checksum offset at 60, le32 start at 64, le32 length at 68; the
 *     loader subtracts the byte sum of the range from the checksum byte;</li>
 * <li>{@link #WRITE_POINTER} (4): destination file[56] at 4, source file[56] at 60, le32 destination offset at 116,
 *     le32 source offset at 120, u8 size at 124; the loader writes the address of source + offset back into a
 *     writable fw_cfg file.</li>
 * </ul>
 * File names are NUL-terminated, at most {@value #MAX_FILE_NAME} bytes. The linker knows the blobs it allocates, so
 * {@link #addPointer} writes the source offset into the destination as QEMU does, and every command is checked
 * against the blobs' sizes when it is added.
 */
public final class BiosLinker {

    /** The fw_cfg file QEMU's firmware looks for. */
    public static final String LOADER_FILE = "etc/table-loader";
    public static final int ENTRY_SIZE = 128;
    public static final int FILE_NAME_SIZE = 56;
    public static final int MAX_FILE_NAME = FILE_NAME_SIZE - 1;
    public static final int ALLOCATE = 1;
    public static final int ADD_POINTER = 2;
    public static final int ADD_CHECKSUM = 3;
    public static final int WRITE_POINTER = 4;

    /** Where the loader allocates a file. */
    public enum Zone {
        /** Anywhere in high memory (SeaBIOS's ZoneHigh; reserved in the e820 map). */
        HIGH(1),
        /** The F segment, 0xE0000-0xFFFFF, where an RSDP must be found. */
        FSEG(2);

        public final int code;

        Zone(int code) {
            this.code = code;
        }

        static Zone of(int code) {
            for (Zone z : values()) if (z.code == code) return z;
            throw new IllegalArgumentException("unknown allocation zone " + code);
        }
    }

    /** One loader command, as {@link #parse} reads it back. */
    public sealed interface Command permits Allocate, AddPointer, AddChecksum, WritePointer {
    }

    public record Allocate(String file, int alignment, Zone zone) implements Command {
    }

    public record AddPointer(String destinationFile, String sourceFile, int offset, int size) implements Command {
    }

    public record AddChecksum(String file, int checksumOffset, int start, int length) implements Command {
    }

    public record WritePointer(String destinationFile, String sourceFile, int destinationOffset, int sourceOffset,
            int size) implements Command {
    }

    private final Map<String, TableData> files = new LinkedHashMap<>();
    private final TableData commands = new TableData();

    /**
     * ALLOCATE: the loader places fw_cfg file {@code file}, whose contents the caller goes on building in
     * {@code blob}, aligned to {@code alignment} in {@code zone} (QEMU's bios_linker_loader_alloc).
     */
    public void allocate(String file, TableData blob, int alignment, Zone zone) {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment " + alignment + " of " + file + " is not a power of two");
        }
        checkName(file);
        if (files.putIfAbsent(file, blob) != null) throw new IllegalArgumentException(file + " is allocated twice");
        TableData e = entry(ALLOCATE, file);
        e.u32(alignment).u8(zone.code);
        finish(e);
    }

    /**
     * ADD_POINTER: the {@code size}-byte field at {@code destinationOffset} of {@code destinationFile} becomes the
     * address of {@code sourceFile} plus {@code sourceOffset}; {@code sourceOffset} is written into the field now and
     * the loader adds the source's address (QEMU's bios_linker_loader_add_pointer).
     */
    public void addPointer(String destinationFile, int destinationOffset, int size, String sourceFile, int sourceOffset) {
        TableData dest = file(destinationFile);
        TableData src = file(sourceFile);
        checkSize(size);
        checkRange(destinationFile, dest, destinationOffset, size);
        if (sourceOffset < 0 || sourceOffset >= src.length()) {
            throw new IllegalArgumentException("offset " + sourceOffset + " is outside " + sourceFile + " (" + src.length()
                    + " bytes)");
        }
        dest.putLe(destinationOffset, sourceOffset, size);
        TableData e = entry(ADD_POINTER, destinationFile);
        e.ascii(sourceFile, FILE_NAME_SIZE, '\0').u32(destinationOffset).u8(size);
        finish(e);
    }

    /**
     * ADD_CHECKSUM: after the pointers before it are patched, the loader makes {@code length} bytes of {@code file}
     * from {@code start} sum to zero by adjusting the byte at {@code checksumOffset}, which must lie in the range and
     * be zero until then (QEMU's bios_linker_loader_add_checksum).
     */
    public void addChecksum(String file, int start, int length, int checksumOffset) {
        TableData blob = file(file);
        checkRange(file, blob, start, length);
        if (checksumOffset < start || checksumOffset >= start + length) {
            throw new IllegalArgumentException("checksum at " + checksumOffset + " of " + file + " is outside the range "
                    + start + "+" + length);
        }
        TableData e = entry(ADD_CHECKSUM, file);
        e.u32(checksumOffset).u32(start).u32(length);
        finish(e);
    }

    /**
     * WRITE_POINTER: the loader writes the {@code size}-byte address of {@code sourceFile} plus {@code sourceOffset}
     * into the writable fw_cfg file {@code destinationFile} at {@code destinationOffset} (QEMU's
     * bios_linker_loader_write_pointer); the destination is not allocated, {@code destinationSize} is its size.
     */
    public void writePointer(String destinationFile, int destinationSize, int destinationOffset, int size,
            String sourceFile, int sourceOffset) {
        TableData src = file(sourceFile);
        checkSize(size);
        checkName(destinationFile);
        if (destinationOffset < 0 || destinationOffset + size > destinationSize) {
            throw new IllegalArgumentException(size + " bytes at " + destinationOffset + " are outside " + destinationFile);
        }
        if (sourceOffset < 0 || sourceOffset >= src.length()) {
            throw new IllegalArgumentException("offset " + sourceOffset + " is outside " + sourceFile);
        }
        TableData e = entry(WRITE_POINTER, destinationFile);
        e.ascii(sourceFile, FILE_NAME_SIZE, '\0').u32(destinationOffset).u32(sourceOffset).u8(size);
        finish(e);
    }

    /** The number of commands so far. */
    public int commandCount() {
        return commands.length() / ENTRY_SIZE;
    }

    /**
     * The command list padded with zeros to a multiple of {@code alignment} bytes (QEMU pads to 4096; the firmware
     * skips command 0), as the fw_cfg file holds it.
     */
    public byte[] toBytes(int alignment) {
        TableData out = new TableData().append(commands);
        out.alignLength(alignment);
        return out.toByteArray();
    }

    private TableData file(String name) {
        TableData t = files.get(name);
        if (t == null) throw new IllegalArgumentException(name + " is not allocated (ALLOCATE must come first)");
        return t;
    }

    private static TableData entry(int command, String firstFile) {
        checkName(firstFile);
        return new TableData().u32(command).ascii(firstFile, FILE_NAME_SIZE, '\0');
    }

    private void finish(TableData e) {
        e.zeros(ENTRY_SIZE - e.length());
        commands.append(e);
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.US_ASCII).length > MAX_FILE_NAME) {
            throw new IllegalArgumentException("fw_cfg file name \"" + name + "\" is not 1-" + MAX_FILE_NAME + " bytes");
        }
    }

    private static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("pointer size " + size + " is not 1, 2, 4 or 8");
        }
    }

    private static void checkRange(String file, TableData blob, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > blob.length()) {
            throw new IllegalArgumentException(length + " bytes at " + offset + " are outside " + file + " ("
                    + blob.length() + " bytes)");
        }
    }

    /**
     * Reads a command list back (for tests and diagnostics). Entries with command 0 (padding) and unknown commands
     * are skipped, as the firmware skips them.
     *
     * @throws IllegalArgumentException if the list is not a whole number of entries
     */
    public static List<Command> parse(byte[] loader) {
        if (loader.length % ENTRY_SIZE != 0) {
            throw new IllegalArgumentException("loader of " + loader.length + " bytes is not a multiple of " + ENTRY_SIZE);
        }
        List<Command> out = new ArrayList<>();
        for (int base = 0; base < loader.length; base += ENTRY_SIZE) {
            switch (le32(loader, base)) {
                case ALLOCATE -> out.add(new Allocate(name(loader, base + 4), le32(loader, base + 60),
                        Zone.of(loader[base + 64] & 0xff)));
                case ADD_POINTER -> out.add(new AddPointer(name(loader, base + 4), name(loader, base + 60),
                        le32(loader, base + 116), loader[base + 120] & 0xff));
                case ADD_CHECKSUM -> out.add(new AddChecksum(name(loader, base + 4), le32(loader, base + 60),
                        le32(loader, base + 64), le32(loader, base + 68)));
                case WRITE_POINTER -> out.add(new WritePointer(name(loader, base + 4), name(loader, base + 60),
                        le32(loader, base + 116), le32(loader, base + 120), loader[base + 124] & 0xff));
                default -> {
                }
            }
        }
        return out;
    }

    /** Where a loader places an allocated file: its guest address and its patched contents. */
    public record Placed(long address, byte[] data) {
    }

    /** Chooses guest addresses for {@link #execute}. */
    @FunctionalInterface
    public interface Allocator {
        /** The address for {@code size} bytes of {@code file}, aligned to {@code alignment}, in {@code zone}. */
        long allocate(String file, int size, int alignment, Zone zone);
    }

    /**
     * Runs a command list as SeaBIOS's romfile_loader does: ALLOCATE copies a file to the address {@code allocator}
     * picks, ADD_POINTER adds the source's address to the little-endian field, ADD_CHECKSUM subtracts the range's
     * byte sum from the checksum byte; WRITE_POINTER (a write back into fw_cfg) is skipped. Returns the allocated
     * files, patched, by name.
     *
     * @throws IllegalArgumentException on a command the firmware would reject (unknown or unallocated file, a
     *                                  range outside a file, a bad pointer size)
     */
    public static Map<String, Placed> execute(byte[] loader, Map<String, byte[]> files, Allocator allocator) {
        Map<String, Placed> placed = new LinkedHashMap<>();
        for (Command c : parse(loader)) {
            switch (c) {
                case Allocate a -> {
                    byte[] data = files.get(a.file());
                    if (data == null) throw new IllegalArgumentException("ALLOCATE of missing file " + a.file());
                    placed.put(a.file(), new Placed(allocator.allocate(a.file(), data.length, a.alignment(), a.zone()),
                            data.clone()));
                }
                case AddPointer p -> {
                    Placed dest = placedFile(placed, p.destinationFile());
                    Placed src = placedFile(placed, p.sourceFile());
                    checkSize(p.size());
                    if (p.offset() < 0 || p.offset() + p.size() > dest.data().length) {
                        throw new IllegalArgumentException("ADD_POINTER outside " + p.destinationFile());
                    }
                    long v = 0;
                    for (int i = 0; i < p.size(); i++) v |= (dest.data()[p.offset() + i] & 0xffL) << (8 * i);
                    v += src.address();
                    for (int i = 0; i < p.size(); i++) dest.data()[p.offset() + i] = (byte) (v >>> (8 * i));
                }
                case AddChecksum k -> {
                    Placed f = placedFile(placed, k.file());
                    byte[] d = f.data();
                    if (k.checksumOffset() < 0 || k.checksumOffset() >= d.length || k.start() < 0 || k.length() < 0
                            || k.start() + k.length() > d.length) {
                        throw new IllegalArgumentException("ADD_CHECKSUM outside " + k.file());
                    }
                    int sum = 0;
                    for (int i = k.start(); i < k.start() + k.length(); i++) sum += d[i];
                    d[k.checksumOffset()] = (byte) (d[k.checksumOffset()] - sum);
                }
                case WritePointer w -> {
                }
            }
        }
        return placed;
    }

    private static Placed placedFile(Map<String, Placed> placed, String name) {
        Placed p = placed.get(name);
        if (p == null) throw new IllegalArgumentException(name + " is used before it is allocated");
        return p;
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static String name(byte[] b, int off) {
        int end = off;
        while (end < off + FILE_NAME_SIZE && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
