package org.jemu.core.opts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The keys an option accepts, with their types; validates parsed {@link Opts}. Immutable: each builder method
 * returns a new schema. Example: {@code OptsSchema.of("vnc", "vnc").bool("password", "require a password")}.
 *
 * @param group the option's name without dash
 * @param impliedKey the implied key, if any
 * @param params the declared keys in order
 * @param anyKey whether undeclared keys are allowed (for -device, -machine: object properties checked later)
 */
@ProviderType
public record OptsSchema(String group, Optional<String> impliedKey, List<Param> params, boolean anyKey) {

    /** A key's value type. */
    public enum Type { STRING, BOOL, NUMBER, SIZE, ENUM }

    /**
     * One declared key.
     *
     * @param choices the allowed values of an {@link Type#ENUM}, empty otherwise
     */
    public record Param(String name, Type type, List<String> choices, String help) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            choices = List.copyOf(choices);
            Objects.requireNonNull(help, "help");
        }
    }

    public OptsSchema {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(impliedKey, "impliedKey");
        params = List.copyOf(params);
    }

    /** An empty schema; {@code impliedKey} may be null. */
    public static OptsSchema of(String group, String impliedKey) {
        return new OptsSchema(group, Optional.ofNullable(impliedKey), List.of(), false);
    }

    public OptsSchema string(String name, String help) {
        return add(new Param(name, Type.STRING, List.of(), help));
    }

    public OptsSchema bool(String name, String help) {
        return add(new Param(name, Type.BOOL, List.of(), help));
    }

    public OptsSchema number(String name, String help) {
        return add(new Param(name, Type.NUMBER, List.of(), help));
    }

    public OptsSchema size(String name, String help) {
        return add(new Param(name, Type.SIZE, List.of(), help));
    }

    /** Declares a key whose value must be one of {@code choices}. */
    public OptsSchema choice(String name, String help, String... choices) {
        return add(new Param(name, Type.ENUM, List.of(choices), help));
    }

    /** A copy that accepts undeclared keys, still type-checking the declared ones. */
    public OptsSchema allowAnyKey() {
        return new OptsSchema(group, impliedKey, params, true);
    }

    /** The declared key {@code name}. */
    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Parses {@code text} with this schema's implied key, then {@link #validate validates} it.
     *
     * @throws OptsException on a syntax error, an unknown key or a value of the wrong type
     */
    public Opts parse(String text) {
        return validate(Opts.parse(group, impliedKey.orElse(null), text));
    }

    /**
     * Checks every entry of {@code opts}: unknown keys (unless {@link #anyKey}) and values that do not convert.
     *
     * @return {@code opts}, unchanged
     * @throws OptsException naming the option and the first offending key
     */
    public Opts validate(Opts opts) {
        for (Opts.Entry e : opts.entries()) {
            Optional<Param> param = param(e.key());
            if (param.isEmpty()) {
                if (!anyKey && !impliedKey.map(e.key()::equals).orElse(false)) {
                    throw OptsException.unknownKey(opts.label(), e.key());
                }
                continue;
            }
            // Checks each entry's own value: a bad earlier value is an error even if a later one overrides it.
            try {
                switch (param.get().type()) {
                    case STRING -> { }
                    case BOOL -> OptValues.bool(e.value());
                    case NUMBER -> OptValues.number(e.value());
                    case SIZE -> OptValues.size(e.value(), 1);
                    case ENUM -> OptValues.choice(e.value(), param.get().choices());
                }
            } catch (IllegalArgumentException x) {
                throw OptsException.of(opts.label(), e.key(), x.getMessage());
            }
        }
        return opts;
    }

    /** The declared keys as an aligned help list, like QEMU's {@code -chardev socket,help}. */
    public String help() {
        List<HelpList.Item> items = new ArrayList<>();
        for (Param p : params) {
            String kind = switch (p.type()) {
                case STRING -> "<str>";
                case BOOL -> "<bool (on/off)>";
                case NUMBER -> "<num>";
                case SIZE -> "<size>";
                case ENUM -> "<" + String.join("|", p.choices()) + ">";
            };
            items.add(new HelpList.Item("  " + p.name() + "=" + kind, p.help()));
        }
        return HelpList.format(group + " options:", items);
    }

    private OptsSchema add(Param param) {
        List<Param> list = new ArrayList<>(params);
        list.removeIf(p -> p.name().equals(param.name()));
        list.add(param);
        return new OptsSchema(group, impliedKey, list, anyKey);
    }
}
