package org.jemu.core.chardev;

import java.io.Serial;

/** A character device cannot be created or configured as asked. */
public class ChardevException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String chardevId;
    private final String option;
    private final String reason;

    /**
     * @param chardevId the chardev id
     * @param option    the offending option (or "backend"), null if none in particular
     * @param reason    what is wrong
     * @param cause     an underlying error, or null
     */
    public ChardevException(String chardevId, String option, String reason, Throwable cause) {
        super("chardev '" + chardevId + "'" + (option == null ? "" : ": option '" + option + "'") + ": " + reason,
                cause);
        this.chardevId = chardevId;
        this.option = option;
        this.reason = reason;
    }

    /**
     * @param chardevId the chardev id
     * @param option    the offending option, null if none in particular
     * @param reason    what is wrong
     */
    public ChardevException(String chardevId, String option, String reason) {
        this(chardevId, option, reason, null);
    }

    /** @return the chardev id */
    public String chardevId() {
        return chardevId;
    }

    /** @return the offending option, or null */
    public String option() {
        return option;
    }

    /** @return what is wrong */
    public String reason() {
        return reason;
    }
}
