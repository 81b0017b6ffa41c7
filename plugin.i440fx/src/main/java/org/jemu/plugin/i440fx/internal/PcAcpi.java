package org.jemu.plugin.i440fx.internal;

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
import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.QomObject;

/**
 * The pc machine's ACPI tables, handed to the firmware through fw_cfg as QEMU 7.2's acpi_setup/acpi_build do for
 * {@code -M pc} with PIIX4_PM: "etc/acpi/tables" (FACS, DSDT, FACP, APIC, HPET, WAET, RSDT, in that order, padded to
 * 128 KiB), "etc/acpi/rsdp" (a revision 0 RSDP for the F segment) and "etc/table-loader" (the linker/loader commands
 * that place both, patch their pointers and fix their checksums; padded to 4 KiB). Installed at machine done when the
 * machine has a PIIX4_PM function (acpi not off) and a fw_cfg device.
 *
 * <p>Like QEMU, the tables are rebuilt when the guest selects one of the files, so the FADT names the PM block where
 * the firmware has put it by then (SeaBIOS moves it to 0x600 when it finds "etc/table-loader"). QEMU rebuilds once per
 * reset; here every selection rebuilds, which gives the same bytes since the layout depends only on the machine's
 * configuration.
 *
 * <p>FADT: revision 1 (QEMU keeps PIIX4 at revision 1 for Windows 2000), SCI_INT from the PM function, the
 * PM1a event/control and PM timer blocks at the PM base + 0/4/8, GPE0 at 0xafe0 (4 bytes), RTC century 0x32,
 * flags WBINVD, PROC_C1, SLP_BUTTON, RTC_S4, USE_PLATFORM_CLOCK and, with more than 8 possible CPUs,
 * FORCE_APIC_CLUSTER_MODEL. SMI_CMD, ACPI_ENABLE and ACPI_DISABLE are 0xb2/0xf1/0xf0 only when the PM function has
 * SMM (smm-enabled or smm-compat), as in QEMU; jemu's pc has no SMM, so they are 0 and the OS finds ACPI mode on
 * (PIIX4_PM sets SCI_EN at reset then). MADT: one local APIC per possible CPU (ACPI ID = APIC ID = index, present
 * CPUs enabled), the I/O APIC (ID 0, 0xfec00000, GSI base 0), IRQ 0 to GSI 2, IRQs 5, 9, 10, 11 level/active high,
 * NMI on LINT1 of all processors. HPET: block ID 0x8086a201 at 0xfed00000 (with an HPET). DSDT: see {@link PcDsdt}.
 *
 * <p>Left out of QEMU's pc tables: the DSDT's ACPI PCI hotplug (the slot devices S00..SF8 with _SUN/_EJ0, PCNT,
 * BSEL, the PCIHP registers, \_GPE._E01, the PHPR device), the CPU hotplug interface (\_SB.PCI0.PRES, the CPUS
 * methods CTFY/CSTA/CEJ0/CSCN/COST and each processor's _STA/_OST/_EJ0; absent possible CPUs get _STA 0 instead),
 * memory hotplug, the VGA device's _S1D/_S2D/_S3D, the floppy controller's _FDE/_FDI drive descriptions, the parallel
 * port LPT1 (jemu has none), \_S3 (jemu's PM function cannot suspend to RAM), the \DBG debug-port region and DBUG
 * method, and the optional tables (SRAT/SLIT/HMAT for NUMA, TPM, vmgenid, ERST, IOMMU, NVDIMM, -acpitable).
 */
final class PcAcpi {

    static final String LOADER_FILE = BiosLinker.LOADER_FILE;
    static final int IOAPIC_ID = 0;
    static final int GSI_BASE = 0;
    /** The ISA IRQs PCI links may use, which QEMU lists as level/active high overrides. */
    static final int[] PCI_IRQS = {5, 9, 10, 11};
    static final int SMI_CMD_PORT = 0xb2;
    static final int CLUSTER_MODEL_CPUS = 8;
    static final int RTC_IRQ = 8;
    /** QEMU's uint32 "unset" default of isa-serial's index, iobase and irq. */
    static final long UNSET = 0xffff_ffffL;

    /** What the PM function tells the tables. */
    record Pm(int ioBase, int sciInterrupt, int gpe0Block, int gpe0Length, boolean smm, int acpiEnable,
            int acpiDisable, boolean s4, int s4Value) {
    }

    /** The PCI holes the host reports: [start, end) below 4 GiB and above. */
    record PciHoles(long start, long end, long start64, long end64) {
    }

    /** An ISA device's port base, IRQ and DMA channel (-1: none). */
    record IsaPort(int iobase, int irq, int dma) {
    }

    /** One ISA UART: port index (COM index + 1 names it), base and IRQ. */
    record Serial(int index, int iobase, int irq) {
    }

    /** Everything the tables describe, read from the machine when they are built. */
    record Inputs(int cpus, int maxCpus, Pm pm, PciHoles holes, boolean hpet, IsaPort rtc, boolean i8042,
            IsaPort fdc, List<Serial> serials, boolean fwCfgDma) {
    }

    /** The three fw_cfg files. */
    record Files(byte[] tables, byte[] rsdp, byte[] loader) {
    }

    private PcAcpi() {
    }

    /** MACHINE_DONE hook: adds the three files, rebuilt whenever the guest selects one (QEMU's acpi_setup). */
    static void install(BoardContext ctx) {
        Machine m = ctx.machine();
        if (find(m, Piix4Pm.TYPE).isEmpty() || m.child("fw_cfg").isEmpty()) return;
        FwCfg fw = (FwCfg) ctx.device("fw_cfg");
        MachineConfig cfg = ctx.config();
        new Published(fw, () -> build(inputs(m, cfg))).publish();
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
            fw.addFile(LOADER_FILE, current.loader(), this, true);
            fw.addFile(AcpiTables.RSDP_FILE, current.rsdp(), this, true);
        }

        @Override
        public void selected() {
            Files fresh = builder.get();
            current = new Files(refresh(AcpiTables.TABLES_FILE, current.tables(), fresh.tables()),
                    refresh(AcpiTables.RSDP_FILE, current.rsdp(), fresh.rsdp()),
                    refresh(LOADER_FILE, current.loader(), fresh.loader()));
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

    // ---- inputs -------------------------------------------------------------------------------------------------

    static Inputs inputs(Machine m, MachineConfig cfg) {
        Device pmDev = find(m, Piix4Pm.TYPE).orElseThrow();
        boolean smm = pmDev.getBool("smm-enabled") || pmDev.getBool("smm-compat");
        Pm pm = new Pm((int) pmDev.getLong("pm_io_base"), (int) pmDev.getLong("sci-int"), (int) pmDev.getLong("gpe0-blk"),
                (int) pmDev.getLong("gpe0-blk-len"), smm, smm ? (int) pmDev.getLong("acpi-enable-cmd") : 0,
                smm ? (int) pmDev.getLong("acpi-disable-cmd") : 0, pmDev.getLong("disable_s4") == 0,
                (int) pmDev.getLong("s4_val"));
        PciHoles holes = find(m, I440fxPciHost.TYPE)
                .map(h -> new PciHoles(h.getLong("pci-hole-start"), h.getLong("pci-hole-end"),
                        h.getLong("pci-hole64-start"), h.getLong("pci-hole64-end")))
                .orElse(new PciHoles(0, 0, 0, 0));
        IsaPort rtc = find(m, "mc146818rtc").map(r -> new IsaPort((int) r.getLong("iobase"), RTC_IRQ, -1)).orElse(null);
        IsaPort fdc = find(m, "isa-fdc").map(f -> new IsaPort((int) f.getLong("iobase"), (int) f.getLong("irq"),
                f.getLong("dma") > 7 ? -1 : (int) f.getLong("dma"))).orElse(null);
        boolean dma = m.child("fw_cfg").map(f -> hasProperty(f, "dma_enabled") && f.getBool("dma_enabled")).orElse(false);
        return new Inputs(cfg.cpus(), cfg.maxCpus(), pm, holes, find(m, "hpet").isPresent(), rtc,
                find(m, "i8042").isPresent(), fdc, serials(m), dma);
    }

    /** The machine's ISA UARTs, with QEMU's defaults for an unset index (the order on the bus), base and IRQ. */
    private static List<Serial> serials(Machine m) {
        List<Serial> out = new ArrayList<>();
        for (Device d : m.allDevices()) {
            if (!d.isA("isa-serial")) continue;
            int index = d.getLong("index") == UNSET ? out.size() : (int) d.getLong("index");
            if (index >= PcI440fxMachine.COM_IOBASE.length) continue;
            int base = d.getLong("iobase") == UNSET ? PcI440fxMachine.COM_IOBASE[index] : (int) d.getLong("iobase");
            int irq = d.getLong("irq") == UNSET ? PcI440fxMachine.COM_IRQ[index] : (int) d.getLong("irq");
            out.add(new Serial(index, base, irq));
        }
        return out;
    }

    private static Optional<Device> find(Machine m, String type) {
        return m.allDevices().stream().filter(d -> d.isA(type)).findFirst();
    }

    private static boolean hasProperty(QomObject o, String name) {
        return o.properties().stream().anyMatch(p -> p.name().equals(name));
    }

    // ---- tables -------------------------------------------------------------------------------------------------

    /** The three files for {@code in}, as QEMU's acpi_build lays them out. */
    static Files build(Inputs in) {
        TableData tables = new TableData();
        BiosLinker linker = new BiosLinker();
        String file = AcpiTables.TABLES_FILE;
        linker.allocate(file, tables, AcpiTables.FACS_ALIGNMENT, BiosLinker.Zone.HIGH);

        int facs = AcpiTables.facs(tables);
        AcpiTable dsdtTable = AcpiTable.begin(tables, "DSDT", 1);
        tables.bytes(PcDsdt.body(in));
        dsdtTable.end(linker, file);
        int dsdt = dsdtTable.start();

        List<Integer> rsdtEntries = new ArrayList<>();
        rsdtEntries.add(AcpiTables.fadt(tables, linker, fadt(in), facs, dsdt));
        rsdtEntries.add(AcpiTables.madt(tables, linker, localApics(in), List.of(new IoApic(IOAPIC_ID,
                PcI440fxMachine.IOAPIC_BASE, GSI_BASE)), overrides()));
        if (in.hpet()) rsdtEntries.add(AcpiTables.hpet(tables, linker, PcFwCfg.HPET_BLOCK_ID, PcFwCfg.HPET_BASE));
        rsdtEntries.add(AcpiTables.waet(tables, linker));
        int rsdt = AcpiTables.rsdt(tables, linker, rsdtEntries);

        TableData rsdp = new TableData();
        AcpiTables.rsdp(rsdp, linker, AcpiTable.QEMU_OEM_ID, rsdt, null);

        tables.alignLength(AcpiTables.TABLES_ALIGNMENT);
        return new Files(tables.toByteArray(), rsdp.toByteArray(), linker.toBytes(AcpiTables.LOADER_ALIGNMENT));
    }

    static Fadt fadt(Inputs in) {
        int flags = AcpiTables.FADT_F_WBINVD | AcpiTables.FADT_F_PROC_C1 | AcpiTables.FADT_F_SLP_BUTTON
                | AcpiTables.FADT_F_RTC_S4 | AcpiTables.FADT_F_USE_PLATFORM_CLOCK
                | (in.maxCpus() > CLUSTER_MODEL_CPUS ? AcpiTables.FADT_F_FORCE_APIC_CLUSTER_MODEL : 0);
        Pm pm = in.pm();
        return new Fadt(1, flags, pm.sciInterrupt(), pm.smm() ? SMI_CMD_PORT : 0, pm.acpiEnable(), pm.acpiDisable(),
                pm.ioBase(), pm.gpe0Block(), pm.gpe0Length(), AcpiTables.RTC_CENTURY, 0, null, 0);
    }

    private static List<LocalApic> localApics(Inputs in) {
        List<LocalApic> cpus = new ArrayList<>();
        for (int i = 0; i < in.maxCpus(); i++) cpus.add(new LocalApic(i, i, i < in.cpus()));
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
