package org.jemu.core.qom;

/** Base of every error the type registry and object model report. Messages name the object or type and the cause. */
public class QomException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QomException(String message) {
        super(message);
    }

    public QomException(String message, Throwable cause) {
        super(message, cause);
    }
}
