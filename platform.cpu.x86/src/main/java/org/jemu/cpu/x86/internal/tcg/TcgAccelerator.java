package org.jemu.cpu.x86.internal.tcg;

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
        return new AcceleratorVm() {
            @Override
            public Vcpu createVcpu(int index, CpuArchState initial) throws AcceleratorException {
                if (initial != null && !(initial instanceof X86ArchState)) {
                    throw new AcceleratorException("tcg: cannot import " + initial.architecture() + " CPU state");
                }
                X86CpuDevice device = index < cpus.size() ? (X86CpuDevice) cpus.get(index) : null;
                TcgVcpu v = new TcgVcpu(index, spec, device);
                if (initial != null) v.importState(initial);
                return v;
            }

            @Override
            public void close() {
            }
        };
    }
}
