package org.jemu.plugin.q35.internal;

import java.util.List;

import org.jemu.core.acpi.AcpiTables;
import org.jemu.core.acpi.AcpiTables.Fadt;
import org.jemu.core.acpi.AcpiTables.Gas;
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
import org.jemu.core.qdev.Device;

/**
 * The q35 machine's ACPI tables: the common PC table set of {@link PcAcpi} (FACS, DSDT, FACP, APIC, HPET, WAET, RSDT
 * and the RSDP, published through fw_cfg and rebuilt on selection) with this board's DSDT ({@link Q35Dsdt}), its FADT
 * and the MCFG after the HPET table, as QEMU 7.2 lays them out for {@code -M q35}. Installed at machine done unless
 * acpi=off, when the machine has ICH9-LPC and a fw_cfg device.
 *
 * <p>FADT: revision 3 (244 bytes), SCI_INT, the PM1a event/control and PM timer blocks at the LPC's PM base + 0/4/8,
 * GPE0 at PM base + 0x20 (16 bytes), RTC century 0x32, the common PC flags plus RESET_REG_SUP with the reset register
 * at I/O port 0xcf9 (8 bits, value 0x0f: ICH9's RST_CNT), IA-PC boot flags 0. SMI_CMD and the ACPI enable/disable
 * commands (0xb2, 2, 3) only with SMM, as QEMU's init_common_fadt_data; jemu's q35 has no SMM, so they are 0 and the
 * ICH9 power management starts in ACPI mode. MCFG: one allocation for the host bridge's MMCONFIG window (its "MCFG"
 * and "mcfg_size" properties), buses 0 to size/1 MiB - 1, while the window is enabled (SeaBIOS programs PCIEXBAR
 * before it reads the tables).
 */
final class Q35Acpi {

    /** ICH9's reset control register RST_CNT and the value that requests a full reset (QEMU's fadt.reset_val). */
    static final int RESET_PORT = 0xcf9;
    static final int RESET_VALUE = 0x0f;
    /** QEMU's PCIE_HOST_MCFG_BASE and PCIE_HOST_MCFG_SIZE properties of the host bridge. */
    static final String MCFG_BASE = "MCFG";
    static final String MCFG_SIZE = "mcfg_size";
    /** The "unmapped" MCFG base QEMU's host reports while PCIEXBAR is disabled. */
    static final long MCFG_UNMAPPED = -1L;

    /** Everything the tables describe, read from the machine when they are built. */
    record Inputs(int cpus, int maxCpus, Pm pm, PciHoles holes, long mcfgBase, long mcfgSize, boolean hpet,
            IsaDevices isa, boolean smbus, boolean fwCfgDma) {

        boolean mcfgValid() {
            return mcfgBase != MCFG_UNMAPPED && mcfgSize != 0;
        }
    }

    private Q35Acpi() {
    }

    /** MACHINE_DONE hook: adds the three files, rebuilt whenever the guest selects one (QEMU's acpi_setup). */
    static void install(BoardContext ctx) {
        Machine m = ctx.machine();
        if ("off".equals(m.getString("acpi")) || PcAcpi.find(m, Ich9Lpc.TYPE).isEmpty()
                || m.child(PcFwCfg.DEVICE).isEmpty()) {
            return;
        }
        FwCfg fw = (FwCfg) ctx.device(PcFwCfg.DEVICE);
        MachineConfig cfg = ctx.config();
        PcAcpi.publish(fw, () -> build(inputs(m, cfg)));
    }

    static Inputs inputs(Machine m, MachineConfig cfg) {
        Pm pm = Pm.of(PcAcpi.find(m, Ich9Lpc.TYPE).orElseThrow());
        Device host = PcAcpi.find(m, Q35PciHost.TYPE).orElse(null);
        PciHoles holes = host == null ? new PciHoles(0, 0, 0, 0) : PciHoles.of(host);
        long base = host == null ? MCFG_UNMAPPED : host.getLong(MCFG_BASE);
        long size = host == null ? 0 : host.getLong(MCFG_SIZE);
        return new Inputs(cfg.cpus(), cfg.maxCpus(), pm, holes, base, size, PcAcpi.find(m, "hpet").isPresent(),
                IsaDevices.of(m), PcAcpi.find(m, Ich9Smbus.TYPE).isPresent(), PcAcpi.fwCfgDma(m));
    }

    /** The three files for {@code in}. */
    static Files build(Inputs in) {
        List<PcAcpi.ExtraTable> extra = in.mcfgValid()
                ? List.of((tables, linker) -> AcpiTables.mcfg(tables, linker, in.mcfgBase(), in.mcfgSize()))
                : List.of();
        return PcAcpi.build(Q35Dsdt.body(in), fadt(in), in.cpus(), in.maxCpus(), in.hpet(), extra);
    }

    static Fadt fadt(Inputs in) {
        Pm pm = in.pm();
        return new Fadt(3, PcAcpi.fadtFlags(in.maxCpus()) | AcpiTables.FADT_F_RESET_REG_SUP, pm.sciInterrupt(),
                pm.smm() ? PcAcpi.SMI_CMD_PORT : 0, pm.acpiEnable(), pm.acpiDisable(), pm.ioBase(), pm.gpe0Block(),
                pm.gpe0Length(), AcpiTables.RTC_CENTURY, 0, Gas.io(RESET_PORT, 1), RESET_VALUE);
    }
}
