package org.jemu.cpu.x86.internal.tcg;

import org.jemu.cpu.x86.internal.apic.ApicBus;
import org.jemu.cpu.x86.internal.apic.ApicClock;
import org.jemu.cpu.x86.internal.apic.LocalApic;

import org.jemu.core.accel.AcceleratorException;
import org.jemu.core.accel.CpuArchState;
import org.jemu.core.accel.Vcpu;
import org.jemu.core.accel.VcpuExit;
import org.jemu.core.accel.VmSpec;
import org.jemu.core.event.GlobalLock;
import org.jemu.cpu.x86.X86ArchState;
import org.jemu.cpu.x86.internal.X86CpuDevice;
import org.jemu.cpu.x86.internal.exec.X86Core;

/** One vCPU of the software CPU: runs instruction slices under the global lock and maps the core's exits. */
final class TcgVcpu implements Vcpu, X86CpuDevice.Pins {

    /** Instructions per slice: long enough to amortise the lock, short enough to see pause/stop requests promptly. */
    static final long SLICE = 200_000;

    private final int index;
    private final long slice;
    private final X86Core core;
    private final GlobalLock lock;
    private final X86CpuDevice device;
    private volatile Runnable wakeup = () -> { };

    TcgVcpu(int index, VmSpec spec, X86CpuDevice device) {
        this(index, spec, device, null, SLICE);
    }

    TcgVcpu(int index, VmSpec spec, X86CpuDevice device, ApicBus apics) {
        this(index, spec, device, apics, SLICE);
    }

    TcgVcpu(int index, VmSpec spec, X86CpuDevice device, long slice) {
        this(index, spec, device, null, slice);
    }

    /** With {@code apics} and a CPU device, the vCPU gets a local APIC on that bus (APIC ID = its index). */
    TcgVcpu(int index, VmSpec spec, X86CpuDevice device, ApicBus apics, long slice) {
        this.index = index;
        this.slice = slice;
        this.core = new X86Core(spec.memory(), spec.io());
        core.setInitialApicId(index);
        this.lock = spec.globalLock();
        this.device = device;
        if (device != null) {
            core.setInterruptAck(device::acknowledgeInterrupt);
            core.setClock(device::virtualNowNs);
            core.setFerrLine(device::setFerr);
            if (apics != null) {
                LocalApic apic = new LocalApic(apics, ApicClock.virtual(device.systemControl(), core::tsc), index,
                        index == 0);
                apic.setPic(device::acknowledgeInterrupt);
                apic.setWakeup(() -> {
                    core.apicChanged();
                    wakeup.run();
                });
                apics.add(apic);
                core.setApic(apic);
            }
            device.attach(this);
        }
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public VcpuExit run() {
        X86Core.Exit exit;
        LocalApic apic = core.apic();
        if (apic != null) apic.bus().runningOn(apic);
        try (var held = lock.acquire()) {
            exit = core.run(slice);
        }
        return switch (exit) {
            case HALT -> VcpuExit.HALTED;
            case TRIPLE_FAULT -> new VcpuExit.ResetRequest("triple fault: " + core.exitDetail());
            case UNSUPPORTED -> new VcpuExit.InternalError("tcg: " + core.exitDetail());
            default -> VcpuExit.KICKED;
        };
    }

    @Override
    public void kick() {
        core.requestExit();
    }

    @Override
    public void setWakeup(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    @Override
    public CpuArchState exportState() {
        return core.exportState();
    }

    @Override
    public void importState(CpuArchState state) throws AcceleratorException {
        if (!(state instanceof X86ArchState s)) throw new AcceleratorException("tcg: not an x86 CPU state");
        core.importState(s);
    }

    @Override
    public void close() {
        if (device != null) device.attach(null);
        LocalApic apic = core.apic();
        if (apic != null) {
            apic.bus().remove(apic);
            apic.dispose();
        }
    }

    // ---- the board's lines ----------------------------------------------------------------------------------------

    @Override
    public void intr(boolean level) {
        LocalApic apic = core.apic();
        if (apic != null) {
            apic.setLint0(level); // the APIC wakes the core when the interrupt becomes deliverable
            return;
        }
        core.setIntr(level);
        if (level) {
            core.requestExit();
            wakeup.run();
        }
    }

    @Override
    public void nmi() {
        core.raiseNmi();
        core.requestExit();
        wakeup.run();
    }

    @Override
    public void a20(boolean enabled) {
        core.setA20(enabled);
    }

    @Override
    public void reset() {
        core.reset();
        LocalApic apic = core.apic();
        if (apic != null) apic.reset();
    }
}
