package org.jemu.core.acpi;

/**
 * One system description table being written into a {@link TableData} (QEMU's acpi_table_begin/acpi_table_end):
 * {@link #begin} appends the 36-byte header (ACPI 6.4 5.2.6: Signature, Length, Revision, Checksum, OEMID, OEM Table
 * ID, OEM Revision, Creator ID, Creator Revision) with the length and checksum left 0; the caller appends the body;
 * {@link #end} patches the length and either records an ADD_CHECKSUM command for the firmware's loader (tables in a
 * linker-loaded blob, whose pointers the loader patches first) or writes the checksum at once.
 */
public final class AcpiTable {

    /** The size of the system description table header. */
    public static final int HEADER_LENGTH = 36;
    public static final int LENGTH_OFFSET = 4;
    public static final int REVISION_OFFSET = 8;
    public static final int CHECKSUM_OFFSET = 9;
    public static final int OEM_ID_OFFSET = 10;
    public static final int OEM_TABLE_ID_OFFSET = 16;
    /** QEMU's OEM ID (ACPI_BUILD_APPNAME6). */
    public static final String QEMU_OEM_ID = "BOCHS ";
    /** QEMU's OEM table ID (ACPI_BUILD_APPNAME8). */
    public static final String QEMU_OEM_TABLE_ID = "BXPC    ";
    /** QEMU's creator ID (the first four characters of ACPI_BUILD_APPNAME8). */
    public static final String QEMU_CREATOR_ID = "BXPC";

    private final TableData data;
    private final int start;

    private AcpiTable(TableData data, int start) {
        this.data = data;
        this.start = start;
    }

    /** Starts a table with QEMU's OEM ID, OEM table ID, OEM revision 1, creator "BXPC" revision 1. */
    public static AcpiTable begin(TableData data, String signature, int revision) {
        return begin(data, signature, revision, QEMU_OEM_ID, QEMU_OEM_TABLE_ID);
    }

    /** Starts a table with the given OEM ID (up to 6 characters) and OEM table ID (up to 8), NUL-padded. */
    public static AcpiTable begin(TableData data, String signature, int revision, String oemId, String oemTableId) {
        if (signature.length() != 4) throw new IllegalArgumentException("table signature \"" + signature + "\" is not 4 characters");
        int start = data.length();
        data.ascii(signature, 4, '\0')
                .u32(0)                           // Length: patched by end()
                .u8(revision)
                .u8(0)                            // Checksum: by end() or the loader
                .ascii(oemId, 6, '\0')
                .ascii(oemTableId, 8, '\0')
                .u32(1)                           // OEM Revision
                .ascii(QEMU_CREATOR_ID, 4, '\0')  // Creator ID
                .u32(1);                          // Creator Revision
        return new AcpiTable(data, start);
    }

    /** Where the table starts in its blob. */
    public int start() {
        return start;
    }

    /** The table's length so far. */
    public int length() {
        return data.length() - start;
    }

    /**
     * Ends the table: patches its length and asks the loader to checksum it in {@code file} once the pointers are
     * patched (QEMU's acpi_table_end). Returns the length.
     */
    public int end(BiosLinker linker, String file) {
        int len = patchLength();
        linker.addChecksum(file, start, len, start + CHECKSUM_OFFSET);
        return len;
    }

    /** Ends the table: patches its length and writes its checksum (a table nobody patches). Returns the length. */
    public int end() {
        int len = patchLength();
        data.putLe(start + CHECKSUM_OFFSET, 0, 1);
        data.putLe(start + CHECKSUM_OFFSET, checksum(data, start, len), 1);
        return len;
    }

    private int patchLength() {
        int len = length();
        data.putLe(start + LENGTH_OFFSET, len, 4);
        return len;
    }

    /** The byte that makes {@code length} bytes from {@code offset} sum to zero, given they now sum to s: -s. */
    public static int checksum(TableData data, int offset, int length) {
        return -data.sum(offset, length) & 0xff;
    }

    /** Whether {@code length} bytes of {@code bytes} from {@code offset} sum to zero (mod 256). */
    public static boolean sumsToZero(byte[] bytes, int offset, int length) {
        int s = 0;
        for (int i = offset; i < offset + length; i++) s += bytes[i];
        return (s & 0xff) == 0;
    }
}
