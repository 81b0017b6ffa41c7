package org.jemu.core.qom;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A registered type (QOM's TypeImpl plus its class): name, single parent, interfaces, class-level attributes and the
 * property definitions its instances carry. Obtained from the {@link TypeRegistry}.
 */
@ProviderType
public interface ObjectType {

    String name();

    /** The parent type; empty only for the root type {@value TypeRegistry#OBJECT}. */
    Optional<ObjectType> parent();

    boolean isAbstract();

    /** Whether this is an interface type (implemented by other types, never instantiated). */
    boolean isInterface();

    /** The interfaces this type declares itself (not inherited ones). */
    List<String> interfaces();

    /** True if this type is {@code typeName}, descends from it, or implements it (directly or through a parent). */
    boolean isA(String typeName);

    /** A class-level attribute: the value this type or its nearest ancestor set, else the key's default. */
    <V> V get(ClassKey<V> key);

    /** The effective definition of a property (inherited ones included, with this type's default). */
    Optional<PropertyDef> property(String name);

    /** Every property definition, ancestors' first. */
    List<PropertyDef> properties();

    String description();

    /** Who registered the type: a bundle's symbolic name, or "platform.core". */
    String owner();

    /** The registry this type belongs to, so objects can create the objects they own (a device's buses). */
    TypeRegistry registry();

    /** False once the type has been removed from the registry (its bundle stopped). */
    boolean isRegistered();
}
