package org.jemu.plugin.q35.internal;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.acpi.Aml;
import org.jemu.core.acpi.Aml.RegionSpace;
import org.jemu.core.acpi.AmlBlock;
import org.jemu.core.acpi.AmlField.AccessType;
import org.jemu.core.acpi.AmlField.LockRule;
import org.jemu.core.acpi.AmlField.UpdateRule;
import org.jemu.core.acpi.AmlTerm;
import org.jemu.core.acpi.ResourceTemplate;
import org.jemu.core.acpi.ResourceTemplate.AddressFlags;
import org.jemu.core.acpi.ResourceTemplate.Cacheable;
import org.jemu.core.pc.PcAml;
import org.jemu.plugin.q35.internal.Q35Acpi.Inputs;

/**
 * The q35 machine's DSDT body (the AML after the header), as QEMU 7.2's build_dsdt composes it for ICH9, in this
 * order:
 * <ol>
 * <li>{@code \_SB.PCI0}: _HID PNP0A08 (PCI Express root), _CID PNP0A03, _ADR 0, _UID 0, and _OSC granting native PME,
 *     AER, SHPC hotplug and the PCIe capability structure, not native PCIe hotplug (QEMU's build_q35_osc_method with
 *     ACPI hotplug on bridges); {@code \_SB.DRAC} (PNP0C01) reserving the MMCONFIG window while it is enabled;</li>
 * <li>{@code \_SB.HPET} with an HPET;</li>
 * <li>{@code \_SB.PCI0.ISA} (the LPC bridge, _ADR 0x001F0000) with OperationRegion PIRQ over its PIRQ route registers
 *     0x60-0x6b and the ISA devices the machine has (RTC, KBD, MOU, COM1..4);</li>
 * <li>{@code \PICF} and {@code \_PIC} (the OS's interrupt model), {@code \_SB.PCI0._PRT} returning PRTP (PIC mode:
 *     links LNKA..LNKH) or PRTA (APIC mode: GSIA..GSIH, GSI 16-23), built from ICH9's routing: slots 0-23 INTx to
 *     PIRQ E + (slot + x) mod 4, slot 24 to PIRQ E + x, slots 25-29 and 31 to PIRQ A + x (the D25IR..D31IR default),
 *     slot 30 to PIRQ E + x; Field PRQA..PRQH, IQST, IQCR, LNKA..LNKH (IRQs 5, 10, 11) and GSIA..GSIH;</li>
 * <li>{@code \_SB.PCI0.SMB0} (_ADR 0x001F0003) with the SMBus;</li>
 * <li>{@code \_SB.CPUS}, {@code \_GPE}, {@code \_SB.PCI0._CRS} (the 32-bit window less the MMCONFIG window) and
 *     GPE0, {@code \_S4}/{@code \_S5}, {@code \_SB.PCI0.FWCF}.</li>
 * </ol>
 * Left out as on pc: ACPI PCI and CPU hotplug (\_GPE._E01/_E02 and their registers), memory hotplug, the parallel port,
 * \_S3, the debug port.
 */
final class Q35Dsdt {

    static final String[] LINKS = {"LNKA", "LNKB", "LNKC", "LNKD", "LNKE", "LNKF", "LNKG", "LNKH"};
    static final String[] GSI_LINKS = {"GSIA", "GSIB", "GSIC", "GSID", "GSIE", "GSIF", "GSIG", "GSIH"};
    static final String[] PIRQ_FIELDS = {"PRQA", "PRQB", "PRQC", "PRQD", "PRQE", "PRQF", "PRQG", "PRQH"};
    /** ICH9's PIRQA..D route registers at 0x60, PIRQE..H at 0x68. */
    static final int PIRQ_ROUTE = 0x60;
    static final int PIRQ_ROUTE_LENGTH = 0x0c;
    /** PIRQ n in APIC mode is GSI 16 + n. */
    static final int PIRQ_GSI_BASE = 16;
    static final int LPC_ADR = 0x001f_0000;
    static final int SMBUS_ADR = 0x001f_0003;
    static final int PCI_SLOTS = 32;
    /** The _OSC UUID of PCI host bridges (PCI Firmware Specification 3.0, 4.5.1). */
    static final String PCI_HOST_OSC_UUID = "33DB4D5B-1FF7-401C-9657-7441C03DD766";
    /** _OSC control bits granted: SHPC hotplug, PME, AER, PCIe capability (not native PCIe hotplug, bit 0). */
    static final int OSC_CONTROL_MASK = 0x1e;
    static final int OSC_UNKNOWN_REVISION = 0x08;
    static final int OSC_MASKED = 0x10;
    static final int OSC_UNRECOGNIZED_UUID = 0x04;

    private Q35Dsdt() {
    }

    /** The AML of the definition block, for {@code in}. */
    static byte[] body(Inputs in) {
        return PcAml.encode(terms(in));
    }

    static List<AmlTerm> terms(Inputs in) {
        List<AmlTerm> out = new ArrayList<>();
        AmlBlock sb = Aml.scope("\\_SB").add(Aml.device("PCI0")
                .add(Aml.name("_HID", Aml.eisaId("PNP0A08")))
                .add(Aml.name("_CID", Aml.eisaId("PNP0A03")))
                .add(Aml.name("_ADR", Aml.zero()))
                .add(Aml.name("_UID", Aml.zero()))
                .add(osc()));
        if (in.mcfgValid()) sb.add(dramController(in.mcfgBase(), in.mcfgSize()));
        out.add(sb);
        if (in.hpet()) out.add(PcAml.hpet());
        out.add(Aml.scope("\\_SB.PCI0").add(Aml.device("ISA")
                .add(Aml.name("_ADR", Aml.integer(LPC_ADR)))
                .add(Aml.operationRegion("PIRQ", RegionSpace.PCI_CONFIG, PIRQ_ROUTE, PIRQ_ROUTE_LENGTH))));
        out.add(PcAml.isaDevices("\\_SB.PCI0.ISA", in.isa()));
        out.addAll(pciInterrupts());
        if (in.smbus()) {
            out.add(Aml.scope("\\_SB.PCI0").add(Aml.device("SMB0").add(Aml.name("_ADR", Aml.integer(SMBUS_ADR)))));
        }
        out.add(PcAml.cpus(in.cpus(), in.maxCpus()));
        out.add(Aml.scope("\\_GPE").add(Aml.name("_HID", Aml.string("ACPI0006"))));
        long mcfgEnd = in.mcfgValid() ? in.mcfgBase() + in.mcfgSize() : 0;
        out.add(Aml.scope("\\_SB.PCI0")
                .add(Aml.name("_CRS", PcAml.pci0Resources(in.holes(), in.mcfgValid() ? in.mcfgBase() : 0, mcfgEnd)))
                .add(PcAml.gpe0Device(in.pm())));
        out.add(PcAml.sleepStates(in.pm()));
        out.add(Aml.scope("\\_SB.PCI0").add(PcAml.fwCfg(in.fwCfgDma())));
        return out;
    }

    /** QEMU's build_q35_osc_method: grant what is asked of {@link #OSC_CONTROL_MASK}, report what was masked. */
    private static AmlBlock osc() {
        AmlTerm cdw1 = Aml.path("CDW1");
        AmlTerm cdw3 = Aml.path("CDW3");
        AmlTerm control = Aml.local(0);
        return Aml.method("_OSC", 4, false)
                .add(Aml.createDWordField(Aml.arg(3), Aml.zero(), "CDW1"))
                .add(Aml.ifThen(Aml.lEqual(Aml.arg(0), Aml.uuid(PCI_HOST_OSC_UUID)))
                        .add(Aml.createDWordField(Aml.arg(3), Aml.integer(4), "CDW2"))
                        .add(Aml.createDWordField(Aml.arg(3), Aml.integer(8), "CDW3"))
                        .add(Aml.store(cdw3, control))
                        .add(Aml.and(control, Aml.integer(OSC_CONTROL_MASK), control))
                        .add(Aml.ifThen(Aml.lNot(Aml.lEqual(Aml.arg(1), Aml.one())))
                                .add(Aml.or(cdw1, Aml.integer(OSC_UNKNOWN_REVISION), cdw1)))
                        .add(Aml.ifThen(Aml.lNot(Aml.lEqual(cdw3, control)))
                                .add(Aml.or(cdw1, Aml.integer(OSC_MASKED), cdw1)))
                        .add(Aml.store(control, cdw3)))
                .add(Aml.orElse().add(Aml.or(cdw1, Aml.integer(OSC_UNRECOGNIZED_UUID), cdw1)))
                .add(Aml.returns(Aml.arg(3)));
    }

    /** QEMU's build_q35_dram_controller: a motherboard resource (PNP0C01) holding the MMCONFIG window. */
    private static AmlBlock dramController(long base, long size) {
        ResourceTemplate crs = new ResourceTemplate();
        if (base + size - 1 >= 1L << 32) {
            crs.qwordMemory(AddressFlags.FIXED_WINDOW, Cacheable.NON_CACHEABLE, true, 0, base, base + size - 1, 0, size);
        } else {
            crs.dwordMemory(AddressFlags.FIXED_WINDOW, Cacheable.NON_CACHEABLE, true, 0, base, base + size - 1, 0, size);
        }
        return Aml.device("DRAC").add(Aml.name("_HID", Aml.eisaId("PNP0C01"))).add(Aml.name("_CRS", crs));
    }

    /** QEMU's build_q35_pci0_int: PICF/_PIC, PRTP/PRTA and _PRT, the PIRQ fields, IQST, IQCR, LNKx and GSIx. */
    private static List<AmlTerm> pciInterrupts() {
        List<AmlTerm> out = new ArrayList<>();
        out.add(Aml.scope("\\").add(Aml.name("PICF", Aml.zero()))
                .add(Aml.method("_PIC", 1, false).add(Aml.store(Aml.arg(0), Aml.path("PICF")))));
        AmlBlock sb = Aml.scope("\\_SB");
        sb.add(Aml.scope("PCI0")
                .add(Aml.name("PRTP", routingTable(LINKS)))
                .add(Aml.name("PRTA", routingTable(GSI_LINKS)))
                .add(Aml.method("_PRT", 0, false)
                        .add(Aml.ifThen(Aml.lEqual(Aml.path("\\PICF"), Aml.zero())).add(Aml.returns(Aml.path("PRTP"))))
                        .add(Aml.orElse().add(Aml.returns(Aml.path("PRTA"))))));
        sb.add(Aml.field("PCI0.ISA.PIRQ", AccessType.BYTE, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                .named(PIRQ_FIELDS[0], 8).named(PIRQ_FIELDS[1], 8).named(PIRQ_FIELDS[2], 8).named(PIRQ_FIELDS[3], 8)
                .reserved(32)
                .named(PIRQ_FIELDS[4], 8).named(PIRQ_FIELDS[5], 8).named(PIRQ_FIELDS[6], 8).named(PIRQ_FIELDS[7], 8));
        sb.add(PcAml.linkStatusHelper());
        sb.add(PcAml.linkResourcesHelper());
        for (int i = 0; i < LINKS.length; i++) sb.add(PcAml.link(LINKS[i], i, PIRQ_FIELDS[i]));
        for (int i = 0; i < GSI_LINKS.length; i++) sb.add(gsiLink(GSI_LINKS[i], i, PIRQ_GSI_BASE + i));
        out.add(sb);
        return out;
    }

    /** QEMU's build_gsi_link_dev: a link fixed to one GSI, _PRS = _CRS, _DIS and _SRS doing nothing. */
    private static AmlBlock gsiLink(String name, int uid, int gsi) {
        ResourceTemplate crs = PcAml.linkTemplate(gsi);
        return Aml.device(name)
                .add(Aml.name("_HID", Aml.eisaId("PNP0C0F")))
                .add(Aml.name("_UID", Aml.integer(uid)))
                .add(Aml.name("_PRS", crs))
                .add(Aml.name("_CRS", crs))
                .add(Aml.method("_DIS", 0, false))
                .add(Aml.method("_SRS", 1, false));
    }

    /** The PIRQ (0 = A .. 7 = H) that INTx {@code pin} of {@code slot} reaches through ICH9's default routing. */
    static int pirqOf(int slot, int pin) {
        if (slot < 24) return 4 + (slot + pin) % 4;
        if (slot == 24 || slot == 30) return 4 + pin;
        return pin;
    }

    private static AmlBlock routingTable(String[] links) {
        AmlBlock prt = Aml.pkg();
        for (int slot = 0; slot < PCI_SLOTS; slot++) {
            for (int pin = 0; pin < 4; pin++) prt.add(PcAml.prtEntry(slot, pin, links[pirqOf(slot, pin)]));
        }
        return prt;
    }
}
