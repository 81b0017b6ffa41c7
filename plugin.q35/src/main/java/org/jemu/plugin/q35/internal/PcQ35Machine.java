package org.jemu.plugin.q35.internal;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pc.PcAcpi;
import org.jemu.core.pc.PcBios;
import org.jemu.core.pc.PcCmos;
import org.jemu.core.pc.PcFwCfg;
import org.jemu.core.pc.PcWiring;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.osgi.service.component.annotations.Component;

/**
 * The machine {@value #NAME} (alias {@value #ALIAS}): what QEMU 7.2's pc_q35_init builds without options, less the
 * default NIC (jemu has no NIC model yet: as with {@code -nic none}). PCI Express root bus "pcie.0": "mch" at 00.0,
 * "VGA" on the first free slot (01.0), "ICH9-LPC" at 1f.0 (multifunction, makes "isa.0", holds the ICH9 power
 * management), "ich9-ahci" at 1f.2 (sata), "ICH9-SMB" at 1f.3 (smbus, with eight "smbus-eeprom" on "i2c"), with
 * usb=on "ich9-usb-ehci1" at 1d.7 and "ich9-usb-uhci1..3" at 1d.0..2. ISA: two "isa-i8259", "mc146818rtc",
 * "isa-pit" and "isa-pcspk", the two "i8257" DMA controllers, "i8042", "vmport" and "vmmouse", "port92"; no floppy
 * controller (QEMU's q35 has none without a floppy drive). System bus: "q35-pcihost", "fw_cfg_io", "ioapic", "hpet".
 *
 * <p>Beside the pc board ({@code pc-i440fx-7.2}) the differences are the chipset's: the host bridge and its MCH
 * function (PCIe root bus, MMCONFIG, the RAM split of pc_q35_init), ICH9 in place of PIIX3/PIIX4 (the LPC bridge routes
 * eight PIRQs and holds the power management; SATA and SMBus are functions of slot 1f), no IDE and no floppy
 * controller, the HPET's interrupt capabilities, and the ACPI tables ({@link Q35Acpi}: FADT revision 3 with the reset
 * register, MCFG, the DSDT of a PCIe root). Everything else comes from org.jemu.core.pc, as on pc.
 *
 * <h2>Interrupt wiring contract (device bundles must provide these GPIO names)</h2>
 * <ul>
 * <li>ICH9-LPC routes the board's 24 global system interrupts (QEMU's GSI lines): inputs {@code "gsi"[0..23]} (ISA
 *     IRQ n is GSI n), outputs {@code "isa-irq"[0..15]} to the 8259 pair and {@code "ioapic-irq"[0..23]} to the
 *     IOAPIC, every GSI below 16 going to both (QEMU's gsi_handler). Its PIRQ routing (PIRQA..H to ISA IRQs and to
 *     GSI 16..23) and its SCI are internal to it; its SMI leaves on output {@code "smi-irq"[0]}.</li>
 * <li>ISA devices drive their interrupts on the unnamed output array {@code ""}: index 0, except i8042 (0 = keyboard,
 *     IRQ 1; 1 = mouse, IRQ 12). "isa-i8259" and "ioapic" take their pins on the unnamed input array; the slave's
 *     output 0 drives master pin 2; the master's output 0 is the CPU interrupt.</li>
 * <li>"hpet": {@link SysBusDevice#IRQ}{@code [0..23]} to the GSIs; unnamed inputs 0 and 1 take the PIT and RTC
 *     interrupts (passed on unless the HPET is in legacy replacement mode); unnamed output 0 is the "PIT
 *     enabled" line to the PIT's unnamed input 0 (high, and low in legacy replacement mode; QEMU's pit_irq_control).</li>
 * <li>x86 CPUs (type "&lt;model&gt;-x86_64-cpu"): inputs {@code "intr"[0]} (INTR / LAPIC LINT0; every CPU gets the
 *     PIC output), {@code "smi"[0]}, {@code "a20"[0..1]} (0 from i8042, 1 from port92, QEMU's "a20" outputs; the
 *     last change wins); output {@code "ferr"[0]} (FPU error, to GSI 13).</li>
 * <li>SMM: QEMU builds ICH9-LPC with SMM when the accelerator has it; jemu's CPUs do not model it, so the board builds
 *     it with smm-enabled off ({@link PcWiring#configureSmm}; smm=on is refused).</li>
 * </ul>
 *
 * <h2>Not described here</h2>
 * RAM: "pc.ram" mapped through "ram-below-4g"/"ram-above-4g" aliases ({@link Q35RamSplit}, a BEFORE_DEVICES hook).
 * The host bridge gets the split, the RAM and the DMA address space from {@link #configureHost} before realize; it
 * maps its PCI memory space under system memory (priority -1) and the MMCONFIG window where the MCH's PCIEXBAR puts it;
 * the MCH lays the PAM and SMRAM windows over 0xA0000-0xFFFFF. The BIOS and "pc.rom" go into PCI memory once the
 * devices exist ({@link PcBios}); fw_cfg's contents from {@link PcFwCfg}, the CMOS bytes from {@link PcCmos}, the
 * ACPI tables at machine done. Serial ports: one "isa-serial" per -serial chardev ({@link PcWiring}); parallel ports
 * are not supported yet. Drives (-drive, the default CD-ROM on the AHCI, floppies) belong to the storage issue, the
 * NIC to the network one. KVM-only devices (kvmvapic, kvmclock, in-kernel irqchip) and the pflash devices are left out.
 */
@Component(service = ModuleInit.class)
public final class PcQ35Machine implements ModuleInit {

    static final String NAME = "pc-q35-7.2";
    static final String ALIAS = "q35";
    static final String DESCRIPTION = "Standard PC (Q35 + ICH9, 2009)";
    static final String CPU_BASE = "x86_64-cpu";
    /** QEMU 7.2's default firmware for PCs (SeaBIOS, 256 KiB build), looked up in the data directories. */
    static final String DEFAULT_BIOS = "bios-256k.bin";
    static final int MAX_CPUS = 288;
    static final long DEFAULT_RAM = 128L << 20;
    /** QEMU's default_ram_id for PCs. */
    static final String RAM_NAME = "pc.ram";

    static final String SYSBUS = "main-system-bus";
    static final String PCI = "pcie.0";
    static final String ISA = "isa.0";
    /** The south bridge device, router of the GSI lines and source of SMI. */
    static final String SB = "lpc";
    static final int GSI_PINS = 24;
    static final int ISA_IRQS = 16;
    /** The HPET's timer interrupt capability on q35: GSIs 2, 8 and 16-23 (QEMU's pc_q35_init). */
    static final int HPET_INTCAP = 0xff0104;

    @Override
    public InitPhase phase() {
        return InitPhase.MACHINE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(Machine.machineType(NAME, ALIAS, false, DESCRIPTION, board(), PcQ35Machine::declareProperties));
    }

    static BoardDefinition board() {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .cpu(CPU_BASE, "-" + CPU_BASE, "qemu64")
                .defaultRam(DEFAULT_RAM)
                .ramName(RAM_NAME)
                .maxCpus(MAX_CPUS)
                .device(DeviceSpec.of("fw_cfg", "fw_cfg_io").on(SYSBUS))
                .device(DeviceSpec.of("q35", Q35PciHost.TYPE).on(SYSBUS).configuredBy(PcQ35Machine::configureHost))
                .device(pci("mch", Mch.TYPE, "00.0"))
                .device(pci(SB, Ich9Lpc.TYPE, "1f.0").with("multifunction", "on").configuredBy(PcWiring::configureSmm))
                .device(isa("pic-master", "isa-i8259").with("iobase", "0x20").with("elcr_addr", "0x4d0")
                        .with("elcr_mask", "0xf8").with("master", "on"))
                .device(isa("pic-slave", "isa-i8259").with("iobase", "0xa0").with("elcr_addr", "0x4d1")
                        .with("elcr_mask", "0xde").with("master", "off"))
                .device(DeviceSpec.of("ioapic", "ioapic").on(SYSBUS))
                .device(pci("ahci", Ich9Ahci.TYPE, "1f.2").with("multifunction", "on").onlyIf("sata"))
                .device(DeviceSpec.of("vga", "VGA").on(PCI).onlyIf("default-vga"))
                .device(DeviceSpec.of("hpet0", "hpet").on(SYSBUS).with("hpet-intcap", HPET_INTCAP).onlyIf("hpet"))
                .device(isa("rtc", "mc146818rtc").with("base_year", 2000))
                .device(isa("pit0", "isa-pit").with("iobase", "0x40").onlyIf("pit"))
                .device(isa("pcspk", "isa-pcspk").with("pit", "/machine/pit0").onlyIf("pit"))
                // the DMA controllers of QEMU's i8257_dma_init
                .device(isa("dma1", "i8257").with("base", 0x00).with("page-base", 0x80).with("pageh-base", -1)
                        .with("dshift", 0))
                .device(isa("dma2", "i8257").with("base", 0xc0).with("page-base", 0x88).with("pageh-base", -1)
                        .with("dshift", 1))
                .device(isa("kbc", "i8042").onlyIf("i8042"))
                .device(isa("port92", "port92").onlyIf("i8042"))
                .device(pci("ehci", "ich9-usb-ehci1", "1d.7").with("multifunction", "on").onlyIf("usb"));
        for (int i = 0; i < 3; i++) {
            b.device(pci("uhci" + (i + 1), "ich9-usb-uhci" + (i + 1), "1d." + i).with("multifunction", "on")
                    .with("masterbus", "usb-bus.0").with("firstport", 2 * i).onlyIf("usb"));
        }
        b.device(pci("smb", Ich9Smbus.TYPE, "1f.3").with("multifunction", "on").onlyIf("smbus"));
        for (int i = 0; i < 8; i++) {
            b.device(DeviceSpec.of("smbus-eeprom" + i, "smbus-eeprom").on("i2c").with("address", 0x50 + i).onlyIf("smbus"));
        }
        // ISA interrupts, as the ISA bus of QEMU hands them out: the device's line goes to GSI = ISA IRQ.
        b.wire("rtc", "", 0, SB, "gsi", 8)
                .wire("pit0", "", 0, SB, "gsi", 0)
                .wire("kbc", "", 0, SB, "gsi", 1)
                .wire("kbc", "", 1, SB, "gsi", 12);
        // With an HPET, PIT and RTC interrupts pass through it (these replace the two connections above).
        for (int i = 0; i < GSI_PINS; i++) b.wire("hpet0", SysBusDevice.IRQ, i, SB, "gsi", i);
        b.wire("pit0", "", 0, "hpet0", "", 0)
                .wire("rtc", "", 0, "hpet0", "", 1)
                .wire("hpet0", "", 0, "pit0", "", 0);
        // The GSI fan-out: ISA IRQs to the cascaded 8259 pair, every GSI to the IOAPIC.
        for (int i = 0; i < ISA_IRQS; i++) b.wire(SB, "isa-irq", i, i < 8 ? "pic-master" : "pic-slave", "", i % 8);
        b.wire("pic-slave", "", 0, "pic-master", "", 2);
        for (int i = 0; i < GSI_PINS; i++) b.wire(SB, "ioapic-irq", i, "ioapic", "", i);
        b.mmio("ioapic", 0, PcAcpi.IOAPIC_BASE).mmio("hpet0", 0, PcFwCfg.HPET_BASE);
        return b.hook(Stage.BEFORE_DEVICES, Q35RamSplit::layOutRam)
                .hook(Stage.AFTER_DEVICES, ctx -> PcBios.map(ctx, PCI))
                .hook(Stage.AFTER_DEVICES, ctx -> PcWiring.createSerialPorts(ctx, ISA, SB))
                .hook(Stage.AFTER_DEVICES, ctx -> PcWiring.createVmport(ctx, ISA))
                .hook(Stage.AFTER_DEVICES, ctx -> PcWiring.connectCpus(ctx, CPU_BASE, SB, SB))
                .hook(Stage.AFTER_DEVICES, PcFwCfg::populate)
                .hook(Stage.AFTER_DEVICES, PcCmos::populate)
                .hook(Stage.MACHINE_DONE, PcFwCfg::machineDone)
                .hook(Stage.MACHINE_DONE, Q35Acpi::install)
                .build();
    }

    /**
     * What QEMU's pc_q35_init hands the host bridge: the RAM split (its below/above-4g-mem-size) and the RAM, from
     * which the MCH builds its PAM, SMRAM and TSEG windows; and the memory address space, which PCI bus masters reach.
     */
    static void configureHost(BoardContext ctx, Device host) {
        Machine m = ctx.machine();
        host.setProperty("below-4g-mem-size", m.ramBelow4g());
        host.setProperty("above-4g-mem-size", m.ramAbove4g());
        ((Q35PciHost) host).attachMemory(m.ram(), m.memory());
    }

    /** The x86/pc machine properties this board uses, with QEMU 7.2's defaults, plus one the runtime sets. */
    static void declareProperties(TypeClass c) {
        c.set(Machine.LOADS_FIRMWARE, true);
        c.set(Machine.DEFAULT_FIRMWARE, DEFAULT_BIOS);
        c.set(Machine.LOADS_KERNEL, true);
        String[] onOffAuto = {"on", "off", "auto"};
        c.property(PropertyDef.enumeration("acpi", onOffAuto).defaultValue("auto")
                .description("Enable ACPI (off: no ACPI tables; the ICH9 power management stays)"));
        c.property(PropertyDef.enumeration("smm", onOffAuto).defaultValue("auto")
                .description("Enable SMM (jemu's CPU has none: auto means off, on is refused)"));
        c.property(PropertyDef.enumeration("pit", onOffAuto).defaultValue("auto").description("Enable i8254 PIT"));
        c.property(PropertyDef.enumeration("vmport", onOffAuto).defaultValue("auto").description("Enable vmport (pc & q35)"));
        c.property(PropertyDef.bool("hpet").defaultValue(true).description("Enable/disable high precision event timer emulation"));
        c.property(PropertyDef.bool("i8042").defaultValue(true).description("Enable/disable the i8042 PS/2 controller"));
        c.property(PropertyDef.bool("sata").defaultValue(true).description("Enable/disable Serial ATA bus (ich9-ahci at 1f.2)"));
        c.property(PropertyDef.bool("smbus").defaultValue(true).description("Enable/disable system management bus (ICH9-SMB at 1f.3)"));
        c.property(PropertyDef.bool("usb").defaultValue(false).description("Set on/off to enable/disable usb (ICH9 EHCI and UHCI companions at 1d)"));
        c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0)
                .validator(v -> Long.compareUnsigned((Long) v, 4L << 30) > 0 ? "expects size less than or equal to 4G" : null)
                .description("Maximum ram below the 4G boundary (32bit boundary); 0: no limit"));
        c.property(PropertyDef.bool("default-vga").defaultValue(true)
                .description("jemu: create the default display device (the runtime turns it off for -vga none, -nodefaults)"));
    }

    private static DeviceSpec isa(String name, String type) {
        return DeviceSpec.of(name, type).on(ISA);
    }

    private static DeviceSpec pci(String name, String type, String addr) {
        return DeviceSpec.of(name, type).on(PCI).with("addr", addr);
    }
}
