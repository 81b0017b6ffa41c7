package org.jemu.plugin.q35.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jemu.core.acpi.Aml;
import org.jemu.core.pc.PcAcpi.Files;
import org.jemu.core.pc.PcAcpi.IsaDevices;
import org.jemu.core.pc.PcAcpi.PciHoles;
import org.jemu.core.pc.PcAcpi.Pm;
import org.jemu.core.pc.PcAcpi.Serial;
import org.junit.jupiter.api.Test;

class Q35AcpiTest {

    static final long MCFG_BASE = 0xb000_0000L;
    static final long MCFG_SIZE = 256L << 20;
    /** What ICH9-LPC reports once SeaBIOS moved the PM block to 0x600, without SMM. */
    static final Pm PM = new Pm(0x600, 9, 0x620, 16, false, 0, 0, true, 2);
    static final PciHoles HOLES = new PciHoles(0x1000_0000L, 0xfec0_0000L, 0x1_0000_0000L, 0x9_0000_0000L);
    static final IsaDevices ISA = new IsaDevices(null, true, null, List.of(new Serial(0, 0x3f8, 4)));

    private static Q35Acpi.Inputs inputs(long mcfgBase, long mcfgSize) {
        return new Q35Acpi.Inputs(1, 1, PM, HOLES, mcfgBase, mcfgSize, true, ISA, true, true);
    }

    /** The tables in "etc/acpi/tables" after the FACS, by signature, with their offsets. */
    private static List<String> signatures(byte[] tables) {
        List<String> out = new ArrayList<>();
        int at = 64; // the FACS
        while (at + 8 <= tables.length) {
            int length = ByteBuffer.wrap(tables, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (length == 0) break;
            out.add(new String(tables, at, 4, StandardCharsets.US_ASCII));
            at += length;
        }
        return out;
    }

    private static int find(byte[] tables, String signature) {
        int at = 64;
        while (true) {
            int length = ByteBuffer.wrap(tables, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (new String(tables, at, 4, StandardCharsets.US_ASCII).equals(signature)) return at;
            at += length;
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void tablesComeInQemusQ35OrderWithTheMcfgAfterTheHpet() {
        Files f = Q35Acpi.build(inputs(MCFG_BASE, MCFG_SIZE));

        assertEquals(List.of("DSDT", "FACP", "APIC", "HPET", "MCFG", "WAET", "RSDT"), signatures(f.tables()));
    }

    @Test
    void mcfgDescribesTheEcamWindowForBusesZeroTo255() {
        byte[] t = Q35Acpi.build(inputs(MCFG_BASE, MCFG_SIZE)).tables();
        ByteBuffer mcfg = ByteBuffer.wrap(t, find(t, "MCFG"), 60).slice().order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(60, mcfg.getInt(4), "QEMU's MCFG is 0x3c bytes");
        assertEquals(MCFG_BASE, mcfg.getLong(44));
        assertEquals(0, mcfg.getShort(52), "segment");
        assertEquals(0, mcfg.get(54), "first bus");
        assertEquals((byte) 0xff, mcfg.get(55), "last bus");
    }

    @Test
    void withoutAnEnabledEcamWindowThereIsNoMcfgAndNoDramControllerDevice() {
        Files f = Q35Acpi.build(inputs(Q35Acpi.MCFG_UNMAPPED, 0));

        assertFalse(signatures(f.tables()).contains("MCFG"));
        assertFalse(contains(f.tables(), "DRAC".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void fadtIsRevision3WithIch9sPmBlocksAndTheResetRegister() {
        byte[] t = Q35Acpi.build(inputs(MCFG_BASE, MCFG_SIZE)).tables();
        ByteBuffer fadt = ByteBuffer.wrap(t, find(t, "FACP"), 244).slice().order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(244, fadt.getInt(4));
        assertEquals(3, fadt.get(8), "revision");
        assertEquals(9, fadt.getShort(46), "SCI_INT");
        assertEquals(0, fadt.getInt(48), "no SMI_CMD without SMM");
        assertEquals(0x600, fadt.getInt(56), "PM1a_EVT_BLK");
        assertEquals(0x604, fadt.getInt(64), "PM1a_CNT_BLK");
        assertEquals(0x608, fadt.getInt(76), "PM_TMR_BLK");
        assertEquals(0x620, fadt.getInt(80), "GPE0_BLK");
        assertEquals(16, fadt.get(92), "GPE0_BLK_LEN");
        assertEquals(0x84a5, fadt.getInt(112), "QEMU's q35 flags: WBINVD, C1, sleep button, RTC S4, reset register, platform clock");
        assertEquals(1, fadt.get(116), "reset register in system I/O");
        assertEquals(8, fadt.get(117), "8 bits wide");
        assertEquals(0xcf9, fadt.getLong(120), "ICH9's RST_CNT");
        assertEquals(0x0f, fadt.get(128), "reset value");
    }

    @Test
    void dsdtDescribesAPciExpressRootWithOscAndTheIch9Links() {
        byte[] t = Q35Acpi.build(inputs(MCFG_BASE, MCFG_SIZE)).tables();
        ByteBuffer h = ByteBuffer.wrap(t, find(t, "DSDT"), 8).order(ByteOrder.LITTLE_ENDIAN);
        int length = h.getInt(find(t, "DSDT") + 4);
        byte[] dsdt = java.util.Arrays.copyOfRange(t, find(t, "DSDT"), find(t, "DSDT") + length);

        assertTrue(contains(dsdt, Aml.name("_HID", Aml.eisaId("PNP0A08")).encode()), "PCI Express root");
        assertTrue(contains(dsdt, Aml.uuid("33DB4D5B-1FF7-401C-9657-7441C03DD766").encode()), "_OSC's UUID");
        for (String link : List.of("LNKA", "LNKH", "GSIA", "GSIH", "PRTP", "PRTA", "PICF", "_PIC", "SMB0", "DRAC", "COM1")) {
            assertTrue(contains(dsdt, link.getBytes(StandardCharsets.US_ASCII)), link);
        }
    }

    @Test
    void slotPinsReachIch9sPirqsAsQemusRoutingTableSays() {
        assertEquals(4, Q35Dsdt.pirqOf(0, 0), "slot 0 INTA: PIRQE");
        assertEquals(5, Q35Dsdt.pirqOf(1, 0), "slot 1 INTA: PIRQF");
        assertEquals(4, Q35Dsdt.pirqOf(1, 3), "slot 1 INTD wraps to PIRQE");
        assertEquals(7, Q35Dsdt.pirqOf(24, 3), "slot 24: PIRQE + pin");
        assertEquals(0, Q35Dsdt.pirqOf(31, 0), "slot 31 INTA (AHCI, SMBus): PIRQA, D31IR's default");
        assertEquals(2, Q35Dsdt.pirqOf(29, 2), "slots 25-29: PIRQA + pin");
        assertEquals(6, Q35Dsdt.pirqOf(30, 2), "slot 30 (DMI-to-PCI bridge): PIRQE + pin");
    }
}
