package org.jemu.core.chardev;

import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;

/**
 * A character device in the composition tree, at {@code /chardevs/<id>} as in QEMU. Devices reach their backend
 * through a link property declared with {@link #linkProperty}, set from text as the chardev id
 * ({@code -device isa-serial,chardev=serial0}).
 */
public final class ChardevObject extends QomObject {

    /** The QOM type of chardev objects. */
    public static final String TYPE = "chardev";
    /** Where the runtime keeps them. */
    public static final String CONTAINER = "/chardevs";

    private Chardev chardev;

    public ChardevObject(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).factory(ChardevObject::new).description("a character device backend")
                .classInit(c -> c.property(PropertyDef.string("backend").description("the backend type")
                        .accessor(o -> ((ChardevObject) o).chardev == null ? "" : ((ChardevObject) o).chardev.backend(), null)))
                .build();
    }

    /** The property a device declares for its backend: a link that takes a chardev id. */
    public static PropertyDef.Builder linkProperty(String name) {
        return PropertyDef.link(name, TYPE).resolvingUnder(CONTAINER).description("ID of a chardev to use as a backend");
    }

    /** Set once by the runtime when it opens the backend. */
    public void bind(Chardev backend) {
        if (chardev != null) throw new IllegalStateException("chardev object already bound");
        this.chardev = backend;
    }

    public Chardev chardev() {
        return chardev;
    }
}
