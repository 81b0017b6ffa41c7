package org.jemu.core.acpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jemu.core.acpi.BiosLinker.AddChecksum;
import org.jemu.core.acpi.BiosLinker.AddPointer;
import org.jemu.core.acpi.BiosLinker.Allocate;
import org.jemu.core.acpi.BiosLinker.Placed;
import org.jemu.core.acpi.BiosLinker.WritePointer;
import org.jemu.core.acpi.BiosLinker.Zone;
import org.junit.jupiter.api.Test;

/** The loader command list: entry layouts as SeaBIOS's romfile_loader_entry_s reads them, and their replay. */
class BiosLinkerTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String name(byte[] b, int off) {
        int end = off;
        while (b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static TableData blob(int size) {
        return new TableData().zeros(size);
    }

    @Test
    void allocateEntryHoldsNameAlignmentAndZone() {
        BiosLinker l = new BiosLinker();
        l.allocate("etc/acpi/tables", blob(100), 64, Zone.HIGH);

        byte[] e = l.toBytes(BiosLinker.ENTRY_SIZE);

        assertEquals(128, e.length);
        assertEquals(1, le(e).getInt(0));
        assertEquals("etc/acpi/tables", name(e, 4));
        assertEquals(0, e[4 + 55], "the name field keeps its terminating NUL");
        assertEquals(64, le(e).getInt(60));
        assertEquals(1, e[64]);
        for (int i = 65; i < 128; i++) assertEquals(0, e[i], "byte " + i + " is padding");
    }

    @Test
    void addPointerWritesTheSourceOffsetAndRecordsTheField() {
        BiosLinker l = new BiosLinker();
        TableData tables = blob(64);
        TableData rsdp = blob(20);
        l.allocate("etc/acpi/tables", tables, 64, Zone.HIGH);
        l.allocate("etc/acpi/rsdp", rsdp, 16, Zone.FSEG);

        l.addPointer("etc/acpi/rsdp", 16, 4, "etc/acpi/tables", 0x30);

        assertEquals(0x30, rsdp.getLe(16, 4), "the field holds the offset the loader adds the address to");
        byte[] e = l.toBytes(BiosLinker.ENTRY_SIZE);
        assertEquals(3 * 128, e.length);
        ByteBuffer p = le(e).position(256).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, p.getInt(0));
        assertEquals("etc/acpi/rsdp", name(e, 256 + 4));
        assertEquals("etc/acpi/tables", name(e, 256 + 60));
        assertEquals(16, p.getInt(116));
        assertEquals(4, e[256 + 120]);
        assertEquals(2, e[128 + 64], "FSEG zone");
    }

    @Test
    void addChecksumRecordsOffsetStartAndLength() {
        BiosLinker l = new BiosLinker();
        l.allocate("f", blob(100), 1, Zone.HIGH);

        l.addChecksum("f", 40, 36, 49);

        byte[] e = l.toBytes(BiosLinker.ENTRY_SIZE);
        ByteBuffer c = le(e).position(128).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, c.getInt(0));
        assertEquals("f", name(e, 132));
        assertEquals(49, c.getInt(60));
        assertEquals(40, c.getInt(64));
        assertEquals(36, c.getInt(68));
    }

    @Test
    void writePointerRecordsBothOffsetsAndSize() {
        BiosLinker l = new BiosLinker();
        l.allocate("etc/vmgenid_guid", blob(4096), 4096, Zone.HIGH);

        l.writePointer("etc/vmgenid_addr", 8, 0, 8, "etc/vmgenid_guid", 40);

        byte[] e = l.toBytes(BiosLinker.ENTRY_SIZE);
        ByteBuffer w = le(e).position(128).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4, w.getInt(0));
        assertEquals("etc/vmgenid_addr", name(e, 132));
        assertEquals("etc/vmgenid_guid", name(e, 188));
        assertEquals(0, w.getInt(116));
        assertEquals(40, w.getInt(120));
        assertEquals(8, e[128 + 124]);
    }

    @Test
    void commandsArePaddedToTheRequestedAlignment() {
        BiosLinker l = new BiosLinker();
        l.allocate("f", blob(8), 1, Zone.HIGH);

        byte[] padded = l.toBytes(4096);

        assertEquals(4096, padded.length);
        assertEquals(1, l.commandCount());
        assertEquals(1, BiosLinker.parse(padded).size(), "zero entries are padding, skipped as the firmware skips them");
    }

    @Test
    void parseReadsBackEveryCommand() {
        BiosLinker l = new BiosLinker();
        l.allocate("a", blob(32), 16, Zone.FSEG);
        l.allocate("b", blob(64), 64, Zone.HIGH);
        l.addPointer("a", 8, 8, "b", 4);
        l.addChecksum("b", 0, 64, 9);
        l.writePointer("c", 8, 0, 4, "b", 0);

        List<BiosLinker.Command> cmds = BiosLinker.parse(l.toBytes(4096));

        assertEquals(List.of(new Allocate("a", 16, Zone.FSEG), new Allocate("b", 64, Zone.HIGH),
                new AddPointer("a", "b", 8, 8), new AddChecksum("b", 9, 0, 64), new WritePointer("c", "b", 0, 0, 4)), cmds);
    }

    @Test
    void executePatchesPointersAndChecksumsAsSeaBiosDoes() {
        BiosLinker l = new BiosLinker();
        TableData tables = new TableData().zeros(16).u8(5).u8(7).zeros(2); // bytes 16..19 summed by the checksum
        TableData rsdp = blob(8);
        l.allocate("t", tables, 64, Zone.HIGH);
        l.allocate("r", rsdp, 16, Zone.FSEG);
        l.addPointer("r", 0, 4, "t", 16);
        l.addChecksum("t", 16, 4, 18);

        Map<String, Placed> placed = BiosLinker.execute(l.toBytes(4096),
                Map.of("t", tables.toByteArray(), "r", rsdp.toByteArray()),
                (file, size, align, zone) -> zone == Zone.FSEG ? 0xf5a00 : 0x0ffe0000L);

        assertEquals(0x0ffe0000L, placed.get("t").address());
        assertEquals(0x0ffe0010L, le(placed.get("r").data()).getInt(0), "t's address plus the offset 16");
        assertTrue(AcpiTable.sumsToZero(placed.get("t").data(), 16, 4));
        assertEquals((byte) -12, placed.get("t").data()[18]);
    }

    @Test
    void commandsThatTheFirmwareWouldRejectAreRefusedWhenAdded() {
        BiosLinker l = new BiosLinker();
        l.allocate("t", blob(16), 16, Zone.HIGH);

        assertThrows(IllegalArgumentException.class, () -> l.addPointer("t", 0, 4, "missing", 0));
        assertThrows(IllegalArgumentException.class, () -> l.addPointer("t", 0, 3, "t", 0));
        assertThrows(IllegalArgumentException.class, () -> l.addPointer("t", 14, 4, "t", 0));
        assertThrows(IllegalArgumentException.class, () -> l.addPointer("t", 0, 4, "t", 16));
        assertThrows(IllegalArgumentException.class, () -> l.addChecksum("t", 0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> l.addChecksum("t", 8, 16, 9));
        assertThrows(IllegalArgumentException.class, () -> l.allocate("t", blob(1), 16, Zone.HIGH));
        assertThrows(IllegalArgumentException.class, () -> l.allocate("u", blob(1), 24, Zone.HIGH));
        assertThrows(IllegalArgumentException.class, () -> l.allocate("x".repeat(56), blob(1), 1, Zone.HIGH));
        assertEquals(1, l.commandCount(), "refused commands leave nothing behind");
    }

    @Test
    void executeRejectsAPointerIntoAFileNotYetAllocated() {
        BiosLinker l = new BiosLinker();
        l.allocate("t", blob(16), 16, Zone.HIGH);
        l.allocate("u", blob(16), 16, Zone.HIGH);
        l.addPointer("t", 0, 4, "u", 0);
        byte[] cmds = l.toBytes(128);
        // drop the second ALLOCATE: the pointer now names a file the loader has not placed
        byte[] broken = new byte[256];
        System.arraycopy(cmds, 0, broken, 0, 128);
        System.arraycopy(cmds, 256, broken, 128, 128);

        assertThrows(IllegalArgumentException.class, () -> BiosLinker.execute(broken,
                Map.of("t", new byte[16], "u", new byte[16]), (f, s, a, z) -> 0x1000));
        assertThrows(IllegalArgumentException.class, () -> BiosLinker.parse(new byte[100]));
    }

    @Test
    void theRsdpBlobKeepsItsPointerFieldAfterAllocation() {
        BiosLinker l = new BiosLinker();
        TableData t = blob(64);
        l.allocate(AcpiTables.TABLES_FILE, t, 64, Zone.HIGH);
        TableData rsdp = new TableData();

        AcpiTables.rsdp(rsdp, l, AcpiTable.QEMU_OEM_ID, 40, null);

        assertArrayEquals("RSD PTR ".getBytes(StandardCharsets.US_ASCII), rsdp.copy(0, 8));
        assertEquals(40, rsdp.getLe(16, 4));
    }
}
