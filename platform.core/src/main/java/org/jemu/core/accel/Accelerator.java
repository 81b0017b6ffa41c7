package org.jemu.core.accel;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An accelerator (QEMU's AccelClass): what runs guest code. Implemented by the object of a QOM type descending from
 * {@value #TYPE} named {@code <name>-accel}, like QEMU's "tcg-accel" and "kvm-accel". Accelerator → VM → vCPU.
 */
@ConsumerType
public interface Accelerator {

    /** The abstract parent type of accelerators. */
    String TYPE = "accel";
    String TYPE_SUFFIX = "-accel";

    /** The -accel name ("tcg", "kvm"). */
    String accelName();

    /** Null when the accelerator can run here, else why not (e.g. "/dev/kvm: No such file or directory"). */
    String unavailableReason();

    /** Creates a VM for a machine: its vCPU count and memory. */
    AcceleratorVm createVm(VmSpec spec) throws AcceleratorException;
}
