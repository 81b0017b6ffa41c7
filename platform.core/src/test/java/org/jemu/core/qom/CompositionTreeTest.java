package org.jemu.core.qom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.junit.jupiter.api.Test;

class CompositionTreeTest {

    private final TypeRegistryImpl registry = new TypeRegistryImpl();

    private QomObject container() {
        return registry.create(TypeRegistry.CONTAINER);
    }

    @Test
    void canonicalPathsFollowTheTree() {
        QomObject root = container();
        root.makeRoot();
        QomObject machine = container();
        QomObject unattached = container();
        root.addChild("machine", machine);
        machine.addChild("unattached", unattached);

        String first = unattached.addChild("device[*]", container());
        String second = unattached.addChild("device[*]", container());

        assertEquals("/", root.canonicalPath());
        assertEquals("/machine/unattached", unattached.canonicalPath());
        assertEquals("device[0]", first);
        assertEquals("device[1]", second);
        assertEquals("/machine/unattached/device[1]", unattached.child("device[1]").orElseThrow().canonicalPath());
    }

    @Test
    void autoIndexReusesTheFirstFreeSlot() {
        QomObject parent = container();
        parent.addChild("device[*]", container());
        QomObject gone = container();
        parent.addChild("device[*]", gone);
        parent.addChild("device[*]", container());
        gone.unparent();

        assertEquals("device[1]", parent.addChild("device[*]", container()));
    }

    @Test
    void pathsResolveAbsoluteAndPartialButNotAmbiguous() {
        QomObject root = container();
        root.makeRoot();
        QomObject a = container();
        QomObject b = container();
        root.addChild("a", a);
        root.addChild("b", b);
        QomObject uniq = container();
        a.addChild("only-here", uniq);
        a.addChild("twice", container());
        b.addChild("twice", container());

        assertEquals(uniq, b.resolve("/a/only-here"));
        assertEquals(uniq, root.resolve("only-here"));
        assertNull(root.resolve("twice"), "ambiguous partial path");
        assertNull(root.resolve("/a/missing"));
    }

    @Test
    void objectsHaveOneParentAndNoCycles() {
        QomObject a = container();
        QomObject b = container();
        a.addChild("b", b);

        assertThrows(QomException.class, () -> container().addChild("x", b));
        assertThrows(QomException.class, () -> b.addChild("a", a));
        assertThrows(PropertyException.class, () -> a.addChild("b", container()));
        assertThrows(QomException.class, () -> a.addChild("bad/name", container()));
    }

    @Test
    void unattachedObjectsHaveNoPath() {
        QomObject loose = container();
        loose.addChild("c", container());

        assertNull(loose.canonicalPath());
        assertNull(loose.child("c").orElseThrow().canonicalPath());
    }
}
