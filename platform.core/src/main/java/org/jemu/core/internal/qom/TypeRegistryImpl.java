package org.jemu.core.internal.qom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jemu.core.qom.Container;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeNotFoundException;
import org.jemu.core.qom.TypeRegistry;
import org.jemu.core.qom.TypeRegistry.TypeEvent.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry behind {@link TypeRegistry}. Types arrive in batches (one module-init phase at start-up, or one
 * bundle's contribution later); a batch is ordered so parents come before children, whatever order it was
 * declared in. A type whose parent or interface is missing is rejected with a message naming both.
 */
public final class TypeRegistryImpl implements TypeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TypeRegistryImpl.class);
    public static final String CORE_OWNER = "platform.core";
    private static final String NOT_REGISTERED = " is not registered";

    private final Map<String, ObjectTypeImpl> types = new ConcurrentHashMap<>();
    private final List<Consumer<TypeEvent>> listeners = new CopyOnWriteArrayList<>();

    /** A declaration waiting to be registered, with who declared it. */
    public record Pending(String owner, TypeInfo info) {
    }

    /**
     * A declaration the registry refused, and why. {@code waitsForDependency} is true when only a missing parent or
     * interface stood in the way, so registering it again later may succeed.
     */
    public record Rejection(String owner, String typeName, String reason, boolean waitsForDependency, TypeInfo info) {
        @Override
        public String toString() {
            return owner + ": type '" + typeName + "' rejected: " + reason;
        }
    }

    public TypeRegistryImpl() {
        registerAll(List.of(
                new Pending(CORE_OWNER, new TypeInfo(OBJECT, null, true, false, List.of(), null, null, "the root type")),
                new Pending(CORE_OWNER, TypeInfo.builder(INTERFACE).abstractType().description("the root of interfaces").build()),
                new Pending(CORE_OWNER, TypeInfo.builder(CONTAINER).factory(Container::new)
                        .description("a node that groups objects in the composition tree").build())));
    }

    /**
     * Registers a batch. Types are added parents-first; each type whose declaration is wrong (duplicate name, missing
     * parent or interface, failing class initializer) is rejected on its own, with its descendants in the batch.
     *
     * @return the rejections (empty when everything registered)
     */
    public List<Rejection> registerAll(List<Pending> batch) {
        List<Rejection> rejected = new ArrayList<>();
        List<ObjectTypeImpl> added = new ArrayList<>();
        synchronized (this) {
            Map<String, Pending> waiting = new LinkedHashMap<>();
            for (Pending p : batch) {
                String name = p.info().name();
                if (types.containsKey(name)) {
                    ObjectTypeImpl existing = types.get(name);
                    rejected.add(new Rejection(p.owner(), name, "a type of that name is already registered by " + existing.owner(), false, p.info()));
                } else if (waiting.containsKey(name)) {
                    rejected.add(new Rejection(p.owner(), name, "declared twice (also by " + waiting.get(name).owner() + ")", false, p.info()));
                } else {
                    waiting.put(name, p);
                }
            }
            boolean progress = true;
            while (!waiting.isEmpty() && progress) {
                progress = false;
                for (var it = waiting.values().iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    TypeInfo info = p.info();
                    if (!ready(info, waiting)) continue;
                    it.remove();
                    progress = true;
                    String problem = missingDependency(info);
                    if (problem != null) {
                        rejected.add(new Rejection(p.owner(), info.name(), problem, problem.endsWith(NOT_REGISTERED), info));
                        continue;
                    }
                    try {
                        ObjectTypeImpl parent = info.parent() == null ? null : types.get(info.parent());
                        List<ObjectTypeImpl> ifaces = info.interfaces().stream().map(types::get).toList();
                        ObjectTypeImpl t = new ObjectTypeImpl(this, info, parent, ifaces, p.owner());
                        types.put(info.name(), t);
                        added.add(t);
                    } catch (QomException e) {
                        rejected.add(new Rejection(p.owner(), info.name(), e.getMessage(), false, info));
                    }
                }
            }
            // Whatever is still waiting depends, directly or not, on something missing or circular.
            for (Pending p : waiting.values()) {
                rejected.add(new Rejection(p.owner(), p.info().name(), "its parent '" + p.info().parent()
                        + "' or one of its interfaces was rejected, or they form a cycle", true, p.info()));
            }
        }
        for (ObjectTypeImpl t : added) fire(new TypeEvent(Kind.ADDED, t, "registered by " + t.owner()));
        return rejected;
    }

    private boolean ready(TypeInfo info, Map<String, Pending> waiting) {
        if (info.parent() != null && waiting.containsKey(info.parent())) return false;
        for (String i : info.interfaces()) if (waiting.containsKey(i)) return false;
        return true;
    }

    private String missingDependency(TypeInfo info) {
        if (info.parent() == null) return info.name().equals(OBJECT) ? null : "only the root type may have no parent";
        ObjectTypeImpl parent = types.get(info.parent());
        if (parent == null) return "parent type '" + info.parent() + "'" + NOT_REGISTERED;
        if (parent.isInterface() && !info.isInterface()) return "parent '" + info.parent() + "' is an interface";
        for (String i : info.interfaces()) {
            ObjectTypeImpl t = types.get(i);
            if (t == null) return "interface '" + i + "'" + NOT_REGISTERED;
            if (!t.isInterface()) return "'" + i + "' is not an interface type";
        }
        if (!info.isAbstract() && info.factory() == null && parent.factory() == null) {
            return "a concrete type needs an instance factory (none here or inherited)";
        }
        return null;
    }

    /**
     * Removes every type registered by {@code owner}, and every type that descends from or implements one of them
     * (whoever registered it), since those can no longer be instantiated.
     *
     * @return the removed types' declarations with their owners, so others' types can be registered again later
     */
    public List<Pending> removeOwner(String owner, String reason) {
        List<TypeEvent> events = new ArrayList<>();
        List<Pending> removed = new ArrayList<>();
        synchronized (this) {
            for (var e : removalsFor(owner, reason).entrySet()) {
                ObjectTypeImpl t = e.getKey();
                types.remove(t.name());
                t.markRemoved();
                events.add(new TypeEvent(Kind.REMOVED, t, e.getValue()));
                removed.add(new Pending(t.owner(), t.info()));
            }
        }
        events.forEach(this::fire);
        return removed;
    }

    /** The types {@link #removeOwner} would remove now: the owner's and everything built on them. */
    public synchronized List<ObjectType> typesLeavingWith(String owner) {
        return List.copyOf(removalsFor(owner, "").keySet());
    }

    private Map<ObjectTypeImpl, String> removalsFor(String owner, String reason) {
        List<ObjectTypeImpl> gone = new ArrayList<>();
        for (ObjectTypeImpl t : types.values()) if (t.owner().equals(owner)) gone.add(t);
        Map<ObjectTypeImpl, String> removed = new LinkedHashMap<>();
        for (ObjectTypeImpl t : gone) removed.put(t, reason);
        for (ObjectTypeImpl t : types.values()) {
            if (removed.containsKey(t)) continue;
            for (ObjectTypeImpl g : gone) {
                if (t.isA(g.name())) {
                    removed.put(t, "it depends on type '" + g.name() + "', which left with " + owner);
                    break;
                }
            }
        }
        return removed;
    }

    private void fire(TypeEvent event) {
        for (Consumer<TypeEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("type registry listener failed on {} {}", event.kind(), event.type().name(), e);
            }
        }
    }

    @Override
    public Optional<ObjectType> lookup(String name) {
        return Optional.ofNullable(types.get(name));
    }

    @Override
    public ObjectType require(String name) {
        ObjectType t = types.get(name);
        if (t == null) throw new TypeNotFoundException(name, null);
        return t;
    }

    @Override
    public boolean isA(String name, String ancestor) {
        ObjectType t = types.get(name);
        return t != null && t.isA(ancestor);
    }

    @Override
    public List<ObjectType> listByAncestor(String ancestor, boolean includeAbstract) {
        return types.values().stream()
                .filter(t -> t.isA(ancestor) && (includeAbstract || !t.isAbstract()))
                .sorted(Comparator.comparing(ObjectType::name))
                .map(ObjectType.class::cast)
                .toList();
    }

    @Override
    public List<ObjectType> all() {
        return types.values().stream().sorted(Comparator.comparing(ObjectType::name)).map(ObjectType.class::cast).toList();
    }

    @Override
    public QomObject create(String typeName) {
        ObjectTypeImpl t = types.get(typeName);
        if (t == null) throw new TypeNotFoundException(typeName, null);
        if (t.isAbstract()) throw new QomException("type '" + typeName + "' is abstract and cannot be instantiated");
        QomObject obj;
        try {
            obj = t.factory().apply(t);
        } catch (QomException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new QomException("type '" + typeName + "' (" + t.owner() + "): instance factory failed: " + e, e);
        }
        if (obj == null || obj.type() != t) {
            throw new QomException("type '" + typeName + "' (" + t.owner() + "): instance factory returned "
                    + (obj == null ? "null" : "an object of type '" + obj.typeName() + "'"));
        }
        return obj;
    }

    @Override
    public <T> T create(String typeName, Class<T> expected) {
        QomObject obj = create(typeName);
        if (!expected.isInstance(obj)) {
            throw new QomException("type '" + typeName + "' is not a " + expected.getSimpleName()
                    + " (its instances are " + obj.getClass().getName() + ")");
        }
        return expected.cast(obj);
    }

    @Override
    public AutoCloseable addListener(Consumer<TypeEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
