package org.jemu.core.qom;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jemu.core.opts.OptValues;

/**
 * A typed property declared by a type (QOM's class properties): name, kind, default, validation and, for computed
 * properties, an accessor. Immutable; create with the static factories and {@link Builder}.
 *
 * <p>Values are stored per object unless an accessor is given. Text values (command line, qom-set) are parsed by
 * kind: booleans accept on/off/yes/no/true/false, integers accept decimal, 0x-hex and 0-octal, sizes accept
 * K/M/G/T/P/E suffixes (powers of 1024, fractions allowed), enums accept their declared names, links accept a path.
 */
public final class PropertyDef {

    /** Checks a converted value; returns null when it is acceptable, else the reason it is not. */
    @FunctionalInterface
    public interface Validator {
        String check(Object value);
    }

    private final String name;
    private final PropertyKind kind;
    private final String description;
    private final Object defaultValue;
    private final long min;
    private final long max;
    private final List<String> enumValues;
    private final String targetType;
    private final String resolveUnder;
    private final Validator validator;
    private final Function<QomObject, Object> getter;
    private final BiConsumer<QomObject, Object> setter;
    private final boolean readOnly;
    private final boolean settableAfterRealize;

    private PropertyDef(Builder b) {
        this.name = b.name;
        this.kind = b.kind;
        this.description = b.description;
        this.defaultValue = b.defaultValue;
        this.min = b.min;
        this.max = b.max;
        this.enumValues = List.copyOf(b.enumValues);
        this.targetType = b.targetType;
        this.resolveUnder = b.resolveUnder;
        this.validator = b.validator;
        this.getter = b.getter;
        this.setter = b.setter;
        this.readOnly = b.readOnly;
        this.settableAfterRealize = b.settableAfterRealize;
    }

    public static Builder bool(String name) {
        return new Builder(name, PropertyKind.BOOL);
    }

    /** A signed integer property accepting values in [min, max]. */
    public static Builder integer(String name, long min, long max) {
        Builder b = new Builder(name, PropertyKind.INT);
        b.min = min;
        b.max = max;
        return b;
    }

    public static Builder int32(String name) {
        return integer(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public static Builder uint8(String name) {
        return integer(name, 0, 0xff);
    }

    public static Builder uint16(String name) {
        return integer(name, 0, 0xffff);
    }

    public static Builder uint32(String name) {
        return integer(name, 0, 0xffff_ffffL);
    }

    public static Builder uint64(String name) {
        return new Builder(name, PropertyKind.UINT64);
    }

    public static Builder size(String name) {
        return new Builder(name, PropertyKind.SIZE);
    }

    public static Builder string(String name) {
        return new Builder(name, PropertyKind.STRING);
    }

    public static Builder enumeration(String name, String... values) {
        Builder b = new Builder(name, PropertyKind.ENUM);
        b.enumValues = List.of(values);
        return b;
    }

    /** A link to an object of (a subtype of) {@code targetType}. */
    public static Builder link(String name, String targetType) {
        Builder b = new Builder(name, PropertyKind.LINK);
        b.targetType = Objects.requireNonNull(targetType);
        return b;
    }

    public String name() {
        return name;
    }

    public PropertyKind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** The default value (already converted), or null when the property has none. */
    public Object defaultValue() {
        return defaultValue;
    }

    public List<String> enumValues() {
        return enumValues;
    }

    /** For links and children: the type the target must be. */
    public String targetType() {
        return targetType;
    }

    /** For links: the container a relative text value names a child of ("/chardevs"), or null for QOM paths. */
    public String resolveUnder() {
        return resolveUnder;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Whether the property may still change after a device is realized (most may not, as in qdev). */
    public boolean settableAfterRealize() {
        return settableAfterRealize;
    }

    boolean computed() {
        return getter != null;
    }

    Function<QomObject, Object> getter() {
        return getter;
    }

    BiConsumer<QomObject, Object> setter() {
        return setter;
    }

    /** QOM's type string for introspection: "bool", "uint64", "link<pci-bus>", ... */
    public String typeName() {
        return switch (kind) {
            case LINK -> "link<" + targetType + ">";
            case CHILD -> "child<" + targetType + ">";
            case ENUM -> String.join("|", enumValues);
            default -> kind.qomName();
        };
    }

    /** The same definition with another default (a subtype overriding its parent's default). */
    public PropertyDef withDefault(Object newDefault) {
        Builder b = toBuilder();
        b.defaultValue = newDefault;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(name, kind);
        b.description = description;
        b.defaultValue = defaultValue;
        b.min = min;
        b.max = max;
        b.enumValues = enumValues;
        b.targetType = targetType;
        b.resolveUnder = resolveUnder;
        b.validator = validator;
        b.getter = getter;
        b.setter = setter;
        b.readOnly = readOnly;
        b.settableAfterRealize = settableAfterRealize;
        return b;
    }

    /**
     * Converts and checks a typed value (Boolean, Number, String, QomObject as the kind requires).
     *
     * @return the canonical value to store
     * @throws IllegalArgumentException with the reason when the value is not acceptable
     */
    public Object convert(Object value) {
        if (value == null) {
            if (kind == PropertyKind.LINK || kind == PropertyKind.STRING) return null;
            throw new IllegalArgumentException("a value is required");
        }
        Object v = switch (kind) {
            case BOOL -> {
                if (value instanceof Boolean bv) yield bv;
                if (value instanceof String s) yield parseBool(s);
                throw new IllegalArgumentException("expects a boolean, got " + value.getClass().getSimpleName());
            }
            case INT -> {
                long l = value instanceof String s ? parseInteger(s) : toLong(value);
                if (l < min || l > max) {
                    throw new IllegalArgumentException(l + " is out of range [" + min + ", " + max + "]");
                }
                yield l;
            }
            case UINT64 -> value instanceof String s ? parseUnsigned(s) : toLong(value);
            case SIZE -> value instanceof String s ? parseSize(s) : toLong(value);
            case STRING -> value.toString();
            case ENUM -> {
                String s = value.toString();
                if (!enumValues.contains(s)) {
                    throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", enumValues));
                }
                yield s;
            }
            case LINK -> {
                if (!(value instanceof QomObject target)) {
                    throw new IllegalArgumentException("expects an object of type " + targetType);
                }
                if (!target.isA(targetType)) {
                    throw new IllegalArgumentException("object " + target.describe() + " is not a " + targetType);
                }
                yield target;
            }
            case CHILD -> throw new IllegalArgumentException("child properties cannot be set");
        };
        if (validator != null) {
            String problem = validator.check(v);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
        return v;
    }

    /** Formats a stored value the way qom-get and help output show it. */
    public String format(Object value) {
        if (value == null) return kind == PropertyKind.LINK ? "" : "(unset)";
        return switch (kind) {
            case BOOL -> ((Boolean) value) ? "on" : "off";
            case UINT64, SIZE -> Long.toUnsignedString((Long) value);
            case LINK, CHILD -> {
                String path = ((QomObject) value).canonicalPath();
                yield path == null ? "" : path;
            }
            default -> value.toString();
        };
    }

    static long toLong(Object value) {
        if (value instanceof Long l) return l;
        if (value instanceof Integer i) return i;
        if (value instanceof Short s) return s;
        if (value instanceof Byte b) return b;
        throw new IllegalArgumentException("expects an integer, got " + value.getClass().getSimpleName());
    }

    /** on|off|yes|no|true|false, as QEMU accepts them. */
    public static boolean parseBool(String s) {
        return OptValues.bool(s);
    }

    /** A signed integer in C's base-0 notation: decimal, 0x hex, leading-0 octal. */
    public static long parseInteger(String s) {
        String t = s.trim();
        boolean negative = t.startsWith("-");
        long magnitude = OptValues.unsigned64(negative || t.startsWith("+") ? t.substring(1) : t);
        if (magnitude < 0 && !(negative && magnitude == Long.MIN_VALUE)) {
            throw new IllegalArgumentException("'" + s + "' is out of range");
        }
        return negative ? -magnitude : magnitude;
    }

    /** An unsigned 64-bit integer in C's base-0 notation. */
    public static long parseUnsigned(String s) {
        return OptValues.unsigned64(s);
    }

    /** A byte count: a number with an optional B/K/M/G/T/P/E suffix (powers of 1024); fractions need a suffix. */
    public static long parseSize(String s) {
        return OptValues.size(s, 1);
    }

    @Override
    public String toString() {
        return name + " (" + typeName() + ")";
    }

    /** Builds a {@link PropertyDef}. */
    public static final class Builder {
        private final String name;
        private final PropertyKind kind;
        private String description = "";
        private Object defaultValue;
        private long min = Long.MIN_VALUE;
        private long max = Long.MAX_VALUE;
        private List<String> enumValues = List.of();
        private String targetType;
        private String resolveUnder;
        private Validator validator;
        private Function<QomObject, Object> getter;
        private BiConsumer<QomObject, Object> setter;
        private boolean readOnly;
        private boolean settableAfterRealize;

        private Builder(String name, PropertyKind kind) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a property needs a name");
            this.name = name;
            this.kind = kind;
        }

        public Builder description(String text) {
            this.description = Objects.requireNonNull(text);
            return this;
        }

        /** The default; given in the property's value type or as text, converted and checked at build time. */
        public Builder defaultValue(Object value) {
            this.defaultValue = value;
            return this;
        }

        /** Links only: text without a leading "/" names a child of {@code containerPath} (QEMU's ids), not a QOM path. */
        public Builder resolvingUnder(String containerPath) {
            this.resolveUnder = containerPath;
            return this;
        }

        public Builder validator(Validator v) {
            this.validator = v;
            return this;
        }

        /** A computed property: reads and writes go to these functions instead of per-object storage. */
        public Builder accessor(Function<QomObject, Object> get, BiConsumer<QomObject, Object> set) {
            this.getter = Objects.requireNonNull(get);
            this.setter = set;
            if (set == null) this.readOnly = true;
            return this;
        }

        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        public Builder settableAfterRealize() {
            this.settableAfterRealize = true;
            return this;
        }

        public PropertyDef build() {
            PropertyDef def = new PropertyDef(this);
            if (defaultValue != null) {
                try {
                    Object converted = def.convert(defaultValue);
                    Builder b = def.toBuilder();
                    b.defaultValue = converted;
                    return new PropertyDef(b);
                } catch (IllegalArgumentException e) {
                    throw new QomException("property '" + name + "': bad default " + defaultValue + ": " + e.getMessage());
                }
            }
            return def;
        }
    }
}
