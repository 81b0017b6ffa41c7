package org.jemu.plugin.i440fx.internal;

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
 * The machine {@value #NAME} (alias {@value #ALIAS}, the default): what QEMU 7.2's pc_init1 builds without options.
 * PCI bus "pci.0": "i440FX" at 00.0, "PIIX3" at 01.0 (multifunction, makes "isa.0"), "piix3-ide" at 01.1,
 * "piix3-usb-uhci" at 01.2 (usb=on), "PIIX4_PM" at 01.3 (acpi), then "VGA" (02.0) on the next free slot. QEMU adds
 * the default NIC ("e1000", 03.0) as well; jemu has no NIC model yet, so every run is as with {@code -nic none}. ISA: two "isa-i8259", "mc146818rtc", "isa-pit" and "isa-pcspk", two "i8257" (QEMU's i8257_dma_init),
 * "isa-fdc", "i8042", "vmport" and "vmmouse", "port92". System bus: "i440FX-pcihost", "fw_cfg_io", "ioapic" (MMIO
 * at 0xfec00000), "hpet" (0xfed00000).
 *
 * <h2>Interrupt wiring contract (device bundles must provide these GPIO names)</h2>
 * <ul>
 * <li>PIIX3 routes the board's 24 global system interrupts (QEMU's GSI lines): inputs {@code "gsi"[0..23]} (ISA IRQ
 *     n is GSI n), outputs {@code "isa-irq"[0..15]} to the 8259 pair and {@code "ioapic-irq"[0..23]} to the IOAPIC,
 *     every GSI below 16 going to both (QEMU's gsi_handler). A line is the OR of its sources: its "gsi" input and the
 *     PCI interrupts routed to it. Its PCI INTx routing (PIRQA..D, registers 0x60..0x63) is internal to it. Its i8257
 *     DMA controllers are not created by it: they are ISA "i8257" devices of another bundle, for the board to add.</li>
 * <li>ISA devices drive their interrupts on the unnamed output array {@code ""}: index 0, except i8042 (0 = keyboard,
 *     IRQ 1; 1 = mouse, IRQ 12). "isa-i8259" and "ioapic" take their pins on the unnamed input array; the slave's
 *     output 0 drives master pin 2; the master's output 0 is the CPU interrupt.</li>
 * <li>"piix3-ide": outputs {@code "isa-irq"[0..1]} for its legacy channels (IRQ 14, 15); its legacy ports (0x1f0-0x1f7,
 *     0x3f6, 0x170-0x177, 0x376) are fixed. "PIIX4_PM": output {@code ""[0]} is the SCI (GSI 9), {@code "smi-irq"[0]}
 *     the SMI (pulsed for each SMI-raising APM write); it creates the SMBus "i2c" (type "i2c-bus" of
 *     org.jemu.core.i2c), where the "smbus-eeprom" targets plug at their {@code address}. It claims ports 0xb2/0xb3
 *     (APM) and 0xafe0-0xafe3 (GPE0); its PM and SMBus windows move with its registers. With smm-enabled=on firmware
 *     (SeaBIOS) relocates SMBASE through an SMI and waits for the SMI handler, which needs a CPU modelling SMM: jemu's
 *     CPUs do not, so the board builds it with smm-enabled=off (QEMU's choice when smm resolves to off).</li>
 * <li>"hpet": {@link SysBusDevice#IRQ}{@code [0..23]} to the GSIs; unnamed inputs 0 and 1 take the PIT and RTC
 *     interrupts (passed on unless the HPET is in legacy replacement mode); unnamed output 0 is the "PIT
 *     enabled" line to the PIT's unnamed input 0 (high, and low in legacy replacement mode; QEMU's pit_irq_control).</li>
 * <li>x86 CPUs (type "&lt;model&gt;-x86_64-cpu"): inputs {@code "intr"[0]} (INTR / LAPIC LINT0; every CPU gets the
 *     PIC output), {@code "smi"[0]}, {@code "a20"[0..1]} (0 from i8042, 1 from port92, QEMU's "a20" outputs; the
 *     last change wins); output {@code "ferr"[0]} (FPU error, to GSI 13).</li>
 * </ul>
 *
 * <h2>Not described here</h2>
 * RAM: "pc.ram" mapped through "ram-below-4g"/"ram-above-4g" aliases ({@link PiixRamSplit}, a BEFORE_DEVICES hook).
 * The host bridge gets the split (its below/above-4g-mem-size), the RAM and the DMA address space from
 * {@link #configureHost} before realize; it maps its PCI memory space under all of system memory (priority -1), so PCI
 * shows in the holes, and its function 00.0 lays the PAM and SMRAM windows over 0xA0000-0xFFFFF (priority 1). The
 * BIOS and the option ROM area "pc.rom" go into PCI memory once the devices exist ({@link PcBios}). fw_cfg's ports
 * come with the device, its contents from {@link PcFwCfg}; the CMOS bytes the firmware reads from {@link PcCmos}; with
 * PIIX4_PM the ACPI tables and their loader commands ({@link PiixAcpi}) are added at machine done. Ports 0x80 and 0xf0 (QEMU's dummy "ioport80" and the FPU
 * error reset "ioportF0") are left unassigned: reads give all-ones and writes are dropped, as QEMU's do. Serial ports: one
 * "isa-serial" per port the command line gave a chardev (index n: 0x3f8/IRQ 4, 0x2f8/IRQ 3, 0x3e8/IRQ 4,
 * 0x2e8/IRQ 3), created by a hook and wired to "gsi"; parallel ports (-parallel) are not supported yet. Drives (-drive, the default CD-ROM on ide.1, floppies) belong to the storage issue; the NIC's backend to the network
 * one. KVM-only devices (kvmvapic, kvmclock, in-kernel irqchip) and the pflash devices are left out.
 */
@Component(service = ModuleInit.class)
public final class PcI440fxMachine implements ModuleInit {

    static final String NAME = "pc-i440fx-7.2";
    static final String ALIAS = "pc";
    static final String DESCRIPTION = "Standard PC (i440FX + PIIX, 1996)";
    static final String CPU_BASE = "x86_64-cpu";
    /** QEMU 7.2's default firmware for PCs (SeaBIOS, 256 KiB build), looked up in the data directories. */
    static final String DEFAULT_BIOS = "bios-256k.bin";
    static final int MAX_CPUS = 255;
    static final long DEFAULT_RAM = 128L << 20;
    /** QEMU's default_ram_id for PCs. */
    static final String RAM_NAME = "pc.ram";

    static final String SYSBUS = "main-system-bus";
    static final String PCI = "pci.0";
    static final String ISA = "isa.0";
    /** The south bridge device, router of the GSI lines. */
    static final String SB = "piix3";
    static final int GSI_PINS = 24;
    static final int ISA_IRQS = 16;

    @Override
    public InitPhase phase() {
        return InitPhase.MACHINE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(Machine.machineType(NAME, ALIAS, true, DESCRIPTION, board(), PcI440fxMachine::declareProperties));
    }

    static BoardDefinition board() {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .cpu(CPU_BASE, "-" + CPU_BASE, "qemu64")
                .defaultRam(DEFAULT_RAM)
                .ramName(RAM_NAME)
                .maxCpus(MAX_CPUS)
                .device(DeviceSpec.of("fw_cfg", "fw_cfg_io").on(SYSBUS))
                .device(DeviceSpec.of("i440fx", I440fxPciHost.TYPE).on(SYSBUS).configuredBy(PcI440fxMachine::configureHost))
                .device(pci("pmc", I440fxPmc.TYPE, "00.0"))
                .device(pci(SB, Piix3.TYPE, "01.0").with("multifunction", "on"))
                .device(isa("pic-master", "isa-i8259").with("iobase", "0x20").with("elcr_addr", "0x4d0")
                        .with("elcr_mask", "0xf8").with("master", "on"))
                .device(isa("pic-slave", "isa-i8259").with("iobase", "0xa0").with("elcr_addr", "0x4d1")
                        .with("elcr_mask", "0xde").with("master", "off"))
                .device(DeviceSpec.of("ioapic", "ioapic").on(SYSBUS))
                .device(DeviceSpec.of("vga", "VGA").on(PCI).onlyIf("default-vga"))
                .device(DeviceSpec.of("hpet0", "hpet").on(SYSBUS).with("hpet-intcap", 0x4).onlyIf("hpet"))
                .device(isa("rtc", "mc146818rtc").with("base_year", 2000))
                .device(isa("pit0", "isa-pit").with("iobase", "0x40").onlyIf("pit"))
                .device(isa("pcspk", "isa-pcspk").with("pit", "/machine/pit0").onlyIf("pit"))
                // the DMA controllers of QEMU's i8257_dma_init (the floppy controller needs channel 2)
                .device(isa("dma1", "i8257").with("base", 0x00).with("page-base", 0x80).with("pageh-base", -1)
                        .with("dshift", 0))
                .device(isa("dma2", "i8257").with("base", 0xc0).with("page-base", 0x88).with("pageh-base", -1)
                        .with("dshift", 1))
                .device(isa("fdc", "isa-fdc"))
                .device(isa("kbc", "i8042").onlyIf("i8042"))
                .device(isa("port92", "port92").onlyIf("i8042"))
                .device(pci("ide", Piix3Ide.TYPE, "01.1"))
                .device(pci("uhci", "piix3-usb-uhci", "01.2").onlyIf("usb"))
                .device(pci("pm", Piix4Pm.TYPE, "01.3").with("smb_io_base", "0xb100")
                        .configuredBy(PcWiring::configureSmm)
                        .onlyIf("acpi"));
        for (int i = 0; i < 8; i++) {
            b.device(DeviceSpec.of("smbus-eeprom" + i, "smbus-eeprom").on("i2c").with("address", 0x50 + i).onlyIf("acpi"));
        }
        // ISA interrupts, as the ISA bus of QEMU hands them out: the device's line goes to GSI = ISA IRQ.
        b.wire("rtc", "", 0, SB, "gsi", 8)
                .wire("pit0", "", 0, SB, "gsi", 0)
                .wire("fdc", "", 0, SB, "gsi", 6)
                .wire("kbc", "", 0, SB, "gsi", 1)
                .wire("kbc", "", 1, SB, "gsi", 12)
                .wire("ide", "isa-irq", 0, SB, "gsi", 14)
                .wire("ide", "isa-irq", 1, SB, "gsi", 15)
                .wire("pm", "", 0, SB, "gsi", 9);
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
        return b.hook(Stage.BEFORE_DEVICES, PiixRamSplit::layOutRam)
                .hook(Stage.AFTER_DEVICES, ctx -> PcBios.map(ctx, PCI))
                .hook(Stage.AFTER_DEVICES, ctx -> PcWiring.createSerialPorts(ctx, ISA, SB))
                .hook(Stage.AFTER_DEVICES, ctx -> PcWiring.createVmport(ctx, ISA))
                .hook(Stage.AFTER_DEVICES, ctx -> PcWiring.connectCpus(ctx, CPU_BASE, SB, "pm"))
                .hook(Stage.AFTER_DEVICES, PcFwCfg::populate)
                .hook(Stage.AFTER_DEVICES, PcCmos::populate)
                .hook(Stage.MACHINE_DONE, PcFwCfg::machineDone)
                .hook(Stage.MACHINE_DONE, PiixAcpi::install)
                .build();
    }

    /**
     * What QEMU's pc_init1 hands i440fx_init: the RAM split (as the host's below/above-4g-mem-size) and the RAM
     * itself, from which the i440FX function builds its PAM and SMRAM windows; and the memory address space, which
     * PCI bus masters reach.
     */
    static void configureHost(BoardContext ctx, Device host) {
        Machine m = ctx.machine();
        host.setProperty("below-4g-mem-size", m.ramBelow4g());
        host.setProperty("above-4g-mem-size", m.ramAbove4g());
        ((I440fxPciHost) host).attachMemory(m.ram(), m.memory());
    }

    /** The x86/pc machine properties this board uses, with QEMU 7.2's defaults, plus two the runtime sets. */
    static void declareProperties(TypeClass c) {
        c.set(Machine.LOADS_FIRMWARE, true);
        c.set(Machine.DEFAULT_FIRMWARE, DEFAULT_BIOS);
        c.set(Machine.LOADS_KERNEL, true);
        String[] onOffAuto = {"on", "off", "auto"};
        c.property(PropertyDef.enumeration("acpi", onOffAuto).defaultValue("auto")
                .description("Enable ACPI (off: no PIIX4_PM power management function)"));
        c.property(PropertyDef.enumeration("smm", onOffAuto).defaultValue("auto")
                .description("Enable SMM (jemu's CPU has none: auto means off, on is refused)"));
        c.property(PropertyDef.enumeration("pit", onOffAuto).defaultValue("auto").description("Enable i8254 PIT"));
        c.property(PropertyDef.enumeration("vmport", onOffAuto).defaultValue("auto").description("Enable vmport (pc & q35)"));
        c.property(PropertyDef.bool("hpet").defaultValue(true).description("Enable/disable high precision event timer emulation"));
        c.property(PropertyDef.bool("i8042").defaultValue(true).description("Enable/disable the i8042 PS/2 controller"));
        c.property(PropertyDef.bool("sata").defaultValue(true).description("Enable/disable Serial ATA bus (no effect on i440FX)"));
        c.property(PropertyDef.bool("smbus").defaultValue(true).description("Enable/disable system management bus (no effect on i440FX)"));
        c.property(PropertyDef.bool("usb").defaultValue(false).description("Set on/off to enable/disable usb (PIIX3 UHCI at 01.2)"));
        c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0)
                .validator(v -> Long.compareUnsigned((Long) v, 4L << 30) > 0 ? "expects size less than or equal to 4G" : null)
                .description("Maximum ram below the 4G boundary (32bit boundary); 0: 3.5G"));
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
