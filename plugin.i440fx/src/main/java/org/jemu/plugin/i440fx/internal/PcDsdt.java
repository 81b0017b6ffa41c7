package org.jemu.plugin.i440fx.internal;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.acpi.AcpiTables;
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
import org.jemu.core.acpi.ResourceTemplate.DmaSpeed;
import org.jemu.core.acpi.ResourceTemplate.DmaWidth;
import org.jemu.core.acpi.ResourceTemplate.IoRange;
import org.jemu.core.acpi.ResourceTemplate.Polarity;
import org.jemu.core.acpi.ResourceTemplate.Trigger;
import org.jemu.core.acpi.TableData;
import org.jemu.plugin.i440fx.internal.PcAcpi.Inputs;

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
final class PcDsdt {

    static final long HPET_LENGTH = 0x400;
    /** The HPET _STA's limit on the counter period register: 100 ns (10 MHz) in femtoseconds. */
    static final long HPET_MAX_PERIOD_FS = 100_000_000L;
    /** The IRQs the PCI interrupt links may use (QEMU's PNP0C0F _PRS). */
    static final long[] LINK_IRQS = {5, 10, 11};
    static final String[] LINKS = {"LNKA", "LNKB", "LNKC", "LNKD"};
    /** PIIX3's PIRQ route registers in its configuration space, and their "disabled" bit. */
    static final int PIRQ_ROUTE = 0x60;
    static final int PIRQ_DISABLED = 0x80;
    static final int PCI_SLOTS = 32;
    static final int ISA_BRIDGE_ADR = 0x0001_0000;
    /** _STA values: present, enabled, functioning (0x0b: not shown in the UI; 0x0f: shown; 0x09: disabled). */
    static final int STA_PRESENT = 0x0f;
    static final int STA_HIDDEN = 0x0b;
    static final int STA_DISABLED = 0x09;
    static final int FW_CFG_IO_BASE = 0x510;
    /** fw_cfg ports: selector + data (2), or with DMA the DMA address register too (4 + 8). */
    static final int FW_CFG_IO_SIZE = 0x02;
    static final int FW_CFG_DMA_IO_SIZE = 0x0c;

    private PcDsdt() {
    }

    /** The AML of the definition block, for {@code in}. */
    static byte[] body(Inputs in) {
        TableData d = new TableData();
        for (AmlTerm t : terms(in)) d.bytes(t.encode());
        return d.toByteArray();
    }

    static List<AmlTerm> terms(Inputs in) {
        List<AmlTerm> out = new ArrayList<>();
        out.add(Aml.scope("\\_SB").add(Aml.device("PCI0")
                .add(Aml.name("_HID", Aml.eisaId("PNP0A03")))
                .add(Aml.name("_ADR", Aml.zero()))
                .add(Aml.name("_UID", Aml.zero()))));
        if (in.hpet()) out.add(Aml.scope("\\_SB").add(hpet()));
        out.add(Aml.scope("\\_SB.PCI0").add(Aml.device("ISA")
                .add(Aml.name("_ADR", Aml.integer(ISA_BRIDGE_ADR)))
                .add(Aml.operationRegion("P40C", RegionSpace.PCI_CONFIG, PIRQ_ROUTE, LINKS.length))));
        out.add(isaDevices(in));
        out.add(pciInterrupts(in));
        out.add(cpus(in));
        out.add(Aml.scope("\\_GPE").add(Aml.name("_HID", Aml.string("ACPI0006"))));
        out.add(Aml.scope("\\_SB.PCI0").add(Aml.name("_CRS", pci0Resources(in))).add(gpe0Device(in)));
        out.add(sleepStates(in));
        out.add(Aml.scope("\\_SB.PCI0").add(fwCfg(in)));
        return out;
    }

    private static AmlBlock hpet() {
        AmlTerm id = Aml.local(0);
        AmlTerm period = Aml.local(1);
        AmlBlock sta = Aml.method("_STA", 0, false)
                .add(Aml.store(Aml.path("VEND"), id))
                .add(Aml.store(Aml.path("PRD"), period))
                .add(Aml.shiftRight(id, Aml.integer(16), id))
                .add(Aml.ifThen(Aml.lOr(Aml.lEqual(id, Aml.zero()), Aml.lEqual(id, Aml.integer(0xffff))))
                        .add(Aml.returns(Aml.zero())))
                .add(Aml.ifThen(Aml.lOr(Aml.lEqual(period, Aml.zero()),
                        Aml.lGreater(period, Aml.integer(HPET_MAX_PERIOD_FS)))).add(Aml.returns(Aml.zero())))
                .add(Aml.returns(Aml.integer(STA_PRESENT)));
        return Aml.device("HPET")
                .add(Aml.name("_HID", Aml.eisaId("PNP0103")))
                .add(Aml.name("_UID", Aml.zero()))
                .add(Aml.operationRegion("HPTM", RegionSpace.SYSTEM_MEMORY, PcFwCfg.HPET_BASE, HPET_LENGTH))
                .add(Aml.field("HPTM", AccessType.DWORD, LockRule.LOCK, UpdateRule.PRESERVE)
                        .named("VEND", 32).named("PRD", 32))
                .add(sta)
                .add(Aml.name("_CRS", new ResourceTemplate().memory32Fixed(false, PcFwCfg.HPET_BASE, HPET_LENGTH)));
    }

    /** The ISA devices' descriptions, as each QEMU ISA device's build_aml gives them. */
    private static AmlBlock isaDevices(Inputs in) {
        AmlBlock isa = Aml.scope("\\_SB.PCI0.ISA");
        if (in.rtc() != null) {
            isa.add(Aml.device("RTC")
                    .add(Aml.name("_HID", Aml.eisaId("PNP0B00")))
                    .add(Aml.name("_CRS", new ResourceTemplate().io(true, in.rtc().iobase(), in.rtc().iobase(), 0x01, 0x08)
                            .irqNoFlags(in.rtc().irq()))));
        }
        if (in.i8042()) {
            isa.add(Aml.device("KBD")
                    .add(Aml.name("_HID", Aml.eisaId("PNP0303")))
                    .add(Aml.name("_STA", Aml.integer(STA_PRESENT)))
                    .add(Aml.name("_CRS", new ResourceTemplate().io(true, 0x60, 0x60, 0x01, 0x01)
                            .io(true, 0x64, 0x64, 0x01, 0x01).irqNoFlags(1))));
            isa.add(Aml.device("MOU")
                    .add(Aml.name("_HID", Aml.eisaId("PNP0F13")))
                    .add(Aml.name("_STA", Aml.integer(STA_PRESENT)))
                    .add(Aml.name("_CRS", new ResourceTemplate().irqNoFlags(12))));
        }
        if (in.fdc() != null) {
            PcAcpi.IsaPort f = in.fdc();
            ResourceTemplate crs = new ResourceTemplate().io(true, f.iobase() + 2, f.iobase() + 2, 0x00, 0x04)
                    .io(true, f.iobase() + 7, f.iobase() + 7, 0x00, 0x01).irqNoFlags(f.irq());
            if (f.dma() >= 0) crs.dma(DmaSpeed.COMPATIBILITY, false, DmaWidth.BITS_8, f.dma());
            isa.add(Aml.device("FDC0").add(Aml.name("_HID", Aml.eisaId("PNP0700"))).add(Aml.name("_CRS", crs)));
        }
        for (PcAcpi.Serial s : in.serials()) {
            isa.add(Aml.device("COM" + (s.index() + 1))
                    .add(Aml.name("_HID", Aml.eisaId("PNP0501")))
                    .add(Aml.name("_UID", Aml.integer(s.index() + 1)))
                    .add(Aml.name("_STA", Aml.integer(STA_PRESENT)))
                    .add(Aml.name("_CRS", new ResourceTemplate().io(true, s.iobase(), s.iobase(), 0x00, 0x08)
                            .irqNoFlags(s.irq()))));
        }
        return isa;
    }

    /** _PRT, the PIRQ fields, IQST, IQCR, the four PCI links and LNKS (QEMU's build_piix4_pci0_int). */
    private static AmlBlock pciInterrupts(Inputs in) {
        AmlBlock sb = Aml.scope("\\_SB");
        sb.add(Aml.scope("PCI0").add(Aml.name("_PRT", routingTable())));
        sb.add(Aml.field("PCI0.ISA.P40C", AccessType.BYTE, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                .named("PRQ0", 8).named("PRQ1", 8).named("PRQ2", 8).named("PRQ3", 8));
        sb.add(Aml.method("IQST", 1, false)
                .add(Aml.ifThen(Aml.and(Aml.integer(PIRQ_DISABLED), Aml.arg(0))).add(Aml.returns(Aml.integer(STA_DISABLED))))
                .add(Aml.returns(Aml.integer(STA_HIDDEN))));
        sb.add(Aml.method("IQCR", 1, true)
                .add(Aml.name("PRR0", linkTemplate(0)))
                .add(Aml.createDWordField(Aml.path("PRR0"), Aml.integer(5), "PRRI"))
                .add(Aml.ifThen(Aml.lLess(Aml.arg(0), Aml.integer(PIRQ_DISABLED)))
                        .add(Aml.store(Aml.arg(0), Aml.path("PRRI"))))
                .add(Aml.returns(Aml.path("PRR0"))));
        for (int i = 0; i < LINKS.length; i++) sb.add(link(LINKS[i], i, "PRQ" + i));
        sb.add(Aml.device("LNKS")
                .add(Aml.name("_HID", Aml.eisaId("PNP0C0F")))
                .add(Aml.name("_UID", Aml.integer(LINKS.length)))
                .add(Aml.name("_PRS", linkTemplate(in.pm().sciInterrupt())))
                .add(Aml.method("_STA", 0, false).add(Aml.returns(Aml.integer(STA_HIDDEN))))
                .add(Aml.method("_DIS", 0, false))
                .add(Aml.method("_CRS", 0, false).add(Aml.returns(Aml.path("_PRS"))))
                .add(Aml.method("_SRS", 1, false)));
        return sb;
    }

    /** Interrupt(ResourceConsumer, Level, ActiveHigh, Shared) {irqs}. */
    private static ResourceTemplate linkTemplate(long... irqs) {
        return new ResourceTemplate().interrupt(true, Trigger.LEVEL, Polarity.ACTIVE_HIGH, true, irqs);
    }

    private static AmlBlock link(String name, int uid, String register) {
        AmlTerm reg = Aml.path(register);
        return Aml.device(name)
                .add(Aml.name("_HID", Aml.eisaId("PNP0C0F")))
                .add(Aml.name("_UID", Aml.integer(uid)))
                .add(Aml.name("_PRS", linkTemplate(LINK_IRQS)))
                .add(Aml.method("_STA", 0, false).add(Aml.returns(Aml.call("IQST", reg))))
                .add(Aml.method("_DIS", 0, false).add(Aml.or(reg, Aml.integer(PIRQ_DISABLED), reg)))
                .add(Aml.method("_CRS", 0, false).add(Aml.returns(Aml.call("IQCR", reg))))
                .add(Aml.method("_SRS", 1, false)
                        .add(Aml.createDWordField(Aml.arg(0), Aml.integer(5), "PRRI"))
                        .add(Aml.store(Aml.path("PRRI"), reg)));
    }

    /** The link of INTx (0-3) of {@code slot}: PIIX3's PIRQ (slot + x - 1) mod 4, and the SCI for slot 1 INTA. */
    static String linkOf(int slot, int pin) {
        if (slot == 1 && pin == 0) return "LNKS";
        return LINKS[(slot + pin + LINKS.length - 1) % LINKS.length];
    }

    private static AmlBlock routingTable() {
        AmlBlock prt = Aml.pkg();
        for (int slot = 0; slot < PCI_SLOTS; slot++) {
            for (int pin = 0; pin < 4; pin++) {
                prt.add(Aml.pkg(Aml.integer((long) slot << 16 | 0xffff), Aml.integer(pin), Aml.path(linkOf(slot, pin)),
                        Aml.zero()));
            }
        }
        return prt;
    }

    /** \_SB.CPUS with a Processor object per possible CPU (QEMU's build_cpus_aml, ACPI 1.0 compatible form). */
    private static AmlBlock cpus(Inputs in) {
        AmlBlock container = Aml.device("CPUS")
                .add(Aml.name("_HID", Aml.string("ACPI0010")))
                .add(Aml.name("_CID", Aml.eisaId("PNP0A05")));
        for (int i = 0; i < in.maxCpus(); i++) {
            TableData mat = new TableData();
            AcpiTables.madtCpu(mat, new AcpiTables.LocalApic(i, i, true));
            AmlBlock cpu = Aml.processor(String.format("C%03X", i), i, 0, 0)
                    .add(Aml.name("_MAT", Aml.buffer(mat.toByteArray())));
            if (i >= in.cpus()) cpu.add(Aml.name("_STA", Aml.zero())); // possible, not present
            container.add(cpu);
        }
        return Aml.scope("\\_SB").add(container);
    }

    /** PCI0._CRS: the bus range and the windows PCI devices may use (QEMU's build_dsdt without expander buses). */
    private static ResourceTemplate pci0Resources(Inputs in) {
        AddressFlags fixed = AddressFlags.FIXED_WINDOW;
        ResourceTemplate crs = new ResourceTemplate()
                .wordBusNumber(fixed, 0, 0, 0xff, 0, 0x100)
                .io(true, 0x0cf8, 0x0cf8, 0x01, 0x08)
                .wordIo(fixed, IoRange.ENTIRE, 0, 0x0000, 0x0cf7, 0, 0x0cf8)
                .wordIo(fixed, IoRange.ENTIRE, 0, 0x0d00, 0xffff, 0, 0xf300)
                .dwordMemory(fixed, Cacheable.CACHEABLE, true, 0, 0x000a0000, 0x000bffff, 0, 0x00020000);
        PcAcpi.PciHoles h = in.holes();
        if (h.end() > h.start()) {
            crs.dwordMemory(fixed, Cacheable.NON_CACHEABLE, true, 0, h.start(), h.end() - 1, 0, h.end() - h.start());
        }
        if (Long.compareUnsigned(h.end64(), h.start64()) > 0) {
            crs.qwordMemory(fixed, Cacheable.CACHEABLE, true, 0, h.start64(), h.end64() - 1, 0, h.end64() - h.start64());
        }
        return crs;
    }

    private static AmlBlock gpe0Device(Inputs in) {
        int gpe = in.pm().gpe0Block();
        return Aml.device("GPE0")
                .add(Aml.name("_HID", Aml.string("PNP0A06")))
                .add(Aml.name("_UID", Aml.string("GPE0 resources")))
                .add(Aml.name("_STA", Aml.integer(STA_HIDDEN)))
                .add(Aml.name("_CRS", new ResourceTemplate().io(true, gpe, gpe, 0x01, in.pm().gpe0Length())));
    }

    /** \_S4 (SLP_TYP s4_val) unless disabled, and \_S5 (SLP_TYP 0): PM1a, PM1b, two reserved. */
    private static AmlBlock sleepStates(Inputs in) {
        AmlBlock root = Aml.scope("\\");
        if (in.pm().s4()) {
            AmlTerm v = Aml.integer(in.pm().s4Value());
            root.add(Aml.name("_S4", Aml.pkg(v, v, Aml.zero(), Aml.zero())));
        }
        root.add(Aml.name("_S5", Aml.pkg(Aml.zero(), Aml.zero(), Aml.zero(), Aml.zero())));
        return root;
    }

    /** QEMU's fw_cfg_add_acpi_dsdt: the fw_cfg device's ports, present and hidden. */
    private static AmlBlock fwCfg(Inputs in) {
        int size = in.fwCfgDma() ? FW_CFG_DMA_IO_SIZE : FW_CFG_IO_SIZE;
        return Aml.device("FWCF")
                .add(Aml.name("_HID", Aml.string("QEMU0002")))
                .add(Aml.name("_STA", Aml.integer(STA_HIDDEN)))
                .add(Aml.name("_CRS", new ResourceTemplate().io(true, FW_CFG_IO_BASE, FW_CFG_IO_BASE, 0x01, size)));
    }
}
