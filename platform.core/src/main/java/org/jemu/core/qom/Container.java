package org.jemu.core.qom;

/** A plain object that only groups children in the composition tree ("/machine/unattached", "/objects"). */
public class Container extends QomObject {
    public Container(ObjectType type) {
        super(type);
    }
}
