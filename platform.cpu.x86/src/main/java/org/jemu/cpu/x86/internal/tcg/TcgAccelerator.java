package org.jemu.cpu.x86.internal.tcg;

import org.jemu.core.qdev.EoiReceiver;
import org.jemu.cpu.x86.internal.apic.ApicBus;
import org.jemu.memory.MemoryRegion;

import java.util.List;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.accel.AcceleratorException;
import org.jemu.core.accel.AcceleratorVm;
import org.jemu.core.accel.CpuArchState;
import org.jemu.core.accel.Vcpu;
import org.jemu.core.accel.VmSpec;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;
import org.jemu.cpu.x86.X86ArchState;
import org.jemu.cpu.x86.internal.X86CpuDevice;

/**
 * {@code -accel tcg}: jemu's own x86 CPU (the interpreter in {@code internal.exec}) behind the accelerator SPI.
 * Guest code runs in slices while holding the global lock, as QEMU's single-threaded TCG does, so device models
 * see one thread at a time; the lock is released between slices.
 */
public final class TcgAccelerator extends QomObject implements Accelerator {

    public static final String NAME = "tcg";

    public TcgAccelerator(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(NAME + TYPE_SUFFIX).parent(TYPE).factory(TcgAccelerator::new)
                .description("jemu's software x86 CPU").build();
    }

    @Override
    public String accelName() {
        return NAME;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public AcceleratorVm createVm(VmSpec spec) throws AcceleratorException {
        List<Device> cpus = spec.cpuDevices();
        for (Device d : cpus) {
            if (!(d instanceof X86CpuDevice)) {
                throw new AcceleratorException("tcg: CPU " + d.describe() + " is not an x86-64 CPU");
            }
        }
        // one APIC bus per VM: the "apic-msi" window at 0xfee00000 (CPU accesses reach the running CPU's local APIC,
        // device writes are MSIs) and the EOI broadcast to the I/O APICs the board linked to the CPUs
        ApicBus apics = new ApicBus();
        MemoryRegion root = spec.memory().root();
        spec.memorySystem().begin();
        try {
            root.addSubregionOverlap(ApicBus.MMIO_BASE, apics.region(), ApicBus.MMIO_PRIORITY);
        } finally {
            spec.memorySystem().commit();
        }
        java.util.Set<EoiReceiver> receivers = new java.util.LinkedHashSet<>();
        for (Device d : cpus) {
            EoiReceiver r = ((X86CpuDevice) d).eoiReceiver();
            if (r != null) receivers.add(r);
        }
        for (EoiReceiver r : receivers) apics.addEoiListener(r::eoiBroadcast);
        return new AcceleratorVm() {
            @Override
            public Vcpu createVcpu(int index, CpuArchState initial) throws AcceleratorException {
                if (initial != null && !(initial instanceof X86ArchState)) {
                    throw new AcceleratorException("tcg: cannot import " + initial.architecture() + " CPU state");
                }
                X86CpuDevice device = index < cpus.size() ? (X86CpuDevice) cpus.get(index) : null;
                TcgVcpu v = new TcgVcpu(index, spec, device, apics);
                if (initial != null) v.importState(initial);
                return v;
            }

            @Override
            public void close() {
                spec.memorySystem().begin();
                try {
                    root.removeSubregion(apics.region());
                } finally {
                    spec.memorySystem().commit();
                }
            }
        };
    }
}
