package org.jemu.core.opts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One parsed option in QEMU's {@code key=value,...} syntax (QemuOpts), e.g. {@code -chardev socket,id=x,port=4444}.
 * Entries keep the order given; a repeated key keeps every value, and single-value getters return the last one.
 *
 * @param group the option's name without dash, e.g. {@code drive}; errors label the option as {@code -group}
 * @param impliedKey the key an initial bare element is assigned to (e.g. {@code driver} for -device), if any
 * @param entries the key/value pairs in order
 */
@ProviderType
public record Opts(String group, Optional<String> impliedKey, List<Entry> entries) {

    /** One {@code key=value} pair. */
    public record Entry(String key, String value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    public Opts {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(impliedKey, "impliedKey");
        entries = List.copyOf(entries);
    }

    /**
     * Parses {@code text}. The first element without {@code =} is the value of {@code impliedKey} (when not null);
     * any other bare element {@code flag} means {@code flag=on}; {@code ,,} is a literal comma.
     *
     * @throws OptsException on an empty key or an invalid {@code id}
     */
    public static Opts parse(String group, String impliedKey, String text) {
        String label = "-" + group;
        Opts opts = new Opts(group, Optional.ofNullable(impliedKey), OptsSyntax.parse(label, impliedKey, text));
        opts.id(); // validates the id early, as QEMU does
        return opts;
    }

    /** Parses {@code text} without an implied key. */
    public static Opts parse(String group, String text) {
        return parse(group, null, text);
    }

    /** Builds options from pairs given directly (no syntax, no escaping). */
    public static Opts of(String group, String impliedKey, List<Entry> entries) {
        return new Opts(group, Optional.ofNullable(impliedKey), entries);
    }

    /** A copy with {@code key=value} appended, which then wins over earlier values. */
    public Opts with(String key, String value) {
        List<Entry> list = new ArrayList<>(entries);
        list.add(new Entry(key, value));
        return new Opts(group, impliedKey, list);
    }

    /** A copy with every entry of {@code key} removed. */
    public Opts without(String key) {
        return new Opts(group, impliedKey, entries.stream().filter(e -> !e.key().equals(key)).toList());
    }

    /** A copy with {@code later}'s entries appended, so its keys win (QEMU's merged option lists like -machine). */
    public Opts merge(Opts later) {
        List<Entry> list = new ArrayList<>(entries);
        list.addAll(later.entries());
        return new Opts(group, impliedKey, list);
    }

    /** How errors name this option: {@code -group}, followed by the implied value when there is one. */
    public String label() {
        return implied().map(v -> "-" + group + " " + v).orElse("-" + group);
    }

    /** The implied key's value, e.g. the driver of a -device. */
    public Optional<String> implied() {
        return impliedKey.flatMap(this::string);
    }

    /**
     * The {@code id}, which must be an identifier: a letter followed by letters, digits, '-', '.', '_'.
     *
     * @throws OptsException if the id is malformed
     */
    public Optional<String> id() {
        Optional<String> id = string("id");
        id.ifPresent(v -> {
            if (!isIdentifier(v)) {
                throw OptsException.of(label(), "id", "'" + v + "' is not a valid identifier"
                        + " (it must start with a letter and contain only letters, digits, '-', '.', '_')");
            }
        });
        return id;
    }

    /** Whether {@code key} was given. */
    public boolean has(String key) {
        return entries.stream().anyMatch(e -> e.key().equals(key));
    }

    /** The distinct keys in order of first appearance. */
    public SequencedSet<String> keys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        entries.forEach(e -> keys.add(e.key()));
        return Collections.unmodifiableSequencedSet(keys);
    }

    /** The last value given for {@code key}. */
    public Optional<String> string(String key) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).key().equals(key)) {
                return Optional.of(entries.get(i).value());
            }
        }
        return Optional.empty();
    }

    /** The last value given for {@code key}, or {@code defaultValue}. */
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /**
     * The last value given for {@code key}.
     *
     * @throws OptsException if the key is missing
     */
    public String require(String key) {
        return string(key).orElseThrow(() -> OptsException.of(label(), key, "missing, but required"));
    }

    /** Every value given for {@code key}, in order. */
    public List<String> values(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).map(Entry::value).toList();
    }

    /**
     * A boolean: on/off, yes/no, true/false, y/n.
     *
     * @throws OptsException if the value is none of these
     */
    public boolean bool(String key, boolean defaultValue) {
        return convert(key, OptValues::bool).orElse(defaultValue);
    }

    /**
     * An unsigned number: decimal, {@code 0x} hex or leading-zero octal (QEMU's qemu_strtou64).
     *
     * @throws OptsException if the value is not such a number or exceeds {@link Long#MAX_VALUE}
     */
    public long number(String key, long defaultValue) {
        return convert(key, OptValues::number).orElse(defaultValue);
    }

    /**
     * A size in bytes: a number with optional suffix B, K, M, G, T, P or E (powers of 1024); fractions like
     * {@code 1.5G} are accepted. A bare number means bytes.
     *
     * @throws OptsException if the value is not a size
     */
    public long size(String key, long defaultValue) {
        return size(key, defaultValue, 1);
    }

    /** Like {@link #size(String, long)}, but a bare number is multiplied by {@code bareUnit} (e.g. MiB for -m). */
    public long size(String key, long defaultValue, long bareUnit) {
        return convert(key, v -> OptValues.size(v, bareUnit)).orElse(defaultValue);
    }

    /**
     * The value of {@code key}, which must be one of {@code allowed}.
     *
     * @throws OptsException naming the allowed values otherwise
     */
    public Optional<String> choice(String key, Collection<String> allowed) {
        return convert(key, v -> OptValues.choice(v, allowed));
    }

    /**
     * Checks that every key is in {@code allowed}.
     *
     * @throws OptsException naming the first unknown key
     */
    public void requireOnly(Collection<String> allowed) {
        for (Entry e : entries) {
            if (!allowed.contains(e.key()) && !impliedKey.map(e.key()::equals).orElse(false)) {
                throw OptsException.unknownKey(label(), e.key());
            }
        }
    }

    /** Creates an error about {@code key} of this option, for checks done by the caller. */
    public OptsException error(String key, String reason) {
        return OptsException.of(label(), key, reason);
    }

    /** Renders back to the option syntax, escaping commas. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(e.key()).append('=').append(OptsSyntax.escape(e.value()));
        }
        return b.toString();
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(c -> isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_');
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private <T> Optional<T> convert(String key, Function<String, T> parser) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value.get()));
        } catch (IllegalArgumentException e) {
            throw OptsException.of(label(), key, e.getMessage());
        }
    }
}
