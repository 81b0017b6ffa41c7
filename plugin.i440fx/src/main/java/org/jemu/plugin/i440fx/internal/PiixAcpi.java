package org.jemu.plugin.i440fx.internal;

import java.util.List;

import org.jemu.core.acpi.AcpiTables;
import org.jemu.core.acpi.AcpiTables.Fadt;
import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.pc.PcAcpi;
import org.jemu.core.pc.PcAcpi.Files;
import org.jemu.core.pc.PcAcpi.IsaDevices;
import org.jemu.core.pc.PcAcpi.PciHoles;
import org.jemu.core.pc.PcAcpi.Pm;
import org.jemu.core.pc.PcFwCfg;

/**
 * The pc machine's ACPI tables for {@code -M pc} with PIIX4_PM: the common PC table set of
 * {@link PcAcpi} (FACS, DSDT, FACP, APIC, HPET, WAET, RSDT and the RSDP, published through fw_cfg
 * and rebuilt on selection) with this board's DSDT ({@link PiixDsdt}) and FADT. Installed at machine done when the
 * machine has a PIIX4_PM function (acpi not off) and a fw_cfg device.
 *
 * <p>FADT: revision 1 (QEMU keeps PIIX4 at revision 1 for Windows 2000), SCI_INT from the PM function, the
 * PM1a event/control and PM timer blocks at the PM base + 0/4/8, GPE0 at 0xafe0 (4 bytes), RTC century 0x32,
 * the common PC flags. SMI_CMD, ACPI_ENABLE and ACPI_DISABLE are 0xb2/0xf1/0xf0 only when the PM function has
 * SMM (smm-enabled or smm-compat), as in QEMU; jemu's pc has no SMM, so they are 0 and the OS finds ACPI mode on
 * (PIIX4_PM sets SCI_EN at reset then).
 *
 * <p>Left out of QEMU's pc tables: the DSDT's ACPI PCI hotplug (the slot devices S00..SF8 with _SUN/_EJ0, PCNT,
 * BSEL, the PCIHP registers, \_GPE._E01, the PHPR device), the CPU hotplug interface (\_SB.PCI0.PRES, the CPUS
 * methods CTFY/CSTA/CEJ0/CSCN/COST and each processor's _STA/_OST/_EJ0; absent possible CPUs get _STA 0 instead),
 * memory hotplug, the VGA device's _S1D/_S2D/_S3D, the floppy controller's _FDE/_FDI drive descriptions, the parallel
 * port LPT1 (jemu has none), \_S3 (jemu's PM function cannot suspend to RAM), the \DBG debug-port region and DBUG
 * method, and the optional tables (SRAT/SLIT/HMAT for NUMA, TPM, vmgenid, ERST, IOMMU, NVDIMM, -acpitable).
 */
final class PiixAcpi {

    /** Everything the tables describe, read from the machine when they are built. */
    record Inputs(int cpus, int maxCpus, Pm pm, PciHoles holes, boolean hpet, IsaDevices isa, boolean fwCfgDma) {
    }

    private PiixAcpi() {
    }

    /** MACHINE_DONE hook: adds the three files, rebuilt whenever the guest selects one (QEMU's acpi_setup). */
    static void install(BoardContext ctx) {
        Machine m = ctx.machine();
        if (PcAcpi.find(m, Piix4Pm.TYPE).isEmpty() || m.child(PcFwCfg.DEVICE).isEmpty()) return;
        FwCfg fw = (FwCfg) ctx.device(PcFwCfg.DEVICE);
        MachineConfig cfg = ctx.config();
        PcAcpi.publish(fw, () -> build(inputs(m, cfg)));
    }

    static Inputs inputs(Machine m, MachineConfig cfg) {
        Pm pm = Pm.of(PcAcpi.find(m, Piix4Pm.TYPE).orElseThrow());
        PciHoles holes = PcAcpi.find(m, I440fxPciHost.TYPE).map(PciHoles::of)
                .orElse(new PciHoles(0, 0, 0, 0));
        return new Inputs(cfg.cpus(), cfg.maxCpus(), pm, holes, PcAcpi.find(m, "hpet").isPresent(),
                IsaDevices.of(m), PcAcpi.fwCfgDma(m));
    }

    /** The three files for {@code in}. */
    static Files build(Inputs in) {
        return PcAcpi.build(PiixDsdt.body(in), fadt(in), in.cpus(), in.maxCpus(), in.hpet(), List.of());
    }

    static Fadt fadt(Inputs in) {
        Pm pm = in.pm();
        return new Fadt(1, PcAcpi.fadtFlags(in.maxCpus()), pm.sciInterrupt(),
                pm.smm() ? PcAcpi.SMI_CMD_PORT : 0, pm.acpiEnable(), pm.acpiDisable(), pm.ioBase(),
                pm.gpe0Block(), pm.gpe0Length(), AcpiTables.RTC_CENTURY, 0, null, 0);
    }
}
