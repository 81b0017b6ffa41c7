package org.jemu.plugin.i440fx.internal;

import static org.jemu.plugin.i440fx.internal.Chipset.configWrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jemu.core.acpi.AcpiTable;
import org.jemu.core.acpi.BiosLinker;
import org.jemu.core.acpi.BiosLinker.Placed;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.plugin.i440fx.internal.PcFwCfgTest.RecordingFwCfg;
import org.junit.jupiter.api.Test;

/**
 * The pc board's ACPI tables on the chipset board with PIIX4_PM, a recording fw_cfg and stand-ins for the ISA
 * devices of plugin.pc: the three fw_cfg files, replayed with the loader as SeaBIOS does, then read back table by
 * table from the RSDP.
 */
class PcAcpiTest {

    static final int PM = PciConfig.devfn(1, 3);
    static final long HIGH = 0x0ffe0000L;
    static final long FSEG = 0xf5a00L;
    static final long UNSET = 0xffff_ffffL;

    /** A device of plugin.pc, by type name and properties only (the pc board finds them by name). */
    static final class StandIn extends SysBusDevice {
        StandIn(ObjectType type) {
            super(type);
        }
    }

    static final ModuleInit STAND_INS = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("test-fw-cfg").parent(SysBusDevice.TYPE).factory(RecordingFwCfg::new)
                    .classInit(c -> c.property(PropertyDef.bool("dma_enabled").defaultValue(true))).build());
            standIn(ctx, "hpet");
            standIn(ctx, "i8042");
            ctx.register(TypeInfo.builder("mc146818rtc").parent(SysBusDevice.TYPE).factory(StandIn::new)
                    .classInit(c -> c.property(PropertyDef.uint16("iobase").defaultValue(0x70))).build());
            ctx.register(TypeInfo.builder("isa-fdc").parent(SysBusDevice.TYPE).factory(StandIn::new)
                    .classInit(c -> c.property(PropertyDef.uint32("iobase").defaultValue(0x3f0))
                            .property(PropertyDef.uint32("irq").defaultValue(6))
                            .property(PropertyDef.uint32("dma").defaultValue(2))).build());
            ctx.register(TypeInfo.builder("isa-serial").parent(SysBusDevice.TYPE).factory(StandIn::new)
                    .classInit(c -> c.property(PropertyDef.uint32("index").defaultValue(UNSET))
                            .property(PropertyDef.uint32("iobase").defaultValue(UNSET))
                            .property(PropertyDef.uint32("irq").defaultValue(UNSET))).build());
        }

        private void standIn(InitContext ctx, String type) {
            ctx.register(TypeInfo.builder(type).parent(SysBusDevice.TYPE).factory(StandIn::new).build());
        }
    };

    private static DeviceSpec sysbus(String name, String type) {
        return DeviceSpec.of(name, type).on(PcI440fxMachine.SYSBUS);
    }

    /** The chipset with PIIX4_PM (when {@code pm}), fw_cfg, the ISA stand-ins, and {@code more}; the ACPI hook. */
    private static MachineHarness machine(long ram, int cpus, boolean pm, boolean smmCompat, DeviceSpec... more) {
        List<DeviceSpec> devices = new ArrayList<>(List.of(sysbus("fw_cfg", "test-fw-cfg"),
                sysbus("rtc", "mc146818rtc"), sysbus("kbc", "i8042"), sysbus("fdc", "isa-fdc")));
        if (pm) {
            devices.add(Chipset.pci("pm", Piix4Pm.TYPE, "01.3").with("smb_io_base", "0xb100")
                    .with("smm-compat", smmCompat ? "on" : "off"));
        }
        devices.addAll(List.of(more));
        BoardDefinition board = Chipset.board(devices.toArray(DeviceSpec[]::new)).maxCpus(PcI440fxMachine.MAX_CPUS)
                .hook(Stage.MACHINE_DONE, PiixAcpi::install).build();
        return Chipset.harness(board).contribute(STAND_INS).ram(ram).cpus(cpus).build();
    }

    private static MachineHarness machine(DeviceSpec... more) {
        return machine(256L << 20, 1, true, false, more);
    }

    private static RecordingFwCfg fwCfg(MachineHarness h) {
        return (RecordingFwCfg) h.resolve("/machine/fw_cfg");
    }

    /** What SeaBIOS does on the pc: move the PM base to 0x600, then run "etc/table-loader". */
    private static Loaded firmware(MachineHarness h) {
        configWrite(h, PM, Piix4Pm.PMBASE, 4, 0x601);
        configWrite(h, PM, Piix4Pm.PMREGMISC, 1, 1);
        RecordingFwCfg fw = fwCfg(h);
        fw.callbacks.get(BiosLinker.LOADER_FILE).selected();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : List.of("etc/acpi/tables", "etc/acpi/rsdp")) {
            fw.callbacks.get(f).selected();
            files.put(f, fw.files.get(f));
        }
        return new Loaded(BiosLinker.execute(fw.files.get(BiosLinker.LOADER_FILE), files,
                (file, size, align, zone) -> zone == BiosLinker.Zone.FSEG ? FSEG : HIGH));
    }

    /** Guest memory after the loader ran: the placed files, addressed by guest-physical address. */
    record Loaded(Map<String, Placed> files) {
        ByteBuffer at(long address) {
            for (Placed p : files.values()) {
                if (address >= p.address() && address < p.address() + p.data().length) {
                    return ByteBuffer.wrap(p.data()).order(ByteOrder.LITTLE_ENDIAN)
                            .position((int) (address - p.address())).slice().order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            throw new AssertionError("nothing loaded at 0x" + Long.toHexString(address));
        }

        /** The table at {@code address}, checked: its signature, and that its length's bytes sum to zero. */
        byte[] table(long address, String signature) {
            ByteBuffer b = at(address);
            byte[] sig = new byte[4];
            b.get(0, sig);
            assertEquals(signature, new String(sig, StandardCharsets.US_ASCII));
            int len = b.getInt(4);
            byte[] t = new byte[len];
            b.get(0, t);
            assertTrue(AcpiTable.sumsToZero(t, 0, len), signature + " checksum");
            return t;
        }

        /** The RSDT's entries by signature, each table checked. */
        Map<String, byte[]> tables() {
            ByteBuffer rsdp = at(FSEG);
            byte[] r = new byte[20];
            rsdp.get(0, r);
            assertEquals("RSD PTR ", new String(r, 0, 8, StandardCharsets.US_ASCII));
            assertTrue(AcpiTable.sumsToZero(r, 0, 20), "RSDP checksum");
            byte[] rsdt = table(rsdp.getInt(16) & 0xffffffffL, "RSDT");
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int off = 36; off < rsdt.length; off += 4) {
                long addr = ByteBuffer.wrap(rsdt).order(ByteOrder.LITTLE_ENDIAN).getInt(off) & 0xffffffffL;
                byte[] sig = new byte[4];
                at(addr).get(0, sig);
                String s = new String(sig, StandardCharsets.US_ASCII);
                out.put(s, table(addr, s));
            }
            return out;
        }
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] b(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) out.write(i);
            else out.writeBytes(((String) p).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        return indexOf(hay, needle) >= 0;
    }

    private static byte[] dsdt(Loaded mem) {
        byte[] fadt = mem.tables().get("FACP");
        return mem.table(le(fadt).getInt(40) & 0xffffffffL, "DSDT");
    }

    @Test
    void theThreeFilesHaveQemusSizes() {
        try (MachineHarness h = machine()) {
            RecordingFwCfg fw = fwCfg(h);

            assertEquals(0x20000, fw.files.get("etc/acpi/tables").length);
            assertEquals(20, fw.files.get("etc/acpi/rsdp").length);
            assertEquals(4096, fw.files.get("etc/table-loader").length);
        }
    }

    @Test
    void noTablesWithoutThePmFunction() {
        try (MachineHarness h = machine(256L << 20, 1, false, false)) {
            assertFalse(fwCfg(h).files.containsKey("etc/acpi/tables"));
            assertFalse(fwCfg(h).files.containsKey("etc/table-loader"));
        }
    }

    @Test
    void loaderAllocatesTheTablesHighAndTheRsdpInTheFSegment() {
        try (MachineHarness h = machine()) {
            List<BiosLinker.Command> cmds = BiosLinker.parse(fwCfg(h).files.get("etc/table-loader"));

            assertEquals(new BiosLinker.Allocate("etc/acpi/tables", 64, BiosLinker.Zone.HIGH), cmds.getFirst());
            assertTrue(cmds.contains(new BiosLinker.Allocate("etc/acpi/rsdp", 16, BiosLinker.Zone.FSEG)));
            assertEquals(new BiosLinker.AddChecksum("etc/acpi/rsdp", 8, 0, 20), cmds.getLast());
        }
    }

    @Test
    void tablesChainFromTheRsdpWithValidChecksums() {
        try (MachineHarness h = machine(sysbus("hpet0", "hpet"))) {
            Loaded mem = firmware(h);

            Map<String, byte[]> tables = mem.tables();

            assertEquals(List.of("FACP", "APIC", "HPET", "WAET"), List.copyOf(tables.keySet()));
            assertEquals(116, tables.get("FACP").length, "FADT revision 1");
            assertEquals(1, tables.get("FACP")[8]);
            byte[] facs = new byte[64];
            mem.at(le(tables.get("FACP")).getInt(36) & 0xffffffffL).get(0, facs);
            assertEquals("FACS", new String(facs, 0, 4, StandardCharsets.US_ASCII));
            assertEquals(HIGH, le(tables.get("FACP")).getInt(36) & 0xffffffffL, "the FACS comes first, 64-byte aligned");
            assertEquals("BOCHS ", new String(tables.get("APIC"), 10, 6, StandardCharsets.US_ASCII));
            assertEquals("BXPC    ", new String(tables.get("APIC"), 16, 8, StandardCharsets.US_ASCII));
            assertEquals(40, tables.get("WAET").length);
            assertEquals(2, le(tables.get("WAET")).getInt(36), "PM timer good");
        }
    }

    @Test
    void fadtNamesThePmBlocksWhereTheFirmwareMovedThem() {
        try (MachineHarness h = machine()) {
            ByteBuffer f = le(firmware(h).tables().get("FACP"));

            assertEquals(9, f.getShort(46), "SCI_INT");
            assertEquals(0, f.getInt(48), "no SMM: no SMI_CMD, ACPI mode is on from reset");
            assertEquals(0, f.get(52));
            assertEquals(0, f.get(53));
            assertEquals(0x600, f.getInt(56), "PM1a_EVT_BLK");
            assertEquals(0x604, f.getInt(64), "PM1a_CNT_BLK");
            assertEquals(0x608, f.getInt(76), "PM_TMR_BLK");
            assertEquals(0xafe0, f.getInt(80), "GPE0_BLK");
            assertEquals(4, f.get(88));
            assertEquals(2, f.get(89));
            assertEquals(4, f.get(91));
            assertEquals(4, f.get(92), "GPE0_BLK_LEN");
            assertEquals(0x32, f.get(108), "CENTURY");
            assertEquals(0x80a5, f.getInt(112), "WBINVD, PROC_C1, SLP_BUTTON, RTC_S4, USE_PLATFORM_CLOCK");
        }
    }

    @Test
    void beforeTheFirmwareMovesItTheFadtNamesTheResetPmBase() {
        try (MachineHarness h = machine()) {
            byte[] tables = fwCfg(h).files.get("etc/acpi/tables");
            int fadt = indexOf(tables, b("FACP"));

            assertEquals(0, le(tables).getInt(fadt + 56), "PMBASE is 0 after reset");
        }
    }

    @Test
    void selectingAFileRebuildsItInPlace() {
        try (MachineHarness h = machine()) {
            RecordingFwCfg fw = fwCfg(h);
            byte[] live = fw.files.get("etc/acpi/tables");
            configWrite(h, PM, Piix4Pm.PMBASE, 4, 0x701);

            fw.callbacks.get("etc/acpi/tables").selected();

            assertSame(live, fw.files.get("etc/acpi/tables"), "the device keeps the array it was given");
            assertEquals(0x700, le(live).getInt(indexOf(live, b("FACP")) + 56));
        }
    }

    @Test
    void smmCompatAdvertisesTheApmCommands() {
        try (MachineHarness h = machine(256L << 20, 1, true, true)) {
            ByteBuffer f = le(firmware(h).tables().get("FACP"));

            assertEquals(0xb2, f.getInt(48));
            assertEquals((byte) 0xf1, f.get(52));
            assertEquals((byte) 0xf0, f.get(53));
        }
    }

    @Test
    void madtDescribesTheCpusTheIoApicAndQemusOverrides() {
        try (MachineHarness h = machine(256L << 20, 2, true, false)) {
            ByteBuffer m = le(firmware(h).tables().get("APIC"));

            assertEquals(36 + 8 + 2 * 8 + 12 + 5 * 10 + 6, m.getInt(4));
            assertEquals(0xfee00000, m.getInt(36));
            assertEquals(1, m.get(47 + 8), "second CPU: APIC ID 1");
            assertEquals(1, m.getInt(56), "enabled");
            assertEquals(1, m.get(60), "I/O APIC");
            assertEquals(0, m.get(62), "ID 0");
            assertEquals(0xfec00000, m.getInt(64));
            assertEquals(0, m.getInt(68), "GSI base 0");
            int[][] overrides = {{0, 2, 0}, {5, 5, 0xd}, {9, 9, 0xd}, {10, 10, 0xd}, {11, 11, 0xd}};
            for (int i = 0; i < overrides.length; i++) {
                int at = 72 + 10 * i;
                assertEquals(2, m.get(at));
                assertEquals(overrides[i][0], m.get(at + 3), "source IRQ");
                assertEquals(overrides[i][1], m.getInt(at + 4), "GSI");
                assertEquals(overrides[i][2], m.getShort(at + 8), "flags");
            }
            assertEquals(4, m.get(122), "local APIC NMI");
            assertEquals((byte) 0xff, m.get(124));
            assertEquals(1, m.get(127), "LINT1");
        }
    }

    @Test
    void hpetTableIsLeftOutWithoutAnHpet() {
        try (MachineHarness with = machine(sysbus("hpet0", "hpet")); MachineHarness without = machine()) {
            ByteBuffer hpet = le(firmware(with).tables().get("HPET"));
            assertEquals(0x8086a201, hpet.getInt(36));
            assertEquals(0xfed00000L, hpet.getLong(44));
            byte[] hpetDevice = b("HPET", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x01, 0x03);
            assertTrue(contains(dsdt(firmware(with)), hpetDevice), "\\_SB.HPET is PNP0103");

            assertEquals(List.of("FACP", "APIC", "WAET"), List.copyOf(firmware(without).tables().keySet()));
            assertFalse(contains(dsdt(firmware(without)), hpetDevice));
        }
    }

    @Test
    void dsdtHasTheSleepStatesAndThePciRoot() {
        try (MachineHarness h = machine()) {
            byte[] dsdt = dsdt(firmware(h));

            assertTrue(contains(dsdt, b(0x08, "_S5_", 0x12, 0x06, 0x04, 0, 0, 0, 0)), "_S5: SLP_TYP 0");
            assertTrue(contains(dsdt, b(0x08, "_S4_", 0x12, 0x08, 0x04, 0x0a, 0x02, 0x0a, 0x02, 0, 0)), "_S4: s4_val 2");
            assertFalse(contains(dsdt, b("_S3_")), "no suspend to RAM");
            assertTrue(contains(dsdt, b("PCI0", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x0a, 0x03)), "PCI0 is PNP0A03");
            assertTrue(contains(dsdt, b(0x5b, 0x80, "P40C", 0x02, 0x0a, 0x60, 0x0a, 0x04)), "PIRQ route registers");
            assertTrue(contains(dsdt, b(0x08, "_ADR", 0x0c, 0x00, 0x00, 0x01, 0x00)), "ISA bridge at 01.0");
        }
    }

    @Test
    void dsdtHasTheFourPciLinksAndTheSciLink() {
        try (MachineHarness h = machine()) {
            byte[] dsdt = dsdt(firmware(h));

            for (String link : List.of("LNKA", "LNKB", "LNKC", "LNKD", "LNKS")) {
                assertTrue(contains(dsdt, b(link, 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x0c, 0x0f)), link + " is PNP0C0F");
            }
            byte[] prs = b(0x89, 0x0e, 0x00, 0x09, 0x03, 5, 0, 0, 0, 10, 0, 0, 0, 11, 0, 0, 0);
            assertTrue(contains(dsdt, prs), "links offer IRQs 5, 10, 11 level, active high, shared");
            assertTrue(contains(dsdt, b(0x89, 0x06, 0x00, 0x09, 0x01, 9, 0, 0, 0)), "LNKS is GSI 9");
            assertTrue(contains(dsdt, b(0x7d, "PRQ0", 0x0a, 0x80, "PRQ0")), "LNKA's _DIS disables PIRQA");
        }
    }

    @Test
    void prtRoutesSlotPinsThroughPiix3sRotation() {
        assertEquals("LNKD", PiixDsdt.linkOf(0, 0));
        assertEquals("LNKS", PiixDsdt.linkOf(1, 0));
        assertEquals("LNKB", PiixDsdt.linkOf(1, 1));
        assertEquals("LNKD", PiixDsdt.linkOf(1, 3), "UHCI's INTD");
        assertEquals("LNKB", PiixDsdt.linkOf(2, 0));
        assertEquals("LNKC", PiixDsdt.linkOf(3, 0));
        assertEquals("LNKA", PiixDsdt.linkOf(5, 0));
        try (MachineHarness h = machine()) {
            byte[] dsdt = dsdt(firmware(h));

            assertTrue(contains(dsdt, b(0x08, "_PRT", 0x12)));
            // Package {0x0002FFFF, Zero, LNKB, Zero}
            assertTrue(contains(dsdt, b(0x12, 0x0d, 0x04, 0x0c, 0xff, 0xff, 0x02, 0x00, 0x00, "LNKB", 0x00)));
            // Package {0x001FFFFF, 3, LNKB, Zero}: slot 31 INTD, (31 + 3 - 1) mod 4 = 1
            assertTrue(contains(dsdt, b(0x12, 0x0e, 0x04, 0x0c, 0xff, 0xff, 0x1f, 0x00, 0x0a, 0x03, "LNKB", 0x00)));
        }
    }

    @Test
    void pci0ResourcesCoverTheHoleFromTheEndOfRam() {
        try (MachineHarness h = machine()) {
            byte[] dsdt = dsdt(firmware(h));

            // DWordMemory [0x10000000, 0xfebfffff], non-cacheable, read/write
            assertTrue(contains(dsdt, b(0x87, 0x17, 0x00, 0x00, 0x0c, 0x01, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x10,
                    0xff, 0xff, 0xbf, 0xfe, 0, 0, 0, 0, 0x00, 0x00, 0xc0, 0xee)));
            // QWordMemory [4 GiB, 6 GiB - 1]: the default 2 GiB 64-bit hole
            assertTrue(contains(dsdt, b(0x8a, 0x2b, 0x00, 0x00, 0x0c, 0x03, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0)));
            // IO 0xcf8-0xcff and WordIO 0xd00-0xffff
            assertTrue(contains(dsdt, b(0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 0x01, 0x08)));
            assertTrue(contains(dsdt, b(0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03, 0, 0, 0x00, 0x0d, 0xff, 0xff, 0, 0, 0x00, 0xf3)));
        }
    }

    @Test
    void isaDevicesAppearAsTheMachineHasThem() {
        try (MachineHarness without = machine(); MachineHarness with = machine(sysbus("serial0", "isa-serial")
                .with("index", 0).with("iobase", 0x3f8).with("irq", 4), sysbus("serial1", "isa-serial"))) {
            byte[] plain = dsdt(firmware(without));
            byte[] serial = dsdt(firmware(with));

            assertTrue(contains(plain, b("KBD_", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x03, 0x03)), "KBD is PNP0303");
            assertTrue(contains(plain, b("MOU_", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x0f, 0x13)), "MOU is PNP0F13");
            assertTrue(contains(plain, b("RTC_", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x0b, 0x00)), "RTC is PNP0B00");
            assertTrue(contains(plain, b(0x47, 0x01, 0x70, 0x00, 0x70, 0x00, 0x01, 0x08, 0x22, 0x00, 0x01)), "RTC ports, IRQ 8");
            assertTrue(contains(plain, b("FDC0", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x07, 0x00)), "FDC0 is PNP0700");
            assertTrue(contains(plain, b(0x22, 0x40, 0x00, 0x2a, 0x04, 0x00)), "floppy IRQ 6, DMA 2");
            assertFalse(contains(plain, b("COM1")), "no serial port, no COM1");
            assertTrue(contains(serial, b("COM1", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x05, 0x01)), "COM1 is PNP0501");
            assertTrue(contains(serial, b(0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x00, 0x08, 0x22, 0x10, 0x00)), "0x3f8, IRQ 4");
            assertTrue(contains(serial, b(0x47, 0x01, 0xf8, 0x02, 0xf8, 0x02, 0x00, 0x08, 0x22, 0x08, 0x00)),
                    "an unset second port takes COM2's 0x2f8 and IRQ 3");
        }
    }

    @Test
    void eachPossibleCpuIsAProcessorWithItsMadtEntry() {
        try (MachineHarness h = machine(256L << 20, 2, true, false)) {
            byte[] dsdt = dsdt(firmware(h));

            assertTrue(contains(dsdt, b("CPUS", 0x08, "_HID", 0x0d, "ACPI0010", 0x00)));
            assertTrue(contains(dsdt, b(0x5b, 0x83)));
            assertTrue(contains(dsdt, b("C001", 0x01, 0, 0, 0, 0, 0x00, 0x08, "_MAT", 0x11, 0x0b, 0x0a, 0x08,
                    0x00, 0x08, 0x01, 0x01, 0x01, 0, 0, 0)), "Processor(C001, 1, 0, 0) with its local APIC entry");
        }
    }

    @Test
    void dsdtIsASequenceOfWellFramedTopLevelScopes() {
        try (MachineHarness h = machine(sysbus("hpet0", "hpet"))) {
            byte[] dsdt = dsdt(firmware(h));

            int at = AcpiTable.HEADER_LENGTH;
            int scopes = 0;
            while (at < dsdt.length) {
                assertEquals(0x10, dsdt[at], "a ScopeOp at " + at);
                int lead = dsdt[at + 1] & 0xff;
                int follow = lead >> 6;
                int len = follow == 0 ? lead : lead & 0x0f;
                for (int i = 0; i < follow; i++) len |= (dsdt[at + 2 + i] & 0xff) << (4 + 8 * i);
                at += 1 + len;
                scopes++;
            }
            assertEquals(dsdt.length, at, "the last scope ends where the table does");
            assertEquals(10, scopes);
        }
    }

    @Test
    void fwCfgDeviceReservesItsDmaPorts() {
        try (MachineHarness h = machine()) {
            byte[] dsdt = dsdt(firmware(h));

            assertTrue(contains(dsdt, b("FWCF", 0x08, "_HID", 0x0d, "QEMU0002", 0x00)));
            assertTrue(contains(dsdt, b(0x47, 0x01, 0x10, 0x05, 0x10, 0x05, 0x01, 0x0c)));
        }
    }

    @Test
    void manyPossibleCpusForceTheClusterModel() {
        try (MachineHarness h = machine(256L << 20, 9, true, false)) {
            ByteBuffer f = le(firmware(h).tables().get("FACP"));

            assertEquals(0x80a5 | 1 << 18, f.getInt(112));
        }
    }

    @Test
    void tablesBlobStartsWithTheFacsAndDsdt() {
        try (MachineHarness h = machine()) {
            byte[] t = fwCfg(h).files.get("etc/acpi/tables");

            assertArrayEquals(b("FACS"), java.util.Arrays.copyOf(t, 4));
            assertArrayEquals(b("DSDT"), java.util.Arrays.copyOfRange(t, 64, 68));
        }
    }
}
