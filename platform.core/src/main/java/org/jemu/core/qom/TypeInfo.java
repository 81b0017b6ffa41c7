package org.jemu.core.qom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The declaration of a type, handed to the registry (QOM's TypeInfo, without the boilerplate).
 *
 * <pre>{@code
 * TypeInfo.builder("isa-debugcon")
 *         .parent("isa-device")
 *         .factory(IsaDebugcon::new)
 *         .classInit(c -> c.set(Device.CATEGORY, DeviceCategory.MISC)
 *                          .property(PropertyDef.uint16("iobase").defaultValue(0xe9)))
 *         .build();
 * }</pre>
 *
 * @param name        unique type name
 * @param parent      parent type name (null only for the root type)
 * @param isAbstract  abstract types are never instantiated
 * @param isInterface interface types are implemented by other types
 * @param interfaces  interface types this type implements
 * @param factory     creates an instance for a concrete type; null inherits the parent's factory
 * @param classInit   sets class-level attributes and properties; null for none
 * @param description one line for help output
 */
public record TypeInfo(String name, String parent, boolean isAbstract, boolean isInterface, List<String> interfaces,
                       Function<ObjectType, ? extends QomObject> factory, Consumer<TypeClass> classInit,
                       String description) {

    public TypeInfo {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("a type needs a name");
        interfaces = List.copyOf(interfaces);
        description = description == null ? "" : description;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link TypeInfo}. */
    public static final class Builder {
        private final String name;
        private String parent = TypeRegistry.OBJECT;
        private boolean isAbstract;
        private boolean isInterface;
        private final List<String> interfaces = new ArrayList<>();
        private Function<ObjectType, ? extends QomObject> factory;
        private Consumer<TypeClass> classInit;
        private String description = "";

        private Builder(String name) {
            this.name = name;
        }

        public Builder parent(String parentName) {
            this.parent = parentName;
            return this;
        }

        public Builder abstractType() {
            this.isAbstract = true;
            return this;
        }

        /** Makes this an interface type (abstract, parent {@value TypeRegistry#INTERFACE}). */
        public Builder interfaceType() {
            this.isInterface = true;
            this.isAbstract = true;
            this.parent = TypeRegistry.INTERFACE;
            return this;
        }

        public Builder implementing(String... interfaceNames) {
            interfaces.addAll(List.of(interfaceNames));
            return this;
        }

        public Builder factory(Function<ObjectType, ? extends QomObject> instanceFactory) {
            this.factory = instanceFactory;
            return this;
        }

        public Builder classInit(Consumer<TypeClass> init) {
            this.classInit = init;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public TypeInfo build() {
            return new TypeInfo(name, parent, isAbstract, isInterface, interfaces, factory, classInit, description);
        }
    }
}
