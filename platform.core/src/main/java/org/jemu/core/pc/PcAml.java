package org.jemu.core.pc;

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
import org.jemu.core.pc.PcAcpi.IsaDevices;
import org.jemu.core.pc.PcAcpi.PciHoles;
import org.jemu.core.pc.PcAcpi.Pm;

/**
 * The DSDT pieces QEMU 7.2's build_dsdt gives both PC machines: the HPET device, the ISA devices' descriptions, the
 * processor container, the PCI interrupt link devices and their helpers, the root bridge's resources, the GPE0
 * reservation, the sleep states and the fw_cfg device. A board's DSDT arranges these around its own chipset parts.
 */
public final class PcAml {

    static final long HPET_LENGTH = 0x400;
    /** The HPET _STA's limit on the counter period register: 100 ns (10 MHz) in femtoseconds. */
    static final long HPET_MAX_PERIOD_FS = 100_000_000L;
    /** The IRQs the PCI interrupt links may use (QEMU's PNP0C0F _PRS). */
    public static final long[] LINK_IRQS = {5, 10, 11};
    /** A PIRQ route register's "disabled" bit (PIIX3 and ICH9 alike). */
    public static final int PIRQ_DISABLED = 0x80;
    /** _STA values: present, enabled, functioning (0x0b: not shown in the UI; 0x0f: shown; 0x09: disabled). */
    public static final int STA_PRESENT = 0x0f;
    public static final int STA_HIDDEN = 0x0b;
    public static final int STA_DISABLED = 0x09;
    static final int FW_CFG_IO_BASE = 0x510;
    /** fw_cfg ports: selector + data (2), or with DMA the DMA address register too (4 + 8). */
    static final int FW_CFG_IO_SIZE = 0x02;
    static final int FW_CFG_DMA_IO_SIZE = 0x0c;

    private PcAml() {
    }

    /** The AML of {@code terms}, one after another. */
    public static byte[] encode(Iterable<AmlTerm> terms) {
        TableData d = new TableData();
        for (AmlTerm t : terms) d.bytes(t.encode());
        return d.toByteArray();
    }

    /**
     * {@code \_SB.HPET}: PNP0103, a _STA that checks the vendor ID and period registers through a SystemMemory region,
     * _CRS Memory32Fixed(ReadOnly, 0xfed00000, 0x400).
     */
    public static AmlBlock hpet() {
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
        return Aml.scope("\\_SB").add(Aml.device("HPET")
                .add(Aml.name("_HID", Aml.eisaId("PNP0103")))
                .add(Aml.name("_UID", Aml.zero()))
                .add(Aml.operationRegion("HPTM", RegionSpace.SYSTEM_MEMORY, PcFwCfg.HPET_BASE, HPET_LENGTH))
                .add(Aml.field("HPTM", AccessType.DWORD, LockRule.LOCK, UpdateRule.PRESERVE)
                        .named("VEND", 32).named("PRD", 32))
                .add(sta)
                .add(Aml.name("_CRS", new ResourceTemplate().memory32Fixed(false, PcFwCfg.HPET_BASE, HPET_LENGTH))));
    }

    /**
     * The ISA devices' descriptions under {@code isaScope}, as each QEMU ISA device's build_aml gives them: RTC
     * (PNP0B00), KBD (PNP0303) and MOU (PNP0F13), FDC0 (PNP0700), COM1..COM4 (PNP0501).
     */
    public static AmlBlock isaDevices(String isaScope, IsaDevices in) {
        AmlBlock isa = Aml.scope(isaScope);
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

    /** IQST: a link's _STA from its route register (disabled bit set: 0x09, else 0x0b). For {@code \_SB}. */
    public static AmlBlock linkStatusHelper() {
        return Aml.method("IQST", 1, false)
                .add(Aml.ifThen(Aml.and(Aml.integer(PIRQ_DISABLED), Aml.arg(0))).add(Aml.returns(Aml.integer(STA_DISABLED))))
                .add(Aml.returns(Aml.integer(STA_HIDDEN)));
    }

    /** IQCR: a link's current resources from its route register. For {@code \_SB}. */
    public static AmlBlock linkResourcesHelper() {
        return Aml.method("IQCR", 1, true)
                .add(Aml.name("PRR0", linkTemplate(0)))
                .add(Aml.createDWordField(Aml.path("PRR0"), Aml.integer(5), "PRRI"))
                .add(Aml.ifThen(Aml.lLess(Aml.arg(0), Aml.integer(PIRQ_DISABLED)))
                        .add(Aml.store(Aml.arg(0), Aml.path("PRRI"))))
                .add(Aml.returns(Aml.path("PRR0")));
    }

    /** Interrupt(ResourceConsumer, Level, ActiveHigh, Shared) {irqs}. */
    public static ResourceTemplate linkTemplate(long... irqs) {
        return new ResourceTemplate().interrupt(true, Trigger.LEVEL, Polarity.ACTIVE_HIGH, true, irqs);
    }

    /**
     * A PCI interrupt link (PNP0C0F) over PIRQ route register field {@code register}: _PRS IRQs 5, 10, 11; _STA,
     * _DIS, _CRS, _SRS reading and writing the register through IQST and IQCR.
     */
    public static AmlBlock link(String name, int uid, String register) {
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

    /**
     * A link device with one fixed interrupt {@code irq} (QEMU's LNKS for the SCI and q35's GSIA..GSIH): _PRS = _CRS,
     * hidden, _DIS and _SRS do nothing.
     */
    public static AmlBlock fixedLink(String name, int uid, long irq) {
        return Aml.device(name)
                .add(Aml.name("_HID", Aml.eisaId("PNP0C0F")))
                .add(Aml.name("_UID", Aml.integer(uid)))
                .add(Aml.name("_PRS", linkTemplate(irq)))
                .add(Aml.method("_STA", 0, false).add(Aml.returns(Aml.integer(STA_HIDDEN))))
                .add(Aml.method("_DIS", 0, false))
                .add(Aml.method("_CRS", 0, false).add(Aml.returns(Aml.path("_PRS"))))
                .add(Aml.method("_SRS", 1, false));
    }

    /** One _PRT entry: INTx {@code pin} of {@code slot} goes to link {@code link}. */
    public static AmlTerm prtEntry(int slot, int pin, String link) {
        return Aml.pkg(Aml.integer((long) slot << 16 | 0xffff), Aml.integer(pin), Aml.path(link), Aml.zero());
    }

    /** {@code \_SB.CPUS} with a Processor object per possible CPU (QEMU's build_cpus_aml, ACPI 1.0 compatible form). */
    public static AmlBlock cpus(int present, int possible) {
        AmlBlock container = Aml.device("CPUS")
                .add(Aml.name("_HID", Aml.string("ACPI0010")))
                .add(Aml.name("_CID", Aml.eisaId("PNP0A05")));
        for (int i = 0; i < possible; i++) {
            TableData mat = new TableData();
            AcpiTables.madtCpu(mat, new AcpiTables.LocalApic(i, i, true));
            AmlBlock cpu = Aml.processor(String.format("C%03X", i), i, 0, 0)
                    .add(Aml.name("_MAT", Aml.buffer(mat.toByteArray())));
            if (i >= present) cpu.add(Aml.name("_STA", Aml.zero())); // possible, not present
            container.add(cpu);
        }
        return Aml.scope("\\_SB").add(container);
    }

    /**
     * PCI0._CRS: the bus range and the windows PCI devices may use (QEMU's build_dsdt without expander buses): the
     * configuration ports, I/O 0-0xcf7 and 0xd00-0xffff, the VGA window, the 32-bit PCI hole less
     * {@code [excludeStart, excludeEnd)} (q35's MMCONFIG window; pass 0, 0 for none) and the 64-bit hole.
     */
    public static ResourceTemplate pci0Resources(PciHoles h, long excludeStart, long excludeEnd) {
        AddressFlags fixed = AddressFlags.FIXED_WINDOW;
        ResourceTemplate crs = new ResourceTemplate()
                .wordBusNumber(fixed, 0, 0, 0xff, 0, 0x100)
                .io(true, 0x0cf8, 0x0cf8, 0x01, 0x08)
                .wordIo(fixed, IoRange.ENTIRE, 0, 0x0000, 0x0cf7, 0, 0x0cf8)
                .wordIo(fixed, IoRange.ENTIRE, 0, 0x0d00, 0xffff, 0, 0xf300)
                .dwordMemory(fixed, Cacheable.CACHEABLE, true, 0, 0x000a0000, 0x000bffff, 0, 0x00020000);
        if (excludeEnd > excludeStart && excludeStart < h.end() && excludeEnd > h.start()) {
            window32(crs, h.start(), excludeStart);
            window32(crs, excludeEnd, h.end());
        } else {
            window32(crs, h.start(), h.end());
        }
        if (Long.compareUnsigned(h.end64(), h.start64()) > 0) {
            crs.qwordMemory(fixed, Cacheable.CACHEABLE, true, 0, h.start64(), h.end64() - 1, 0, h.end64() - h.start64());
        }
        return crs;
    }

    private static void window32(ResourceTemplate crs, long start, long end) {
        if (end > start) {
            crs.dwordMemory(AddressFlags.FIXED_WINDOW, Cacheable.NON_CACHEABLE, true, 0, start, end - 1, 0, end - start);
        }
    }

    /** {@code GPE0} (PNP0A06) reserving the GPE0 block, for the root bridge's scope. */
    public static AmlBlock gpe0Device(Pm pm) {
        int gpe = pm.gpe0Block();
        return Aml.device("GPE0")
                .add(Aml.name("_HID", Aml.string("PNP0A06")))
                .add(Aml.name("_UID", Aml.string("GPE0 resources")))
                .add(Aml.name("_STA", Aml.integer(STA_HIDDEN)))
                .add(Aml.name("_CRS", new ResourceTemplate().io(true, gpe, gpe, 0x01, pm.gpe0Length())));
    }

    /** \_S4 (SLP_TYP s4_val) unless disabled, and \_S5 (SLP_TYP 0): PM1a, PM1b, two reserved. */
    public static AmlBlock sleepStates(Pm pm) {
        AmlBlock root = Aml.scope("\\");
        if (pm.s4()) {
            AmlTerm v = Aml.integer(pm.s4Value());
            root.add(Aml.name("_S4", Aml.pkg(v, v, Aml.zero(), Aml.zero())));
        }
        root.add(Aml.name("_S5", Aml.pkg(Aml.zero(), Aml.zero(), Aml.zero(), Aml.zero())));
        return root;
    }

    /** QEMU's fw_cfg_add_acpi_dsdt: {@code FWCF} (QEMU0002), the fw_cfg device's ports, present and hidden. */
    public static AmlBlock fwCfg(boolean dma) {
        int size = dma ? FW_CFG_DMA_IO_SIZE : FW_CFG_IO_SIZE;
        return Aml.device("FWCF")
                .add(Aml.name("_HID", Aml.string("QEMU0002")))
                .add(Aml.name("_STA", Aml.integer(STA_HIDDEN)))
                .add(Aml.name("_CRS", new ResourceTemplate().io(true, FW_CFG_IO_BASE, FW_CFG_IO_BASE, 0x01, size)));
    }
}
