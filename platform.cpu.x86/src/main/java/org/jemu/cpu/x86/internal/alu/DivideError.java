package org.jemu.cpu.x86.internal.alu;

/**
 * Signals the divide-error exception (#DE, vector 0) raised by DIV, IDIV and AAM: a zero divisor or a quotient that does not
 * fit the destination. The CPU catches it and delivers #DE; no stack trace is captured.
 */
public final class DivideError extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a short reason such as {@code "divide by zero"}. */
    public DivideError(String reason) {
        super(reason, null, false, false);
    }
}
