package org.jemu.core.qom;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a type's class initializer may set, once, when the type is registered: class-level attributes, new
 * properties, and new defaults for inherited properties (QOM's class_init).
 */
@ProviderType
public interface TypeClass {

    /** The name of the type being initialized. */
    String typeName();

    <V> TypeClass set(ClassKey<V> key, V value);

    /** The value inherited so far (from ancestors) or set earlier in this initializer. */
    <V> V get(ClassKey<V> key);

    /** Declares a property; its name must not already exist on this type or an ancestor. */
    TypeClass property(PropertyDef def);

    default TypeClass property(PropertyDef.Builder def) {
        return property(def.build());
    }

    /** Changes the default of an inherited property for this type and its subtypes. */
    TypeClass propertyDefault(String name, Object value);
}
