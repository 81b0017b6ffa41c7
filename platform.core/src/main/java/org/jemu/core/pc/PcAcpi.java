package org.jemu.core.pc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jemu.core.acpi.AcpiTable;
import org.jemu.core.acpi.AcpiTables;
import org.jemu.core.acpi.AcpiTables.Fadt;
import org.jemu.core.acpi.AcpiTables.InterruptOverride;
import org.jemu.core.acpi.AcpiTables.IoApic;
import org.jemu.core.acpi.AcpiTables.LocalApic;
import org.jemu.core.acpi.BiosLinker;
import org.jemu.core.acpi.TableData;
import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.machine.Machine;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.QomObject;

/**
 * The ACPI tables a PC board hands its firmware, as QEMU 7.2's acpi_setup/acpi_build do: "etc/acpi/tables" (FACS,
 * DSDT, FACP, APIC, HPET, then board tables such as MCFG, WAET, RSDT, in that order, padded to 128 KiB),
 * "etc/acpi/rsdp" (a revision 0 RSDP for the F segment) and "etc/table-loader" (the linker/loader commands that
 * place both, patch their pointers and fix their checksums; padded to 4 KiB). The board supplies the DSDT body, the
 * FADT and its extra tables; the rest is the same on every PC.
 *
 * <p>Like QEMU, the tables are rebuilt when the guest selects one of the files ({@link #publish}), so the FADT names
 * the PM block where the firmware has put it by then (SeaBIOS moves it to 0x600 when it finds "etc/table-loader").
 * QEMU rebuilds once per reset; here every selection rebuilds, which gives the same bytes since the layout depends
 * only on the machine's configuration.
 *
 * <p>MADT: one local APIC per possible CPU (ACPI ID = APIC ID = index, present CPUs enabled), the I/O APIC (ID 0,
 * 0xfec00000, GSI base 0), IRQ 0 to GSI 2, IRQs 5, 9, 10, 11 level/active high, NMI on LINT1 of all processors. HPET:
 * block ID 0x8086a201 at 0xfed00000 (with an HPET).
 */
public final class PcAcpi {

    public static final int IOAPIC_ID = 0;
    public static final long IOAPIC_BASE = 0xfec00000L;
    /** The ISA IRQs PCI links may use, which QEMU lists as level/active high overrides. */
    public static final int[] PCI_IRQS = {5, 9, 10, 11};
    public static final int SMI_CMD_PORT = 0xb2;
    /** With more possible CPUs than this the FADT forces the APIC cluster model. */
    public static final int CLUSTER_MODEL_CPUS = 8;
    static final int RTC_IRQ = 8;
    /** QEMU's uint32 "unset" default of isa-serial's index, iobase and irq. */
    static final long UNSET = 0xffff_ffffL;

    /** What the power management function tells the tables. */
    public record Pm(int ioBase, int sciInterrupt, int gpe0Block, int gpe0Length, boolean smm, int acpiEnable,
            int acpiDisable, boolean s4, int s4Value) {

        /**
         * Read from a PM device's properties as PIIX4_PM and ICH9-LPC name them (QEMU's ACPI_PM_PROP_*): pm_io_base,
         * sci-int, gpe0-blk, gpe0-blk-len, acpi-enable-cmd, acpi-disable-cmd, and if present smm-enabled,
         * smm-compat, disable_s4 and s4_val (defaults: no SMM, S4 enabled with SLP_TYP 2). Without SMM the enable and
         * disable commands are 0, as QEMU's FADT has them then.
         */
        public static Pm of(Device pm) {
            boolean smm = flag(pm, "smm-enabled") || flag(pm, "smm-compat");
            boolean s4 = !hasProperty(pm, "disable_s4") || pm.getLong("disable_s4") == 0;
            int s4Value = hasProperty(pm, "s4_val") ? (int) pm.getLong("s4_val") : 2;
            return new Pm((int) pm.getLong("pm_io_base"), (int) pm.getLong("sci-int"), (int) pm.getLong("gpe0-blk"),
                    (int) pm.getLong("gpe0-blk-len"), smm, smm ? (int) pm.getLong("acpi-enable-cmd") : 0,
                    smm ? (int) pm.getLong("acpi-disable-cmd") : 0, s4, s4Value);
        }

        private static boolean flag(Device d, String name) {
            return hasProperty(d, name) && d.getBool(name);
        }
    }

    /** The PCI holes the host reports: [start, end) below 4 GiB and above. */
    public record PciHoles(long start, long end, long start64, long end64) {

        /** From a host bridge's pci-hole-start/-end and pci-hole64-start/-end properties. */
        public static PciHoles of(Device host) {
            return new PciHoles(host.getLong("pci-hole-start"), host.getLong("pci-hole-end"),
                    host.getLong("pci-hole64-start"), host.getLong("pci-hole64-end"));
        }
    }

    /** An ISA device's port base, IRQ and DMA channel (-1: none). */
    public record IsaPort(int iobase, int irq, int dma) {
    }

    /** One ISA UART: port index (COM index + 1 names it), base and IRQ. */
    public record Serial(int index, int iobase, int irq) {
    }

    /** The ISA devices the DSDT describes; null for an absent RTC or floppy controller. */
    public record IsaDevices(IsaPort rtc, boolean i8042, IsaPort fdc, List<Serial> serials) {

        /** What the machine has: "mc146818rtc", "i8042", "isa-fdc", the "isa-serial" UARTs. */
        public static IsaDevices of(Machine m) {
            IsaPort rtc = find(m, "mc146818rtc").map(r -> new IsaPort((int) r.getLong("iobase"), RTC_IRQ, -1)).orElse(null);
            IsaPort fdc = find(m, "isa-fdc").map(f -> new IsaPort((int) f.getLong("iobase"), (int) f.getLong("irq"),
                    f.getLong("dma") > 7 ? -1 : (int) f.getLong("dma"))).orElse(null);
            return new IsaDevices(rtc, find(m, "i8042").isPresent(), fdc, PcAcpi.serials(m));
        }
    }

    /** The three fw_cfg files. */
    public record Files(byte[] tables, byte[] rsdp, byte[] loader) {
    }

    private PcAcpi() {
    }

    /** The first device of {@code type} (or a subtype) in the machine. */
    public static Optional<Device> find(Machine m, String type) {
        return m.allDevices().stream().filter(d -> d.isA(type)).findFirst();
    }

    /** Whether the machine's fw_cfg device has its DMA interface on. */
    public static boolean fwCfgDma(Machine m) {
        return m.child(PcFwCfg.DEVICE).map(f -> hasProperty(f, "dma_enabled") && f.getBool("dma_enabled")).orElse(false);
    }

    static boolean hasProperty(QomObject o, String name) {
        return o.properties().stream().anyMatch(p -> p.name().equals(name));
    }

    /** The machine's ISA UARTs, with QEMU's defaults for an unset index (the order on the bus), base and IRQ. */
    private static List<Serial> serials(Machine m) {
        List<Serial> out = new ArrayList<>();
        for (Device d : m.allDevices()) {
            if (!d.isA("isa-serial")) continue;
            int index = d.getLong("index") == UNSET ? out.size() : (int) d.getLong("index");
            if (index >= PcWiring.COM_IOBASE.length) continue;
            int base = d.getLong("iobase") == UNSET ? PcWiring.COM_IOBASE[index] : (int) d.getLong("iobase");
            int irq = d.getLong("irq") == UNSET ? PcWiring.COM_IRQ[index] : (int) d.getLong("irq");
            out.add(new Serial(index, base, irq));
        }
        return out;
    }

    // ---- publishing ---------------------------------------------------------------------------------------------

    /** Adds the three files to {@code fw}, rebuilt by {@code builder} whenever the guest selects one. */
    public static void publish(FwCfg fw, Supplier<Files> builder) {
        new Published(fw, builder).publish();
    }

    /** The fw_cfg files and the rebuild on selection (QEMU's acpi_build_update, without its once-per-reset flag). */
    private static final class Published implements FwCfg.FileCallbacks {
        private final FwCfg fw;
        private final Supplier<Files> builder;
        private Files current;

        Published(FwCfg fw, Supplier<Files> builder) {
            this.fw = fw;
            this.builder = builder;
        }

        void publish() {
            current = builder.get();
            fw.addFile(AcpiTables.TABLES_FILE, current.tables(), this, true);
            fw.addFile(BiosLinker.LOADER_FILE, current.loader(), this, true);
            fw.addFile(AcpiTables.RSDP_FILE, current.rsdp(), this, true);
        }

        @Override
        public void selected() {
            Files fresh = builder.get();
            current = new Files(refresh(AcpiTables.TABLES_FILE, current.tables(), fresh.tables()),
                    refresh(AcpiTables.RSDP_FILE, current.rsdp(), fresh.rsdp()),
                    refresh(BiosLinker.LOADER_FILE, current.loader(), fresh.loader()));
        }

        /** Copies in place (the device holds the array); a size change replaces the file, keeping these callbacks. */
        private byte[] refresh(String name, byte[] live, byte[] fresh) {
            if (live.length == fresh.length) {
                System.arraycopy(fresh, 0, live, 0, fresh.length);
                return live;
            }
            fw.modifyFile(name, fresh);
            return fresh;
        }
    }

    // ---- tables -------------------------------------------------------------------------------------------------

    /** A board's table after HPET and before WAET (q35's MCFG): writes it and returns its offset. */
    @FunctionalInterface
    public interface ExtraTable {
        int write(TableData tables, BiosLinker linker);
    }

    /**
     * The three files, as QEMU's acpi_build lays them out: FACS, the DSDT with {@code dsdtBody}, FACP, APIC, HPET (if
     * {@code hpet}), the {@code extra} tables, WAET, RSDT; the RSDP pointing at the RSDT.
     */
    public static Files build(byte[] dsdtBody, Fadt fadt, int cpus, int maxCpus, boolean hpet, List<ExtraTable> extra) {
        TableData tables = new TableData();
        BiosLinker linker = new BiosLinker();
        String file = AcpiTables.TABLES_FILE;
        linker.allocate(file, tables, AcpiTables.FACS_ALIGNMENT, BiosLinker.Zone.HIGH);

        int facs = AcpiTables.facs(tables);
        AcpiTable dsdtTable = AcpiTable.begin(tables, "DSDT", 1);
        tables.bytes(dsdtBody);
        dsdtTable.end(linker, file);
        int dsdt = dsdtTable.start();

        List<Integer> rsdtEntries = new ArrayList<>();
        rsdtEntries.add(AcpiTables.fadt(tables, linker, fadt, facs, dsdt));
        rsdtEntries.add(AcpiTables.madt(tables, linker, localApics(cpus, maxCpus),
                List.of(new IoApic(IOAPIC_ID, IOAPIC_BASE, 0)), overrides()));
        if (hpet) rsdtEntries.add(AcpiTables.hpet(tables, linker, PcFwCfg.HPET_BLOCK_ID, PcFwCfg.HPET_BASE));
        for (ExtraTable t : extra) rsdtEntries.add(t.write(tables, linker));
        rsdtEntries.add(AcpiTables.waet(tables, linker));
        int rsdt = AcpiTables.rsdt(tables, linker, rsdtEntries);

        TableData rsdp = new TableData();
        AcpiTables.rsdp(rsdp, linker, AcpiTable.QEMU_OEM_ID, rsdt, null);

        tables.alignLength(AcpiTables.TABLES_ALIGNMENT);
        return new Files(tables.toByteArray(), rsdp.toByteArray(), linker.toBytes(AcpiTables.LOADER_ALIGNMENT));
    }

    /**
     * The FADT flags every PC has: WBINVD, PROC_C1, SLP_BUTTON, RTC_S4, USE_PLATFORM_CLOCK, and with more than 8
     * possible CPUs FORCE_APIC_CLUSTER_MODEL.
     */
    public static int fadtFlags(int maxCpus) {
        return AcpiTables.FADT_F_WBINVD | AcpiTables.FADT_F_PROC_C1 | AcpiTables.FADT_F_SLP_BUTTON
                | AcpiTables.FADT_F_RTC_S4 | AcpiTables.FADT_F_USE_PLATFORM_CLOCK
                | (maxCpus > CLUSTER_MODEL_CPUS ? AcpiTables.FADT_F_FORCE_APIC_CLUSTER_MODEL : 0);
    }

    private static List<LocalApic> localApics(int present, int possible) {
        List<LocalApic> cpus = new ArrayList<>();
        for (int i = 0; i < possible; i++) cpus.add(new LocalApic(i, i, i < present));
        return cpus;
    }

    /** IRQ 0 to GSI 2 (fw_cfg's IRQ0_OVERRIDE), then the PCI IRQs level triggered, active high. */
    private static List<InterruptOverride> overrides() {
        List<InterruptOverride> out = new ArrayList<>();
        out.add(new InterruptOverride(0, 2, AcpiTables.OVERRIDE_CONFORMS));
        for (int irq : PCI_IRQS) out.add(new InterruptOverride(irq, irq, AcpiTables.OVERRIDE_LEVEL_HIGH));
        return out;
    }
}
