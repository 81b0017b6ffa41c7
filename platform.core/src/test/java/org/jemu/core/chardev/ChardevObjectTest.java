package org.jemu.core.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.qdev.TestDevices;
import org.jemu.core.qom.Container;
import org.jemu.core.qom.PropertyException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;
import org.junit.jupiter.api.Test;

class ChardevObjectTest {

    @Test
    void aChardevLinkTakesTheIdOfAChardevUnderChardevs() {
        TypeRegistryImpl registry = TestDevices.registry();
        registry.registerAll(List.of(new Pending("test", TypeInfo.builder("uart").factory(Container::new)
                .classInit(c -> c.property(ChardevObject.linkProperty("chardev"))).build())));
        QomObject root = TestDevices.root(registry);
        QomObject chardevs = registry.create(TypeRegistry.CONTAINER);
        root.addChild("chardevs", chardevs);
        ChardevObject serial0 = registry.create(ChardevObject.TYPE, ChardevObject.class);
        chardevs.addChild("serial0", serial0);
        QomObject uart = registry.create("uart");
        root.addChild("uart", uart);

        uart.parseProperty("chardev", "serial0");

        assertSame(serial0, uart.getLink("chardev", ChardevObject.class));
        assertEquals("/chardevs/serial0", uart.propertyText("chardev"));
        PropertyException e = assertThrows(PropertyException.class, () -> uart.parseProperty("chardev", "serial9"));
        assertEquals("/uart (uart): property 'chardev': no chardev with id 'serial9'", e.getMessage());
    }
}
