package org.jemu.core.qom;

/** A property could not be found, read or set. The message names the object, the property and the reason. */
public class PropertyException extends QomException {
    private static final long serialVersionUID = 1L;
    private final String property;

    public PropertyException(String objectDescription, String property, String reason) {
        super(objectDescription + ": property '" + property + "': " + reason);
        this.property = property;
    }

    /** The property's name. */
    public String property() {
        return property;
    }
}
