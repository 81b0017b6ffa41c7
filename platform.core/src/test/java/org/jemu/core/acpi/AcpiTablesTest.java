package org.jemu.core.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jemu.core.acpi.AcpiTables.Fadt;
import org.jemu.core.acpi.AcpiTables.Gas;
import org.jemu.core.acpi.AcpiTables.InterruptOverride;
import org.jemu.core.acpi.AcpiTables.IoApic;
import org.jemu.core.acpi.AcpiTables.LocalApic;
import org.jemu.core.acpi.BiosLinker.Placed;
import org.jemu.core.acpi.BiosLinker.Zone;
import org.junit.jupiter.api.Test;

/** Header framing, checksums and the fixed-layout tables (offsets from the ACPI 6.4 table definitions). */
class AcpiTablesTest {

    private static final long HIGH = 0x0ffe0000L;
    private static final long FSEG = 0xf5a00L;
    private static final String T = AcpiTables.TABLES_FILE;

    private final TableData tables = new TableData();
    private final BiosLinker linker = new BiosLinker();

    AcpiTablesTest() {
        linker.allocate(T, tables, AcpiTables.FACS_ALIGNMENT, Zone.HIGH);
    }

    private Map<String, Placed> load(TableData rsdp) {
        Map<String, byte[]> files = rsdp == null ? Map.of(T, tables.toByteArray())
                : Map.of(T, tables.toByteArray(), AcpiTables.RSDP_FILE, rsdp.toByteArray());
        return BiosLinker.execute(linker.toBytes(AcpiTables.LOADER_ALIGNMENT), files,
                (f, size, align, zone) -> zone == Zone.FSEG ? FSEG : HIGH);
    }

    private static ByteBuffer at(byte[] b, int offset) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).position(offset).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    @Test
    void headerCarriesQemusOemFieldsAndAChecksumThatZeroesTheSum() {
        TableData d = new TableData();
        AcpiTable t = AcpiTable.begin(d, "TEST", 2);
        d.u32(0x12345678);

        int len = t.end();

        byte[] b = d.toByteArray();
        assertEquals(40, len);
        assertEquals("TEST", ascii(b, 0, 4));
        assertEquals(40, at(b, 0).getInt(4));
        assertEquals(2, b[8]);
        assertEquals("BOCHS ", ascii(b, 10, 6));
        assertEquals("BXPC    ", ascii(b, 16, 8));
        assertEquals(1, at(b, 0).getInt(24), "OEM revision");
        assertEquals("BXPC", ascii(b, 28, 4));
        assertEquals(1, at(b, 0).getInt(32), "creator revision");
        assertTrue(AcpiTable.sumsToZero(b, 0, 40));
    }

    @Test
    void tablesEndedForTheLoaderLeaveTheChecksumToIt() {
        int start = AcpiTables.waet(tables, linker);

        assertEquals(0, tables.get(start + AcpiTable.CHECKSUM_OFFSET));
        List<BiosLinker.Command> cmds = BiosLinker.parse(linker.toBytes(128));
        assertEquals(new BiosLinker.AddChecksum(T, start + 9, start, 40), cmds.getLast());
        assertTrue(AcpiTable.sumsToZero(load(null).get(T).data(), start, 40));
    }

    @Test
    void oemFieldsThatDoNotFitAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AcpiTable.begin(new TableData(), "DSDT", 1, "TOOLONG", "X"));
        assertThrows(IllegalArgumentException.class, () -> AcpiTable.begin(new TableData(), "DSD", 1));
    }

    @Test
    void facsIsSixtyFourBytesWithoutAChecksum() {
        int at = AcpiTables.facs(tables);

        byte[] b = tables.toByteArray();
        assertEquals(0, at);
        assertEquals(64, b.length);
        assertEquals("FACS", ascii(b, 0, 4));
        assertEquals(64, at(b, 0).getInt(4));
    }

    private static Fadt piix4Fadt(int revision) {
        return new Fadt(revision, AcpiTables.FADT_F_WBINVD | AcpiTables.FADT_F_PROC_C1, 9, 0xb2, 0xf1, 0xf0, 0x600,
                0xafe0, 4, AcpiTables.RTC_CENTURY, 0, revision == 3 ? Gas.io(0xcf9, 1) : null, 0x0f);
    }

    @Test
    void fadtRevision1HasThePmBlocksAndPointersAtTheirOffsets() {
        int facs = AcpiTables.facs(tables);
        int dsdt = tables.length();
        AcpiTable.begin(tables, "DSDT", 1).end(linker, T);

        int fadt = AcpiTables.fadt(tables, linker, piix4Fadt(1), facs, dsdt);

        byte[] b = load(null).get(T).data();
        ByteBuffer f = at(b, fadt);
        assertEquals("FACP", ascii(b, fadt, 4));
        assertEquals(116, f.getInt(4));
        assertEquals(1, f.get(8));
        assertEquals(HIGH + facs, f.getInt(36) & 0xffffffffL, "FIRMWARE_CTRL");
        assertEquals(HIGH + dsdt, f.getInt(40) & 0xffffffffL, "DSDT");
        assertEquals(1, f.get(44), "INT_MODEL");
        assertEquals(9, f.getShort(46), "SCI_INT");
        assertEquals(0xb2, f.getInt(48), "SMI_CMD");
        assertEquals((byte) 0xf1, f.get(52));
        assertEquals((byte) 0xf0, f.get(53));
        assertEquals(0x600, f.getInt(56), "PM1a_EVT_BLK");
        assertEquals(0x604, f.getInt(64), "PM1a_CNT_BLK");
        assertEquals(0x608, f.getInt(76), "PM_TMR_BLK");
        assertEquals(0xafe0, f.getInt(80), "GPE0_BLK");
        assertEquals(4, f.get(88), "PM1_EVT_LEN");
        assertEquals(2, f.get(89), "PM1_CNT_LEN");
        assertEquals(4, f.get(91), "PM_TMR_LEN");
        assertEquals(4, f.get(92), "GPE0_BLK_LEN");
        assertEquals(0xfff, f.getShort(96));
        assertEquals(0xfff, f.getShort(98));
        assertEquals(0x32, f.get(108), "CENTURY");
        assertEquals(0, f.getShort(109), "IAPC_BOOT_ARCH is reserved in revision 1");
        assertEquals(0x5, f.getInt(112), "flags");
        assertTrue(AcpiTable.sumsToZero(b, fadt, 116));
    }

    @Test
    void fadtRevision3AddsTheResetRegisterAndExtendedBlocks() {
        int facs = AcpiTables.facs(tables);

        int fadt = AcpiTables.fadt(tables, linker, piix4Fadt(3), facs, facs);

        byte[] b = load(null).get(T).data();
        ByteBuffer f = at(b, fadt);
        assertEquals(244, f.getInt(4));
        assertEquals(3, f.get(8));
        assertEquals(1, f.get(116), "RESET_REG in system I/O");
        assertEquals(8, f.get(117));
        assertEquals(0xcf9, f.getLong(120));
        assertEquals(0x0f, f.get(128), "RESET_VALUE");
        assertEquals(0, f.getLong(132), "X_FIRMWARE_CTRL");
        assertEquals(HIGH + facs, f.getLong(140), "X_DSDT");
        assertEquals(1, f.get(148), "X_PM1a_EVT_BLK: system I/O");
        assertEquals(32, f.get(149));
        assertEquals(0x600, f.getLong(152));
        assertEquals(16, f.get(173), "X_PM1a_CNT_BLK: 16 bits");
        assertEquals(0x604, f.getLong(176));
        assertEquals(0x608, f.getLong(212), "X_PM_TMR_BLK");
        assertEquals(32, f.get(221), "X_GPE0_BLK: 4 bytes");
        assertEquals(0xafe0, f.getLong(224));
        assertTrue(AcpiTable.sumsToZero(b, fadt, 244));
        assertThrows(IllegalArgumentException.class, () -> piix4Fadt(2));
    }

    @Test
    void madtListsCpusIoApicOverridesAndTheLint1Nmi() {
        int madt = AcpiTables.madt(tables, linker,
                List.of(new LocalApic(0, 0, true), new LocalApic(1, 1, false)),
                List.of(new IoApic(0, 0xfec00000L, 0)),
                List.of(new InterruptOverride(0, 2, AcpiTables.OVERRIDE_CONFORMS),
                        new InterruptOverride(9, 9, AcpiTables.OVERRIDE_LEVEL_HIGH)));

        byte[] b = load(null).get(T).data();
        ByteBuffer m = at(b, madt);
        assertEquals("APIC", ascii(b, madt, 4));
        int len = 36 + 8 + 2 * 8 + 12 + 2 * 10 + 6;
        assertEquals(len, m.getInt(4));
        assertEquals(0xfee00000, m.getInt(36));
        assertEquals(1, m.getInt(40), "PCAT_COMPAT");
        assertEquals(0, m.get(44));
        assertEquals(8, m.get(45));
        assertEquals(1, m.getInt(48), "CPU 0 enabled");
        assertEquals(1, m.get(55), "CPU 1's APIC ID");
        assertEquals(0, m.getInt(56), "CPU 1 possible but absent");
        assertEquals(1, m.get(60), "I/O APIC");
        assertEquals(12, m.get(61));
        assertEquals(0xfec00000, m.getInt(64));
        assertEquals(0, m.getInt(68), "GSI base");
        assertEquals(2, m.get(72), "override");
        assertEquals(0, m.get(75), "IRQ 0");
        assertEquals(2, m.getInt(76), "to GSI 2");
        assertEquals(0, m.getShort(80));
        assertEquals(9, m.get(85));
        assertEquals(0xd, m.getShort(90), "active high, level");
        assertEquals(4, m.get(92), "local APIC NMI");
        assertEquals((byte) 0xff, m.get(94), "all processors");
        assertEquals(1, m.get(97), "LINT1");
        assertTrue(AcpiTable.sumsToZero(b, madt, len));
    }

    @Test
    void apicIdsAbove254UseX2apicEntriesAndNmi() {
        int madt = AcpiTables.madt(tables, linker, List.of(new LocalApic(0, 300, true)), List.of(), List.of());

        ByteBuffer m = at(tables.toByteArray(), madt);
        assertEquals(36 + 8 + 16 + 12, m.getInt(4));
        assertEquals(9, m.get(44));
        assertEquals(300, m.getInt(48));
        assertEquals(10, m.get(60), "local x2APIC NMI");
        assertEquals(-1, m.getInt(64));
    }

    @Test
    void hpetTableNamesTheBlockAndItsAddress() {
        int hpet = AcpiTables.hpet(tables, linker, 0x8086a201, 0xfed00000L);

        byte[] b = load(null).get(T).data();
        ByteBuffer h = at(b, hpet);
        assertEquals(56, h.getInt(4));
        assertEquals(0x8086a201, h.getInt(36));
        assertEquals(0, h.get(40), "system memory");
        assertEquals(0xfed00000L, h.getLong(44));
        assertEquals(0, h.get(52), "HPET number");
        assertEquals(0, h.getShort(53), "minimum tick");
        assertTrue(AcpiTable.sumsToZero(b, hpet, 56));
    }

    @Test
    void rsdtAndRsdpPointAtTheLoadedTables() {
        int facs = AcpiTables.facs(tables);
        int waet = AcpiTables.waet(tables, linker);
        int hpet = AcpiTables.hpet(tables, linker, 0x8086a201, 0xfed00000L);
        int rsdt = AcpiTables.rsdt(tables, linker, List.of(waet, hpet));
        TableData rsdp = new TableData();

        AcpiTables.rsdp(rsdp, linker, AcpiTable.QEMU_OEM_ID, rsdt, null);

        Map<String, Placed> mem = load(rsdp);
        byte[] t = mem.get(T).data();
        byte[] p = mem.get(AcpiTables.RSDP_FILE).data();
        assertEquals(FSEG, mem.get(AcpiTables.RSDP_FILE).address());
        assertEquals(20, p.length);
        assertEquals("RSD PTR ", ascii(p, 0, 8));
        assertEquals("BOCHS ", ascii(p, 9, 6));
        assertEquals(0, p[15], "revision 0");
        assertEquals(HIGH + rsdt, at(p, 0).getInt(16) & 0xffffffffL);
        assertTrue(AcpiTable.sumsToZero(p, 0, 20));
        assertEquals(44, at(t, rsdt).getInt(4));
        assertEquals(HIGH + waet, at(t, rsdt).getInt(36) & 0xffffffffL);
        assertEquals(HIGH + hpet, at(t, rsdt).getInt(40) & 0xffffffffL);
        assertTrue(AcpiTable.sumsToZero(t, rsdt, 44));
        assertEquals(0, facs);
    }

    @Test
    void rsdpRevision2PointsAtTheXsdtWithAnExtendedChecksum() {
        AcpiTables.facs(tables);
        int waet = AcpiTables.waet(tables, linker);
        int xsdt = AcpiTables.xsdt(tables, linker, List.of(waet));
        TableData rsdp = new TableData();

        AcpiTables.rsdp(rsdp, linker, AcpiTable.QEMU_OEM_ID, null, xsdt);

        Map<String, Placed> mem = load(rsdp);
        byte[] p = mem.get(AcpiTables.RSDP_FILE).data();
        assertEquals(36, p.length);
        assertEquals(2, p[15]);
        assertEquals(0, at(p, 0).getInt(16), "no RSDT");
        assertEquals(36, at(p, 0).getInt(20));
        assertEquals(HIGH + xsdt, at(p, 0).getLong(24));
        assertTrue(AcpiTable.sumsToZero(p, 0, 20));
        assertTrue(AcpiTable.sumsToZero(p, 0, 36));
        assertEquals(HIGH + waet, at(mem.get(T).data(), xsdt).getLong(36));
    }
}
