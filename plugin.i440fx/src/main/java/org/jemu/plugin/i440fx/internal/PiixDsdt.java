package org.jemu.plugin.i440fx.internal;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.acpi.Aml;
import org.jemu.core.acpi.Aml.RegionSpace;
import org.jemu.core.acpi.AmlBlock;
import org.jemu.core.acpi.AmlField.AccessType;
import org.jemu.core.acpi.AmlField.LockRule;
import org.jemu.core.acpi.AmlField.UpdateRule;
import org.jemu.core.acpi.AmlTerm;
import org.jemu.core.pc.PcAml;
import org.jemu.plugin.i440fx.internal.PiixAcpi.Inputs;


/**
 * The pc machine's DSDT body (the AML after the header), as QEMU 7.2's build_dsdt composes it for PIIX4: in this
 * order
 * <ol>
 * <li>{@code \_SB.PCI0}: _HID PNP0A03, _ADR 0, _UID 0;</li>
 * <li>{@code \_SB.HPET} (with an HPET): PNP0103, a _STA that checks the vendor ID and period registers through a
 *     SystemMemory region, _CRS Memory32Fixed(ReadOnly, 0xfed00000, 0x400);</li>
 * <li>{@code \_SB.PCI0.ISA} (_ADR 0x00010000) with OperationRegion P40C: PIIX3's PIRQ route registers 0x60-0x63 in
 *     PCI configuration space; under it the ISA devices the machine has: RTC (PNP0B00), KBD (PNP0303) and MOU
 *     (PNP0F13), FDC0 (PNP0700), COM1..COM4 (PNP0501);</li>
 * <li>{@code \_SB.PCI0._PRT} for 32 slots x 4 pins: INTx of slot s goes to link (s + x - 1) mod 4 (LNKA..LNKD, PIIX3's
 *     PIRQ rotation), except slot 1 INTA, the PM function's, which is LNKS; QEMU computes the same table in a While
 *     loop, here it is a static Package;</li>
 * <li>{@code \_SB}: Field PRQ0..PRQ3 over P40C, the helpers IQST (status from the route register's disable bit) and
 *     IQCR (current resources), LNKA..LNKD (PNP0C0F, _PRS Interrupt(Level, ActiveHigh, Shared){5, 10, 11}, _STA,
 *     _DIS, _CRS, _SRS reading and writing the route register) and LNKS (the SCI, GSI 9);</li>
 * <li>{@code \_SB.CPUS} (ACPI0010) with one ACPI 1.0 Processor object C000.. per possible CPU (ID = APIC ID = index)
 *     and its _MAT (the MADT entry);</li>
 * <li>{@code \_GPE} with _HID ACPI0006;</li>
 * <li>{@code \_SB.PCI0._CRS}: bus 0-0xff, the configuration ports 0xcf8-0xcff, I/O 0-0xcf7 and 0xd00-0xffff, the VGA
 *     window 0xa0000-0xbffff, the 32-bit PCI hole (end of low RAM to 0xfebfffff) and the 64-bit one, and
 *     {@code \_SB.PCI0.GPE0} (PNP0A06) reserving the GPE0 block;</li>
 * <li>{@code \_S4} (unless the PM function's disable_s4) and {@code \_S5} (SLP_TYP 0, soft off);</li>
 * <li>{@code \_SB.PCI0.FWCF} (QEMU0002): the fw_cfg ports.</li>
 * </ol>
 */
final class PiixDsdt {

    static final String[] LINKS = {"LNKA", "LNKB", "LNKC", "LNKD"};
    /** PIIX3's PIRQ route registers in its configuration space. */
    static final int PIRQ_ROUTE = 0x60;
    static final int PCI_SLOTS = 32;
    static final int ISA_BRIDGE_ADR = 0x0001_0000;

    private PiixDsdt() {
    }

    /** The AML of the definition block, for {@code in}. */
    static byte[] body(Inputs in) {
        return PcAml.encode(terms(in));
    }

    static List<AmlTerm> terms(Inputs in) {
        List<AmlTerm> out = new ArrayList<>();
        out.add(Aml.scope("\\_SB").add(Aml.device("PCI0")
                .add(Aml.name("_HID", Aml.eisaId("PNP0A03")))
                .add(Aml.name("_ADR", Aml.zero()))
                .add(Aml.name("_UID", Aml.zero()))));
        if (in.hpet()) out.add(PcAml.hpet());
        out.add(Aml.scope("\\_SB.PCI0").add(Aml.device("ISA")
                .add(Aml.name("_ADR", Aml.integer(ISA_BRIDGE_ADR)))
                .add(Aml.operationRegion("P40C", RegionSpace.PCI_CONFIG, PIRQ_ROUTE, LINKS.length))));
        out.add(PcAml.isaDevices("\\_SB.PCI0.ISA", in.isa()));
        out.add(pciInterrupts(in));
        out.add(PcAml.cpus(in.cpus(), in.maxCpus()));
        out.add(Aml.scope("\\_GPE").add(Aml.name("_HID", Aml.string("ACPI0006"))));
        out.add(Aml.scope("\\_SB.PCI0").add(Aml.name("_CRS", PcAml.pci0Resources(in.holes(), 0, 0)))
                .add(PcAml.gpe0Device(in.pm())));
        out.add(PcAml.sleepStates(in.pm()));
        out.add(Aml.scope("\\_SB.PCI0").add(PcAml.fwCfg(in.fwCfgDma())));
        return out;
    }

    /** _PRT, the PIRQ fields, IQST, IQCR, the four PCI links and LNKS (QEMU's build_piix4_pci0_int). */
    private static AmlBlock pciInterrupts(Inputs in) {
        AmlBlock sb = Aml.scope("\\_SB");
        sb.add(Aml.scope("PCI0").add(Aml.name("_PRT", routingTable())));
        sb.add(Aml.field("PCI0.ISA.P40C", AccessType.BYTE, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                .named("PRQ0", 8).named("PRQ1", 8).named("PRQ2", 8).named("PRQ3", 8));
        sb.add(PcAml.linkStatusHelper());
        sb.add(PcAml.linkResourcesHelper());
        for (int i = 0; i < LINKS.length; i++) sb.add(PcAml.link(LINKS[i], i, "PRQ" + i));
        sb.add(PcAml.fixedLink("LNKS", LINKS.length, in.pm().sciInterrupt()));
        return sb;
    }

    /** The link of INTx (0-3) of {@code slot}: PIIX3's PIRQ (slot + x - 1) mod 4, and the SCI for slot 1 INTA. */
    static String linkOf(int slot, int pin) {
        if (slot == 1 && pin == 0) return "LNKS";
        return LINKS[(slot + pin + LINKS.length - 1) % LINKS.length];
    }

    private static AmlBlock routingTable() {
        AmlBlock prt = Aml.pkg();
        for (int slot = 0; slot < PCI_SLOTS; slot++) {
            for (int pin = 0; pin < 4; pin++) prt.add(PcAml.prtEntry(slot, pin, linkOf(slot, pin)));
        }
        return prt;
    }
}
