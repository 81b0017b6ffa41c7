package org.jemu.core.qdev;

import org.jemu.core.qom.QomException;

/** A device could not be realized (or plugged). The message names the device and the cause. */
public class RealizeException extends QomException {
    private static final long serialVersionUID = 1L;

    public RealizeException(String message) {
        super(message);
    }

    public RealizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
