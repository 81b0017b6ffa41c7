package org.jemu.plugin.q35.internal;

import java.util.List;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.Wire;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.osgi.service.component.annotations.Component;

/**
 * The machine {@value #NAME} (alias {@value #ALIAS}): what QEMU 7.2's pc_q35_init builds without options. PCI
 * Express root bus "pcie.0": "mch" at 00.0, "ICH9-LPC" at 1f.0 (multifunction, makes "isa.0", holds the ICH9 power
 * management), "ich9-ahci" at 1f.2 (sata), "ICH9-SMB" at 1f.3 (smbus, with eight "smbus-eeprom" on "i2c"), with
 * usb=on "ich9-usb-ehci1" at 1d.7 and "ich9-usb-uhci1..3" at 1d.0..2, then "VGA" (01.0) and "e1000e" (02.0) on the
 * next free slots. ISA: two "isa-i8259", "mc146818rtc", "isa-pit" and "isa-pcspk", "i8042", "vmport" and "vmmouse",
 * "port92"; no floppy controller (QEMU's q35 has no_floppy). System bus: "q35-pcihost", "fw_cfg_io", "ioapic", "hpet".
 *
 * <h2>Interrupt wiring contract (device bundles must provide these GPIO names)</h2>
 * <ul>
 * <li>ICH9-LPC routes the board's 24 global system interrupts (QEMU's GSI lines): inputs {@code "gsi"[0..23]} (ISA
 *     IRQ n is GSI n), outputs {@code "isa-irq"[0..15]} to the 8259 pair and {@code "ioapic-irq"[0..23]} to the
 *     IOAPIC, every GSI below 16 going to both (QEMU's gsi_handler). Its PIRQ routing (PIRQA..H to ISA IRQs or GSI
 *     16..23), its SCI (GSI 9 by default) and its i8257 DMA controllers are internal to it; its SMI leaves on
 *     output {@code "smi-irq"[0]}.</li>
 * <li>ISA devices drive their interrupts on the unnamed output array {@code ""}: index 0, except i8042 (0 = keyboard,
 *     IRQ 1; 1 = mouse, IRQ 12). "isa-i8259" and "ioapic" take their pins on the unnamed input array; the slave's
 *     output 0 drives master pin 2; the master's output 0 is the CPU interrupt.</li>
 * <li>"hpet": {@link SysBusDevice#IRQ}{@code [0..23]} to the GSIs; unnamed inputs 0 and 1 take the PIT and RTC
 *     interrupts (passed on unless the HPET is in legacy replacement mode); unnamed output 0 is the "PIT
 *     enabled" line to the PIT's unnamed input 0 (high, and low in legacy replacement mode; QEMU's pit_irq_control).</li>
 * <li>x86 CPUs (type "&lt;model&gt;-x86_64-cpu"): inputs {@code "intr"[0]} (INTR / LAPIC LINT0; every CPU gets the
 *     PIC output), {@code "smi"[0]}, {@code "a20"[0..1]} (0 from i8042, 1 from port92, QEMU's "a20" outputs; the
 *     last change wins); output {@code "ferr"[0]} (FPU error, to GSI 13).</li>
 * </ul>
 *
 * <h2>Not described here</h2>
 * RAM: "pc.ram" mapped through "ram-below-4g"/"ram-above-4g" aliases ({@link PcRamSplit}, a BEFORE_DEVICES hook);
 * the host bridge gets the split (below/above-4g-mem-size) and the RAM from {@link #configureHost}, the PCI memory of
 * "pcie.0" goes under system memory and "mch" lays its PAM, SMRAM and TSEG windows and the MMCONFIG window over it;
 * the BIOS and the option ROM area go into PCI memory once the devices exist ({@link PcFirmware}). The rest of the
 * memory map (the IOAPIC at 0xfec00000, HPET at 0xfed00000, fw_cfg ports 0x510/0x514, ports 0x80/0xf0) and fw_cfg
 * contents come with the devices that own those regions. Serial ports: one
 * "isa-serial" per port the command line gave a chardev (index n: 0x3f8/IRQ 4, 0x2f8/IRQ 3, 0x3e8/IRQ 4,
 * 0x2e8/IRQ 3), created by a hook and wired to "gsi"; parallel ports (-parallel) are not supported yet. Drives (-drive, the default CD-ROM on the AHCI, floppies, which would add an "isa-fdc") belong to the
 * storage issue; the NIC's backend to the network one. ICH9's negotiated SMI broadcast reaches the boot CPU only.
 * KVM-only devices (kvmvapic, kvmclock, in-kernel irqchip) and the pflash devices are left out.
 */
@Component(service = ModuleInit.class)
public final class PcQ35Machine implements ModuleInit {

    static final String NAME = "pc-q35-7.2";
    static final String ALIAS = "q35";
    static final String DESCRIPTION = "Standard PC (Q35 + ICH9, 2009)";
    static final String CPU_BASE = "x86_64-cpu";
    static final int MAX_CPUS = 288;
    static final long DEFAULT_RAM = 128L << 20;
    /** QEMU's default_ram_id for PCs. */
    static final String RAM_NAME = "pc.ram";

    static final String SYSBUS = "main-system-bus";
    static final String PCI = "pcie.0";
    static final String ISA = "isa.0";
    /** The south bridge device, router of the GSI lines. */
    static final String SB = "lpc";
    static final int GSI_PINS = 24;
    static final int ISA_IRQS = 16;

    /** vmport and its mouse exist only with the i8042 (and vmport not off), so a hook creates them. */
    static final DeviceSpec VMPORT = isa("vmport0", "vmport");
    static final DeviceSpec VMMOUSE = isa("vmmouse", "vmmouse").with("i8042", "/machine/kbc");

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
                .device(DeviceSpec.of("q35", "q35-pcihost").on(SYSBUS).configuredBy(PcQ35Machine::configureHost))
                .device(pci("mch", "mch", "00.0"))
                .device(pci(SB, "ICH9-LPC", "1f.0").with("multifunction", "on").with("smm-enabled", "on"))
                .device(isa("pic-master", "isa-i8259").with("iobase", "0x20").with("elcr_addr", "0x4d0")
                        .with("elcr_mask", "0xf8").with("master", "on"))
                .device(isa("pic-slave", "isa-i8259").with("iobase", "0xa0").with("elcr_addr", "0x4d1")
                        .with("elcr_mask", "0xde").with("master", "off"))
                .device(DeviceSpec.of("ioapic", "ioapic").on(SYSBUS))
                .device(DeviceSpec.of("hpet0", "hpet").on(SYSBUS).with("hpet-intcap", "0xff0104").onlyIf("hpet"))
                .device(isa("rtc", "mc146818rtc").with("base_year", 2000))
                .device(isa("pit0", "isa-pit").with("iobase", "0x40").onlyIf("pit"))
                .device(isa("pcspk", "isa-pcspk").with("pit", "/machine/pit0").onlyIf("pit"))
                .device(isa("kbc", "i8042").onlyIf("i8042"))
                .device(isa("port92", "port92").onlyIf("i8042"))
                .device(pci("ahci", "ich9-ahci", "1f.2").with("multifunction", "on").onlyIf("sata"))
                .device(pci("ehci", "ich9-usb-ehci1", "1d.7").with("multifunction", "on").onlyIf("usb"));
        for (int i = 0; i < 3; i++) {
            b.device(pci("uhci" + (i + 1), "ich9-usb-uhci" + (i + 1), "1d." + i).with("multifunction", "on")
                    .with("masterbus", "usb-bus.0").with("firstport", 2 * i).onlyIf("usb"));
        }
        b.device(pci("smb", "ICH9-SMB", "1f.3").with("multifunction", "on").onlyIf("smbus"));
        for (int i = 0; i < 8; i++) {
            b.device(DeviceSpec.of("smbus-eeprom" + i, "smbus-eeprom").on("i2c").with("address", 0x50 + i).onlyIf("smbus"));
        }
        b.device(DeviceSpec.of("vga", "VGA").on(PCI).onlyIf("default-vga"))
                .device(DeviceSpec.of("nic", "e1000e").on(PCI).onlyIf("default-nic"));
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
        return b.hook(Stage.BEFORE_DEVICES, PcRamSplit::layOutRam)
                .hook(Stage.AFTER_DEVICES, PcFirmware::map)
                .hook(Stage.AFTER_DEVICES, PcQ35Machine::createSerialPorts)
                .hook(Stage.AFTER_DEVICES, PcQ35Machine::createVmport)
                .hook(Stage.AFTER_DEVICES, PcQ35Machine::connectCpus)
                .build();
    }

    /**
     * What QEMU's pc_q35_init hands the Q35 host before realize: the RAM split (as its below/above-4g-mem-size) and
     * the RAM itself, from which the "mch" function builds its PAM, SMRAM and TSEG windows; and the memory address
     * space, which PCI bus masters reach.
     */
    static void configureHost(BoardContext ctx, Device host) {
        Machine m = ctx.machine();
        host.setProperty("below-4g-mem-size", m.ramBelow4g());
        host.setProperty("above-4g-mem-size", m.ramAbove4g());
        ((Q35PciHost) host).attachMemory(m.ram(), m.memory());
    }

    /** The ISA UARTs of the standard COM ports: base address and IRQ by port index (QEMU's isa-serial defaults). */
    static final int[] COM_IOBASE = {0x3f8, 0x2f8, 0x3e8, 0x2e8};
    static final int[] COM_IRQ = {4, 3, 4, 3};

    /** One "isa-serial" per serial port the command line gave a chardev (QEMU's serial_hds_isa_init). */
    static void createSerialPorts(BoardContext ctx) {
        for (int i = 0; i < COM_IOBASE.length; i++) {
            String chardev = ctx.config().serial(i).orElse(null);
            if (chardev == null) continue;
            String name = "serial" + i;
            ctx.createDevice(isa(name, "isa-serial").with("index", i).with("iobase", COM_IOBASE[i])
                    .with("irq", COM_IRQ[i]).with("chardev", chardev));
            ctx.wire(new Wire(name, "", 0, SB, "gsi", COM_IRQ[i]));
        }
    }

    /** QEMU creates vmport (and vmmouse, linked to the i8042) unless vmport=off, and only when the i8042 exists. */
    static void createVmport(BoardContext ctx) {
        Machine m = ctx.machine();
        if ("off".equals(m.getString("vmport")) || !m.getBool("i8042")) return;
        ctx.createDevice(VMPORT);
        ctx.createDevice(VMMOUSE);
    }

    /** The CPU's link to the controller that answers its interrupt acknowledge cycle. */
    static final String CPU_INTERRUPT_CONTROLLER = "interrupt-controller";
    /** The CPU's link to the I/O APIC its local APIC's EOI broadcasts reach. */
    static final String CPU_EOI_RECEIVER = "eoi-receiver";

    /**
     * The lines to the CPUs, which the definition cannot name because the runtime creates the CPUs: the PIC output to
     * every CPU's "intr" (QEMU's pic_irq_request) and the PIC as every CPU's "interrupt-controller" (INTA) and the
     * IOAPIC as its "eoi-receiver", A20 from i8042 and port92, SMI from ICH9-LPC (both to the boot CPU, as QEMU's
     * first_cpu), and the boot CPU's FPU error to GSI 13.
     */
    static void connectCpus(BoardContext ctx) {
        Machine m = ctx.machine();
        List<Device> cpus = m.allDevices().stream().filter(d -> d.isA(CPU_BASE)).toList();
        if (cpus.isEmpty()) return;
        Device boot = cpus.getFirst();
        List<IrqLine> intr = cpus.stream().map(c -> c.gpioIn("intr", 0)).toList();
        Device pic = ctx.device("pic-master");
        pic.connectGpioOut("", 0, level -> intr.forEach(l -> l.set(level)));
        for (Device cpu : cpus) cpu.setProperty(CPU_INTERRUPT_CONTROLLER, pic);
        if (m.child("ioapic").isPresent()) {
            for (Device cpu : cpus) cpu.setProperty(CPU_EOI_RECEIVER, ctx.device("ioapic"));
        }
        if (m.child("kbc").isPresent()) {
            ctx.device("kbc").connectGpioOut("a20", 0, boot.gpioIn("a20", 0));
            ctx.device("port92").connectGpioOut("a20", 0, boot.gpioIn("a20", 1));
        }
        ctx.device(SB).connectGpioOut("smi-irq", 0, boot.gpioIn("smi", 0));
        boot.connectGpioOut("ferr", 0, ctx.device(SB).gpioIn("gsi", 13));
    }

    /** The x86/pc machine properties this board uses, with QEMU 7.2's defaults, plus two the runtime sets. */
    static void declareProperties(TypeClass c) {
        c.set(Machine.LOADS_FIRMWARE, true);
        String[] onOffAuto = {"on", "off", "auto"};
        c.property(PropertyDef.enumeration("acpi", onOffAuto).defaultValue("auto")
                .description("Enable ACPI (q35 keeps its ICH9 power management; off drops the ACPI tables)"));
        c.property(PropertyDef.enumeration("smm", onOffAuto).defaultValue("auto")
                .description("Enable SMM (ICH9-LPC is built with smm-enabled=on, what auto gives without KVM)"));
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
        c.property(PropertyDef.bool("default-nic").defaultValue(true)
                .description("jemu: create the default NIC (the runtime turns it off for -nic none, -net none, -nodefaults)"));
    }

    private static DeviceSpec isa(String name, String type) {
        return DeviceSpec.of(name, type).on(ISA);
    }

    private static DeviceSpec pci(String name, String type, String addr) {
        return DeviceSpec.of(name, type).on(PCI).with("addr", addr);
    }
}
