package org.jemu.core.qom;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The type registry (QOM): every object type in a running jemu, contributed by bundles during module init.
 * Registered as an OSGi service by the runtime. Thread-safe.
 */
@ProviderType
public interface TypeRegistry {

    /** The root of all types. */
    String OBJECT = "object";
    /** The root of all interface types. */
    String INTERFACE = "interface";
    /** A plain object that only holds children in the composition tree. */
    String CONTAINER = "container";

    Optional<ObjectType> lookup(String name);

    /** The type, or a {@link TypeNotFoundException} naming it. */
    ObjectType require(String name);

    /** True if type {@code name} is registered and is, descends from or implements {@code ancestor}. */
    boolean isA(String name, String ancestor);

    /** Types that are {@code ancestor} or descend from / implement it, sorted by name. */
    List<ObjectType> listByAncestor(String ancestor, boolean includeAbstract);

    /** Every registered type, sorted by name. */
    List<ObjectType> all();

    /**
     * Creates an instance of a concrete type through its factory; properties start at their defaults and the object
     * is not yet in the composition tree.
     *
     * @throws QomException when the type is missing, abstract, or its factory fails
     */
    QomObject create(String typeName);

    /** Creates an instance and casts it; a {@link QomException} names both types when the cast fails. */
    <T> T create(String typeName, Class<T> expected);

    /** Listens to types being added and removed (called after the change, on the registering thread). */
    AutoCloseable addListener(Consumer<TypeEvent> listener);

    /** A change in the registry. */
    record TypeEvent(Kind kind, ObjectType type, String reason) {
        /** What happened to the type. */
        public enum Kind { ADDED, REMOVED }
    }
}
