package org.jemu.plugin.example.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.PropertyException;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;
import org.junit.jupiter.api.Test;

/** Exercises the device through the public API only, with a minimal stand-in for the registry's type. */
class EdgeCounterTest {

    /** Just enough of an ObjectType for one class without ancestors: its declared properties. */
    private static ObjectType typeOf(TypeInfo info) {
        List<PropertyDef> props = new ArrayList<>();
        info.classInit().accept(new TypeClass() {
            public String typeName() { return info.name(); }
            public <V> TypeClass set(ClassKey<V> key, V value) { return this; }
            public <V> V get(ClassKey<V> key) { return key.defaultValue(); }
            public TypeClass property(PropertyDef def) { props.add(def); return this; }
            public TypeClass propertyDefault(String name, Object value) { return this; }
        });
        return new ObjectType() {
            public String name() { return info.name(); }
            public Optional<ObjectType> parent() { return Optional.empty(); }
            public boolean isAbstract() { return false; }
            public boolean isInterface() { return false; }
            public List<String> interfaces() { return List.of(); }
            public boolean isA(String t) { return t.equals(info.name()); }
            public <V> V get(ClassKey<V> key) { return key.defaultValue(); }
            public Optional<PropertyDef> property(String n) { return props.stream().filter(p -> p.name().equals(n)).findFirst(); }
            public List<PropertyDef> properties() { return props; }
            public String description() { return info.description(); }
            public String owner() { return "test"; }
            public TypeRegistry registry() { return null; }
            public boolean isRegistered() { return true; }
        };
    }

    @Test
    void countsRisingEdgesAndInterruptsEveryPeriod() {
        EdgeCounter dev = new EdgeCounter(typeOf(EdgeCounter.typeInfo()));
        List<Boolean> irq = new ArrayList<>();
        dev.connectGpioOut("sysbus-irq", 0, irq::add);
        dev.parseProperty("period", "2");

        for (int i = 0; i < 3; i++) {
            dev.gpioIn("in", 0).raise();
            dev.gpioIn("in", 0).raise(); // a level held high is not a new edge
            dev.gpioIn("in", 0).lower();
        }

        assertEquals(3L, dev.property("count"));
        assertEquals(List.of(true, false), irq, "one pulse after the second edge");
    }

    @Test
    void resetClearsTheCountAndAZeroPeriodIsRefused() {
        EdgeCounter dev = new EdgeCounter(typeOf(EdgeCounter.typeInfo()));
        dev.gpioIn("in", 0).raise();

        dev.resetEnter(ResetType.COLD);

        assertEquals(0L, dev.property("count"));
        PropertyException e = assertThrows(PropertyException.class, () -> dev.parseProperty("period", "0"));
        assertEquals("device 'example-edge-counter': property 'period': must be at least 1", e.getMessage());
    }
}
