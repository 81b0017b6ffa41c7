package org.jemu.plugin.i440fx.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;

/** Records what a class initializer sets, without a registry. */
final class FakeTypeClass implements TypeClass {
    private final String typeName;
    private final Map<ClassKey<?>, Object> values = new HashMap<>();
    final Map<String, PropertyDef> properties = new LinkedHashMap<>();

    FakeTypeClass(String typeName) {
        this.typeName = typeName;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public <V> TypeClass set(ClassKey<V> key, V value) {
        values.put(key, value);
        return this;
    }

    @Override
    public <V> V get(ClassKey<V> key) {
        return values.containsKey(key) ? key.valueType().cast(values.get(key)) : key.defaultValue();
    }

    @Override
    public TypeClass property(PropertyDef def) {
        if (properties.putIfAbsent(def.name(), def) != null) throw new IllegalStateException("declared twice: " + def.name());
        return this;
    }

    @Override
    public TypeClass propertyDefault(String name, Object value) {
        throw new UnsupportedOperationException("the board declares its own properties only");
    }
}
