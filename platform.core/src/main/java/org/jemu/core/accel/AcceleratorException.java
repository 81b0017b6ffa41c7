package org.jemu.core.accel;

/** An accelerator could not create or run a VM or vCPU; the message names the accelerator and the cause. */
public class AcceleratorException extends Exception {
    private static final long serialVersionUID = 1L;

    public AcceleratorException(String message) {
        super(message);
    }

    public AcceleratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
