package org.jemu.core.accel;

import org.osgi.annotation.versioning.ConsumerType;

/** A VM inside an accelerator: owns the vCPUs. */
@ConsumerType
public interface AcceleratorVm extends AutoCloseable {

    /** Creates vCPU {@code index} (0-based) with an initial state, or the architecture's reset state when null. */
    Vcpu createVcpu(int index, CpuArchState initial) throws AcceleratorException;

    @Override
    void close();
}
