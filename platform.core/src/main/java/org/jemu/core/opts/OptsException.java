package org.jemu.core.opts;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A malformed option string or a value that does not convert. The message always names the option
 * (its label, e.g. {@code -chardev socket}) and, where there is one, the offending key.
 */
@ProviderType
public final class OptsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String label;
    private final String key;

    private OptsException(String label, String key, String message) {
        super(message);
        this.label = label;
        this.key = key;
    }

    /** An error about one parameter: {@code LABEL: parameter 'KEY': REASON}. */
    public static OptsException of(String label, String key, String reason) {
        return new OptsException(label, key, label + ": parameter '" + key + "': " + reason);
    }

    /** An error about the option as a whole: {@code LABEL: REASON}. */
    public static OptsException general(String label, String reason) {
        return new OptsException(label, null, label + ": " + reason);
    }

    /** A key the option does not know: {@code LABEL: invalid parameter 'KEY'}. */
    public static OptsException unknownKey(String label, String key) {
        return new OptsException(label, key, label + ": invalid parameter '" + key + "'");
    }

    /** The option as the user knows it, e.g. {@code -machine} or {@code -chardev socket}. */
    public String label() {
        return label;
    }

    /** The offending key, if the error is about one. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
