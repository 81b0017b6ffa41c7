package org.jemu.cpu.x86.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.EoiReceiver;
import org.jemu.core.qdev.InterruptController;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;

/**
 * An x86-64 CPU as a device (QEMU's X86CPU): the board wires its inputs — {@code "intr"[0]} (INTR, from the PIC),
 * {@code "nmi"[0]}, {@code "smi"[0]}, {@code "a20"[0..1]} (A20 gate from the keyboard controller and port 92) — and
 * its output {@code "ferr"[0]}. The accelerator running this CPU listens to the inputs through {@link Pins}.
 */
public final class X86CpuDevice extends Device {

    /** The abstract base of all x86-64 CPU models (boards name it as their CPU family). */
    public static final String BASE = "x86_64-cpu";
    public static final String SUFFIX = "-" + BASE;

    /** The link property naming the device that answers the INTA cycle (an {@link InterruptController}). */
    public static final String INTERRUPT_CONTROLLER = "interrupt-controller";

    /** The link property naming the I/O APIC that takes EOI broadcasts (an {@link EoiReceiver}). */
    public static final String EOI_RECEIVER = "eoi-receiver";

    /** What the accelerator does when an input changes. */
    public interface Pins {
        void intr(boolean level);

        void nmi();

        void a20(boolean enabled);

        /** A machine reset reached the CPU: back to the power-on state (vCPUs are paused meanwhile). */
        void reset();
    }

    private volatile Pins pins;
    private final org.jemu.core.qdev.IrqLine ferr;
    private volatile boolean intr;
    private final boolean[] a20 = {true, true};

    public X86CpuDevice(ObjectType type) {
        super(type);
        defineGpioIn("intr", 1, (n, level) -> {
            intr = level;
            Pins p = pins;
            if (p != null) p.intr(level);
        });
        defineGpioIn("nmi", 1, (n, level) -> {
            Pins p = pins;
            if (level && p != null) p.nmi();
        });
        defineGpioIn("smi", 1, (n, level) -> {
            // SMM is not modelled (QEMU's TCG pc machines run SeaBIOS without it when smm is off): ignored
        });
        defineGpioIn("a20", 2, (n, level) -> {
            a20[n] = level;
            Pins p = pins;
            if (p != null) p.a20(a20[0] || a20[1]);
        });
        ferr = defineGpioOut("ferr", 1)[0];
    }

    public static TypeInfo baseType() {
        return TypeInfo.builder(BASE).parent(TYPE).abstractType().description("x86-64 CPU")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.CPU).set(USER_CREATABLE, false)
                        .property(PropertyDef.uint32("apic-id").defaultValue(0).description("the CPU's APIC ID"))
                        .property(PropertyDef.link(INTERRUPT_CONTROLLER, TYPE).settableAfterRealize()
                                .description("the interrupt controller whose output drives INTR and which answers"
                                        + " its acknowledge cycle (the 8259 master on PCs)"))
                        .property(PropertyDef.link(EOI_RECEIVER, TYPE).settableAfterRealize()
                                .description("the I/O APIC that receives the local APIC's end-of-interrupt broadcasts")))
                .build();
    }

    /** A CPU model: {@code qemu64}, {@code max}... (its CPUID leaves are the accelerator's, from what it implements). */
    public static TypeInfo model(String model, String description) {
        return TypeInfo.builder(model + SUFFIX).parent(BASE).factory(X86CpuDevice::new).description(description).build();
    }

    @Override
    public void resetHold(org.jemu.core.qdev.ResetType type) {
        Pins p = pins;
        if (p != null) p.reset();
    }

    /**
     * The INTA cycle: the vector the linked interrupt controller answers, or -1 when no controller is linked (or the
     * linked device is not one).
     */
    public int acknowledgeInterrupt() {
        Object target = getLink(INTERRUPT_CONTROLLER, Object.class);
        return target instanceof InterruptController ic ? ic.acknowledge() : -1;
    }

    /** The linked I/O APIC, or null when none is linked (or the linked device is not one). */
    public EoiReceiver eoiReceiver() {
        Object target = getLink(EOI_RECEIVER, Object.class);
        return target instanceof EoiReceiver r ? r : null;
    }

    /** The system handle of this CPU (timers and clocks for its local APIC). */
    public org.jemu.core.qdev.SystemControl systemControl() {
        return system();
    }

    /** Drives the "ferr" output (FPU error with CR0.NE clear; the board wires it to IRQ 13). */
    public void setFerr(boolean level) {
        ferr.set(level);
    }

    /** The machine's virtual clock in ns (what the CPU's time-stamp counter counts). */
    public long virtualNowNs() {
        return system().nowNs(org.jemu.core.event.ClockType.VIRTUAL);
    }

    /** Connects the accelerator; the current INTR level is delivered at once. */
    public void attach(Pins accelerator) {
        this.pins = accelerator;
        if (accelerator != null) {
            accelerator.intr(intr);
            accelerator.a20(a20[0] || a20[1]);
        }
    }
}
