package org.jemu.core.qom;

import java.util.Objects;

/**
 * A typed class-level attribute (QOM's class struct fields, e.g. a device's category or a machine's alias).
 * Set once per type in its class initializer; subtypes inherit the value and may override it.
 *
 * @param <V> the value type
 */
public final class ClassKey<V> {
    private final String name;
    private final Class<V> valueType;
    private final V defaultValue;

    private ClassKey(String name, Class<V> valueType, V defaultValue) {
        this.name = Objects.requireNonNull(name);
        this.valueType = Objects.requireNonNull(valueType);
        this.defaultValue = defaultValue;
    }

    /** A key whose value is {@code defaultValue} on types that never set it. */
    public static <V> ClassKey<V> of(String name, Class<V> valueType, V defaultValue) {
        return new ClassKey<>(name, valueType, defaultValue);
    }

    public String name() {
        return name;
    }

    public Class<V> valueType() {
        return valueType;
    }

    public V defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return name;
    }
}
