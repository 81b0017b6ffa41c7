package org.jemu.core.qom;

/** A type name that is not (or no longer) registered. */
public class TypeNotFoundException extends QomException {
    private static final long serialVersionUID = 1L;
    private final String typeName;

    public TypeNotFoundException(String typeName, String context) {
        super(context == null ? "type '" + typeName + "' is not registered"
                : context + ": type '" + typeName + "' is not registered");
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }
}
