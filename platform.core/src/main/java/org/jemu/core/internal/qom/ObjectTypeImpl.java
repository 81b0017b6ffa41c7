package org.jemu.core.internal.qom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;

/** A registered type: its declaration resolved against its parent (inherited attributes, properties, factory). */
final class ObjectTypeImpl implements ObjectType {

    private final TypeInfo info;
    private final ObjectTypeImpl parent;
    private final String owner;
    private final TypeRegistry registry;
    private final Map<ClassKey<?>, Object> classValues = new HashMap<>();
    private final Map<String, PropertyDef> properties = new LinkedHashMap<>();
    private final Set<String> ancestry = new HashSet<>();
    private final Function<ObjectType, ? extends QomObject> factory;
    private volatile boolean registered = true;

    /** Resolves {@code info} against its parent and interfaces and runs its class initializer. */
    ObjectTypeImpl(TypeRegistry registry, TypeInfo info, ObjectTypeImpl parent, List<ObjectTypeImpl> interfaces, String owner) {
        this.registry = registry;
        this.info = info;
        this.parent = parent;
        this.owner = owner;
        this.factory = info.factory() != null ? info.factory() : parent == null ? null : parent.factory;
        ancestry.add(info.name());
        if (parent != null) {
            ancestry.addAll(parent.ancestry);
            properties.putAll(parent.properties);
        }
        for (ObjectTypeImpl i : interfaces) ancestry.addAll(i.ancestry);
        if (info.classInit() != null) {
            try {
                info.classInit().accept(new ClassInit());
            } catch (QomException e) {
                throw new QomException("type '" + info.name() + "': class initializer failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new QomException("type '" + info.name() + "': class initializer failed: " + e, e);
            }
        }
    }

    TypeInfo info() {
        return info;
    }

    Function<ObjectType, ? extends QomObject> factory() {
        return factory;
    }

    void markRemoved() {
        registered = false;
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public Optional<ObjectType> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public boolean isAbstract() {
        return info.isAbstract();
    }

    @Override
    public boolean isInterface() {
        return info.isInterface();
    }

    @Override
    public List<String> interfaces() {
        return info.interfaces();
    }

    @Override
    public boolean isA(String typeName) {
        return ancestry.contains(typeName);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get(ClassKey<V> key) {
        for (ObjectTypeImpl t = this; t != null; t = t.parent) {
            if (t.classValues.containsKey(key)) return (V) t.classValues.get(key);
        }
        return key.defaultValue();
    }

    @Override
    public Optional<PropertyDef> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    @Override
    public List<PropertyDef> properties() {
        return List.copyOf(properties.values());
    }

    @Override
    public String description() {
        return info.description();
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public TypeRegistry registry() {
        return registry;
    }

    @Override
    public boolean isRegistered() {
        return registered;
    }

    @Override
    public String toString() {
        return info.name();
    }

    /** The class-initializer view of this type while it is being resolved. */
    private final class ClassInit implements TypeClass {
        @Override
        public String typeName() {
            return info.name();
        }

        @Override
        public <V> TypeClass set(ClassKey<V> key, V value) {
            if (value != null && !key.valueType().isInstance(value)) {
                throw new QomException("class attribute '" + key.name() + "' expects a " + key.valueType().getSimpleName());
            }
            classValues.put(key, value);
            return this;
        }

        @Override
        public <V> V get(ClassKey<V> key) {
            return ObjectTypeImpl.this.get(key);
        }

        @Override
        public TypeClass property(PropertyDef def) {
            if (properties.containsKey(def.name()) || def.name().equals("type")) {
                throw new QomException("property '" + def.name() + "' is already defined");
            }
            properties.put(def.name(), def);
            return this;
        }

        @Override
        public TypeClass propertyDefault(String name, Object value) {
            PropertyDef def = properties.get(name);
            if (def == null) throw new QomException("cannot set the default of unknown property '" + name + "'");
            try {
                properties.put(name, def.withDefault(value));
            } catch (QomException e) {
                throw new QomException("property '" + name + "': bad default " + value + ": " + e.getMessage(), e);
            }
            return this;
        }
    }

    /** Names of this type's ancestors, nearest first (for error messages and listing). */
    List<String> lineage() {
        List<String> names = new ArrayList<>();
        for (ObjectTypeImpl t = this; t != null; t = t.parent) names.add(t.name());
        return names;
    }
}
