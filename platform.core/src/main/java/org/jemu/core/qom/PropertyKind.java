package org.jemu.core.qom;

/** The value kinds a property can have, with QOM's type names. */
public enum PropertyKind {
    /** on/off; accepts on|off|yes|no|true|false. Value: {@link Boolean}. */
    BOOL("bool"),
    /** A signed integer within a declared range. Value: {@link Long}. */
    INT("int"),
    /** An unsigned 64-bit integer (stored in a {@code long}, compared unsigned). Value: {@link Long}. */
    UINT64("uint64"),
    /** A byte count, written with optional K/M/G/T/P/E suffixes (powers of 1024). Value: {@link Long}, unsigned. */
    SIZE("size"),
    /** Free text. Value: {@link String}. */
    STRING("str"),
    /** One of a declared set of names. Value: {@link String}. */
    ENUM("enum"),
    /** A reference to another object in the composition tree, of a declared type. Value: {@link QomObject}. */
    LINK("link"),
    /** An object owned by this one in the composition tree. Read-only through the property interface. */
    CHILD("child");

    private final String qomName;

    PropertyKind(String qomName) {
        this.qomName = qomName;
    }

    /** The name QOM introspection shows (qom-list), e.g. "bool", "uint64", "link". */
    public String qomName() {
        return qomName;
    }
}
