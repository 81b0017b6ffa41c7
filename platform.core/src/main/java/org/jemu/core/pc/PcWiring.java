package org.jemu.core.pc;

import java.util.List;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.Wire;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.RealizeException;

/**
 * The board code QEMU's pc.c shares between its PC machines, for the devices a definition cannot list or lines it
 * cannot name: one "isa-serial" per -serial port, vmport and vmmouse, and the lines to the CPUs (which the runtime
 * creates). The device names are the pc boards': "pic-master" (the CPU interrupt and INTA), "ioapic", "kbc" and
 * "port92" (A20), vmmouse linked to "/machine/kbc".
 */
public final class PcWiring {

    /** The ISA UARTs of the standard COM ports: base address and IRQ by port index (QEMU's isa-serial defaults). */
    public static final int[] COM_IOBASE = {0x3f8, 0x2f8, 0x3e8, 0x2e8};
    public static final int[] COM_IRQ = {4, 3, 4, 3};
    /** The names of the vmport device and its mouse (children of /machine). */
    public static final String VMPORT = "vmport0";
    public static final String VMMOUSE = "vmmouse";
    /** The CPU's link to the controller that answers its interrupt acknowledge cycle. */
    public static final String CPU_INTERRUPT_CONTROLLER = "interrupt-controller";
    /** The CPU's link to the I/O APIC its local APIC's EOI broadcasts reach. */
    public static final String CPU_EOI_RECEIVER = "eoi-receiver";

    private PcWiring() {
    }

    /**
     * One "isa-serial" on {@code isaBus} per serial port the command line gave a chardev (QEMU's
     * serial_hds_isa_init), its interrupt wired to input "gsi"[irq] of {@code router}.
     */
    public static void createSerialPorts(BoardContext ctx, String isaBus, String router) {
        for (int i = 0; i < COM_IOBASE.length; i++) {
            String chardev = ctx.config().serial(i).orElse(null);
            if (chardev == null) continue;
            String name = "serial" + i;
            ctx.createDevice(DeviceSpec.of(name, "isa-serial").on(isaBus).with("index", i).with("iobase", COM_IOBASE[i])
                    .with("irq", COM_IRQ[i]).with("chardev", chardev));
            ctx.wire(new Wire(name, "", 0, router, "gsi", COM_IRQ[i]));
        }
    }

    /** QEMU creates vmport (and vmmouse, linked to the i8042) unless vmport=off, and only when the i8042 exists. */
    public static void createVmport(BoardContext ctx, String isaBus) {
        Machine m = ctx.machine();
        if ("off".equals(m.getString("vmport")) || !m.getBool("i8042")) return;
        ctx.createDevice(DeviceSpec.of(VMPORT, "vmport").on(isaBus));
        ctx.createDevice(DeviceSpec.of(VMMOUSE, "vmmouse").on(isaBus).with("i8042", "/machine/kbc"));
    }

    /**
     * The lines to the CPUs of type {@code cpuBase}: the PIC output to every CPU's "intr" (QEMU's pic_irq_request),
     * the PIC as every CPU's "interrupt-controller" (INTA) and the IOAPIC as its "eoi-receiver"; A20 from i8042
     * ("a20"[0]) and port92 ("a20"[1]); SMI ("smi-irq"[0] of {@code smiSource}, if that device exists) to the boot CPU,
     * as QEMU's first_cpu; and the boot CPU's FPU error to "gsi"[13] of {@code router}.
     */
    public static void connectCpus(BoardContext ctx, String cpuBase, String router, String smiSource) {
        Machine m = ctx.machine();
        List<Device> cpus = m.allDevices().stream().filter(d -> d.isA(cpuBase)).toList();
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
        if (m.child(smiSource).isPresent()) ctx.device(smiSource).connectGpioOut("smi-irq", 0, boot.gpioIn("smi", 0));
        boot.connectGpioOut("ferr", 0, ctx.device(router).gpioIn("gsi", 13));
    }

    /**
     * A configurer for the power management device that would model SMM (PIIX4_PM, ICH9-LPC): its smm-enabled from
     * the machine's "smm". QEMU resolves auto to on when the accelerator models SMM; jemu's CPU does not, so auto is
     * off and on is refused (firmware would wait forever for an SMI handler).
     *
     * @throws RealizeException for smm=on
     */
    public static void configureSmm(BoardContext ctx, Device pm) {
        if ("on".equals(ctx.machine().getString("smm"))) {
            throw new RealizeException(pm.describe() + ": smm=on is not supported: jemu's x86 CPU does not model"
                    + " System Management Mode (use smm=off or auto)");
        }
        pm.setProperty("smm-enabled", false);
    }
}
