package org.jemu.core.qom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropertyTest {

    static class Widget extends QomObject {
        Widget(ObjectType t) {
            super(t);
        }
    }

    private final TypeRegistryImpl registry = new TypeRegistryImpl();
    private QomObject root;
    private QomObject widget;

    @BeforeEach
    void setUp() {
        registry.registerAll(List.of(new Pending("test", TypeInfo.builder("widget").factory(Widget::new).classInit(c -> c
                .property(PropertyDef.bool("enabled").defaultValue("on"))
                .property(PropertyDef.integer("temperature", -40, 125).defaultValue(20))
                .property(PropertyDef.uint16("iobase").defaultValue(0x3f8))
                .property(PropertyDef.uint64("mask"))
                .property(PropertyDef.size("memory").defaultValue("128M"))
                .property(PropertyDef.string("label"))
                .property(PropertyDef.enumeration("mode", "auto", "on", "off").defaultValue("auto"))
                .property(PropertyDef.link("peer", "widget"))
                .property(PropertyDef.int32("even").validator(v -> ((Long) v) % 2 == 0 ? null : "must be even")))
                .build())));
        root = registry.create(TypeRegistry.CONTAINER);
        root.makeRoot();
        widget = registry.create("widget");
        root.addChild("w", widget);
    }

    @Test
    void defaultsAreVisibleUntilSet() {
        assertTrue(widget.getBool("enabled"));
        assertEquals(20, widget.getLong("temperature"));
        assertEquals(0x3f8, widget.getLong("iobase"));
        assertEquals(128L << 20, widget.getLong("memory"));
        assertEquals("auto", widget.getString("mode"));
        assertNull(widget.getString("label"));
        assertFalse(widget.isPropertySet("iobase"));
    }

    @Test
    void textValuesAreParsedByKind() {
        widget.parseProperty("enabled", "off");
        widget.parseProperty("temperature", "-12");
        widget.parseProperty("iobase", "0x2f8");
        widget.parseProperty("mask", "18446744073709551615");
        widget.parseProperty("memory", "1.5G");
        widget.parseProperty("mode", "on");
        widget.parseProperty("even", "010");

        assertFalse(widget.getBool("enabled"));
        assertEquals(-12, widget.getLong("temperature"));
        assertEquals(0x2f8, widget.getLong("iobase"));
        assertEquals(-1L, widget.getLong("mask"));
        assertEquals("18446744073709551615", widget.propertyText("mask"));
        assertEquals(3L << 29, widget.getLong("memory"));
        assertEquals("on", widget.getString("mode"));
        assertEquals(8, widget.getLong("even"), "leading 0 is octal, as in C");
    }

    @Test
    void sizesAcceptEverySuffix() {
        assertEquals(512, PropertyDef.parseSize("512"));
        assertEquals(4096, PropertyDef.parseSize("4k"));
        assertEquals(2L << 30, PropertyDef.parseSize("2G"));
        assertEquals(1L << 40, PropertyDef.parseSize("1T"));
        assertThrows(IllegalArgumentException.class, () -> PropertyDef.parseSize("16E"));
        assertThrows(IllegalArgumentException.class, () -> PropertyDef.parseSize("12Q"));
        assertThrows(IllegalArgumentException.class, () -> PropertyDef.parseSize("-1"));
    }

    @Test
    void badValuesAreRejectedNamingObjectPropertyAndReason() {
        assertError("temperature", "200", "/w (widget): property 'temperature': 200 is out of range [-40, 125]");
        assertError("iobase", "0x10000", "/w (widget): property 'iobase': 65536 is out of range [0, 65535]");
        assertError("enabled", "maybe", "/w (widget): property 'enabled': 'maybe' is not a valid boolean (use 'on' or 'off')");
        assertError("mode", "fast", "/w (widget): property 'mode': 'fast' is not one of auto, on, off");
        assertError("memory", "lots", "/w (widget): property 'memory': 'lots' is not a valid size (expected a number with optional suffix B, K, M, G, T, P or E)");
        assertError("even", "3", "/w (widget): property 'even': must be even");
        assertError("colour", "red", "/w (widget): property 'colour': not found");
        assertError("type", "x", "/w (widget): property 'type': not found");
        assertEquals(0x3f8, widget.getLong("iobase"), "a rejected value changes nothing");
    }

    private void assertError(String prop, String text, String message) {
        PropertyException e = assertThrows(PropertyException.class, () -> widget.parseProperty(prop, text));
        assertEquals(message, e.getMessage());
        assertEquals(prop, e.property());
    }

    @Test
    void unattachedObjectsAreDescribedByType() {
        QomObject loose = registry.create("widget");
        PropertyException e = assertThrows(PropertyException.class, () -> loose.parseProperty("iobase", "x"));
        assertEquals("'widget' object: property 'iobase': 'x' is not a number", e.getMessage());
    }

    @Test
    void linksResolvePathsAndCheckTheTargetType() {
        QomObject other = registry.create("widget");
        root.addChild("other", other);

        widget.parseProperty("peer", "/other");
        assertEquals(other, widget.getLink("peer", Widget.class));
        assertEquals("/other", widget.propertyText("peer"));

        QomObject box = registry.create(TypeRegistry.CONTAINER);
        root.addChild("box", box);
        PropertyException wrong = assertThrows(PropertyException.class, () -> widget.parseProperty("peer", "/box"));
        assertTrue(wrong.getMessage().contains("is not a widget"), wrong.getMessage());
        PropertyException missing = assertThrows(PropertyException.class, () -> widget.parseProperty("peer", "/nowhere"));
        assertTrue(missing.getMessage().contains("no unique object at path '/nowhere'"), missing.getMessage());
    }

    @Test
    void introspectionListsPropertiesAndChildrenWithQomTypeNames() {
        QomObject child = registry.create("widget");
        widget.addChild("inner", child);

        List<String> listed = widget.properties().stream().map(p -> p.name() + ":" + p.type()).toList();

        assertTrue(listed.contains("type:string"));
        assertTrue(listed.contains("iobase:int"));
        assertTrue(listed.contains("memory:size"));
        assertTrue(listed.contains("peer:link<widget>"));
        assertTrue(listed.contains("mode:auto|on|off"));
        assertTrue(listed.contains("inner:child<widget>"));
        assertEquals("widget", widget.propertyText("type"));
        assertEquals("/w/inner", widget.propertyText("inner"));
    }
}
