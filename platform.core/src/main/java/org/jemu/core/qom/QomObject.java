package org.jemu.core.qom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An object of a registered type (QOM's Object): typed properties and a place in the composition tree.
 *
 * <p>Instances are made by {@link TypeRegistry#create}, which calls the type's factory with the concrete
 * {@link ObjectType}. Construction must have no side effects: whatever touches the outside world belongs in a
 * device's realize. Objects are used under the global lock; they are not thread-safe by themselves.
 */
public abstract class QomObject {

    private final ObjectType type;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, QomObject> children = new LinkedHashMap<>();
    private QomObject parent;
    private String nameInParent;
    private boolean root;

    protected QomObject(ObjectType type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public final ObjectType type() {
        return type;
    }

    public final String typeName() {
        return type.name();
    }

    public final boolean isA(String typeName) {
        return type.isA(typeName);
    }

    /**
     * Checked cast to a Java type.
     *
     * @throws QomException naming the object and both types when this object is not a {@code javaType}
     */
    public final <T> T cast(Class<T> javaType) {
        if (!javaType.isInstance(this)) {
            throw new QomException(describe() + " is not a " + javaType.getSimpleName());
        }
        return javaType.cast(this);
    }

    /** Checked cast by type name. */
    public final QomObject cast(String typeName) {
        if (!isA(typeName)) throw new QomException(describe() + " is not a " + typeName);
        return this;
    }

    /** The object's path, or a description of its type when it is not in the tree; used in every error message. */
    public String describe() {
        String path = canonicalPath();
        return path != null ? path + " (" + typeName() + ")" : "'" + typeName() + "' object";
    }

    // ---- composition tree ---------------------------------------------------------------------------------------

    /** Marks this object as the root of a composition tree (path "/"). Done once by the runtime. */
    public final void makeRoot() {
        if (parent != null) throw new QomException(describe() + " already has a parent");
        root = true;
    }

    public final QomObject parent() {
        return parent;
    }

    /** The name under which the parent holds this object, or null. */
    public final String name() {
        return nameInParent;
    }

    /** "/machine/unattached/device[3]", "/" for the root, or null when the object is not attached to a root. */
    public final String canonicalPath() {
        if (root) return "/";
        if (parent == null) return null;
        String parentPath = parent.canonicalPath();
        if (parentPath == null) return null;
        return parentPath.equals("/") ? "/" + nameInParent : parentPath + "/" + nameInParent;
    }

    /**
     * Adds a child (QOM's child property). A name ending in {@code [*]} gets the first free index, like
     * {@code device[*]} becoming {@code device[0]}, {@code device[1]}...
     *
     * @return the name actually used
     */
    public final String addChild(String name, QomObject child) {
        Objects.requireNonNull(child, "child");
        if (child.parent != null || child.root) {
            throw new QomException("cannot add " + child.describe() + " under " + describe() + ": it already has a parent");
        }
        for (QomObject p = this; p != null; p = p.parent) {
            if (p == child) throw new QomException("cannot add " + child.describe() + " under its own descendant");
        }
        String actual = name;
        if (name.endsWith("[*]")) {
            String stem = name.substring(0, name.length() - 3);
            int i = 0;
            while (children.containsKey(stem + "[" + i + "]")) i++;
            actual = stem + "[" + i + "]";
        } else if (name.isEmpty() || name.contains("/")) {
            throw new QomException(describe() + ": '" + name + "' is not a valid child name");
        }
        if (children.containsKey(actual) || type.property(actual).isPresent()) {
            throw new PropertyException(describe(), actual, "a property or child with this name already exists");
        }
        children.put(actual, child);
        child.parent = this;
        child.nameInParent = actual;
        return actual;
    }

    /** Removes this object from its parent (QOM's object_unparent). Children stay attached to this object. */
    public void unparent() {
        if (parent != null) {
            parent.children.remove(nameInParent);
            parent = null;
            nameInParent = null;
        }
    }

    public final Optional<QomObject> child(String name) {
        return Optional.ofNullable(children.get(name));
    }

    /** Children in insertion order (a copy). */
    public final List<QomObject> children() {
        return List.copyOf(children.values());
    }

    /**
     * Resolves a path. Absolute paths ("/machine/i440fx") start at the root of this object's tree; other paths are
     * partial, as in QOM: they match wherever they are unique below this object (null when absent or ambiguous).
     */
    public final QomObject resolve(String path) {
        if (path.startsWith("/")) {
            QomObject r = this;
            while (r.parent != null) r = r.parent;
            return r.walk(path.substring(1));
        }
        List<QomObject> found = new ArrayList<>();
        collectPartial(path, found);
        return found.size() == 1 ? found.get(0) : null;
    }

    private QomObject walk(String relative) {
        QomObject cur = this;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) continue;
            cur = cur.children.get(part);
            if (cur == null) return null;
        }
        return cur;
    }

    private void collectPartial(String path, List<QomObject> found) {
        QomObject hit = walk(path);
        if (hit != null && hit != this) found.add(hit);
        for (QomObject c : children.values()) {
            c.collectPartial(path, found);
            if (found.size() > 1) return;
        }
    }

    // ---- properties ---------------------------------------------------------------------------------------------

    /** A property as introspection shows it. */
    public record PropertyInfo(String name, String type, String description) {
    }

    /** The class properties and the children, as qom-list shows them. */
    public final List<PropertyInfo> properties() {
        List<PropertyInfo> list = new ArrayList<>();
        list.add(new PropertyInfo("type", "string", "the object's type name"));
        for (PropertyDef d : type.properties()) list.add(new PropertyInfo(d.name(), d.typeName(), d.description()));
        children.forEach((n, c) -> list.add(new PropertyInfo(n, "child<" + c.typeName() + ">", "")));
        return Collections.unmodifiableList(list);
    }

    /** The typed value of a property or child: Boolean, Long, String, or QomObject. */
    public final Object property(String name) {
        if (name.equals("type")) return typeName();
        QomObject child = children.get(name);
        if (child != null) return child;
        PropertyDef def = definition(name);
        if (def.computed()) return def.getter().apply(this);
        Object v = values.get(name);
        return v != null || values.containsKey(name) ? v : def.defaultValue();
    }

    /** The value formatted as text (qom-get). */
    public final String propertyText(String name) {
        Object v = property(name);
        if (v instanceof QomObject o && children.get(name) == o) return o.canonicalPath();
        return name.equals("type") ? typeName() : definition(name).format(v);
    }

    /** Sets a typed value. Conversion or validation errors name this object, the property and the reason. */
    public final void setProperty(String name, Object value) {
        PropertyDef def = definition(name);
        if (def.readOnly() || def.kind() == PropertyKind.CHILD) {
            throw new PropertyException(describe(), name, "is read-only");
        }
        String refusal = checkPropertyChange(def);
        if (refusal != null) throw new PropertyException(describe(), name, refusal);
        Object converted;
        try {
            converted = def.convert(value);
        } catch (IllegalArgumentException e) {
            throw new PropertyException(describe(), name, e.getMessage());
        }
        if (def.computed()) {
            def.setter().accept(this, converted);
        } else {
            values.put(name, converted);
        }
    }

    /** Sets a property from text (command line, qom-set). Links take a path, absolute or partial. */
    public final void parseProperty(String name, String text) {
        PropertyDef def = definition(name);
        if (def.kind() == PropertyKind.LINK) {
            boolean byId = def.resolveUnder() != null && !text.startsWith("/");
            QomObject target = text.isEmpty() ? null : resolve(byId ? def.resolveUnder() + "/" + text : text);
            if (target == null && !text.isEmpty()) {
                throw new PropertyException(describe(), name, byId ? "no " + def.targetType() + " with id '" + text + "'"
                        : "no unique object at path '" + text + "'");
            }
            setProperty(name, target);
        } else {
            setProperty(name, text);
        }
    }

    /** Whether a property has been set explicitly (as opposed to showing its default). */
    public final boolean isPropertySet(String name) {
        return values.containsKey(name);
    }

    public final boolean getBool(String name) {
        return (Boolean) typed(name, PropertyKind.BOOL);
    }

    /** INT, UINT64 and SIZE properties. */
    public final long getLong(String name) {
        PropertyDef def = definition(name);
        if (def.kind() != PropertyKind.INT && def.kind() != PropertyKind.UINT64 && def.kind() != PropertyKind.SIZE) {
            throw new PropertyException(describe(), name, "is a " + def.typeName() + ", not an integer");
        }
        Object v = property(name);
        if (v == null) throw new PropertyException(describe(), name, "has no value and no default");
        return (Long) v;
    }

    /** STRING and ENUM properties; null when unset without default. */
    public final String getString(String name) {
        PropertyDef def = definition(name);
        if (def.kind() != PropertyKind.STRING && def.kind() != PropertyKind.ENUM) {
            throw new PropertyException(describe(), name, "is a " + def.typeName() + ", not a string");
        }
        return (String) property(name);
    }

    /** A LINK property's target cast to {@code javaType}, or null when unset. */
    public final <T> T getLink(String name, Class<T> javaType) {
        QomObject target = (QomObject) typed(name, PropertyKind.LINK);
        return target == null ? null : target.cast(javaType);
    }

    private Object typed(String name, PropertyKind kind) {
        PropertyDef def = definition(name);
        if (def.kind() != kind) throw new PropertyException(describe(), name, "is a " + def.typeName() + ", not a " + kind.qomName());
        Object v = property(name);
        if (v == null && kind == PropertyKind.BOOL) throw new PropertyException(describe(), name, "has no value and no default");
        return v;
    }

    private PropertyDef definition(String name) {
        return type.property(name).orElseThrow(() -> new PropertyException(describe(), name, "not found"));
    }

    /**
     * Hook for subclasses: return a reason to refuse changing a property now (a realized device refuses most), or
     * null to allow it.
     */
    protected String checkPropertyChange(PropertyDef def) {
        return null;
    }

    @Override
    public String toString() {
        return describe();
    }
}
