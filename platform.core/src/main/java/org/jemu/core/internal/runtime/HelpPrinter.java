package org.jemu.core.internal.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.Machine;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;

/** The {@code help} listings, formatted like qemu-system-x86_64's, from what the registry holds right now. */
final class HelpPrinter {

    private final TypeRegistry registry;

    HelpPrinter(TypeRegistry registry) {
        this.registry = registry;
    }

    /** {@code -machine help}: aliases on their own line before the machine, the default marked. */
    String machines() {
        StringBuilder b = new StringBuilder("Supported machines are:\n");
        List<ObjectType> types = new ArrayList<>(registry.listByAncestor(Machine.TYPE, false));
        types.sort(Comparator.comparing(HelpPrinter::machineName));
        for (ObjectType t : types) {
            String name = machineName(t);
            String alias = t.get(Machine.ALIAS);
            if (alias != null) b.append(String.format("%-20s %s (alias of %s)%n", alias, t.description(), name));
            b.append(String.format("%-20s %s%s%n", name, t.description(), t.get(Machine.IS_DEFAULT) ? " (default)" : ""));
        }
        return b.toString();
    }

    /** {@code -machine NAME,help}: the machine's properties. */
    String machineProperties(ObjectType machine) {
        return properties(machineName(machine) + "-machine options:", machine);
    }

    /** {@code -device help}: user-creatable device types by category, QEMU's format. */
    String devices() {
        Map<DeviceCategory, List<ObjectType>> byCategory = new EnumMap<>(DeviceCategory.class);
        for (ObjectType t : registry.listByAncestor(Device.TYPE, false)) {
            if (!t.get(Device.USER_CREATABLE)) continue;
            byCategory.computeIfAbsent(t.get(Device.CATEGORY), c -> new ArrayList<>()).add(t);
        }
        StringBuilder b = new StringBuilder();
        byCategory.forEach((category, types) -> {
            if (!b.isEmpty()) b.append('\n');
            b.append(category.title()).append(":\n");
            for (ObjectType t : types) {
                b.append("name \"").append(t.name()).append('"');
                String bus = t.get(Device.BUS_TYPE);
                if (bus != null) b.append(", bus ").append(bus);
                String alias = t.get(Device.ALIAS);
                if (alias != null) b.append(", alias \"").append(alias).append('"');
                if (!t.description().isEmpty()) b.append(", desc \"").append(t.description()).append('"');
                b.append('\n');
            }
        });
        if (b.isEmpty()) b.append("No device types are installed.\n");
        return b.toString();
    }

    /** {@code -device TYPE,help}. */
    String deviceProperties(String typeName) {
        ObjectType t = registry.lookup(typeName).orElse(null);
        if (t == null) {
            t = registry.listByAncestor(Device.TYPE, false).stream()
                    .filter(d -> typeName.equals(d.get(Device.ALIAS))).findFirst().orElse(null);
        }
        if (t == null || !t.isA(Device.TYPE) || t.isAbstract()) {
            throw new QomException("'" + typeName + "' is not a valid device model name");
        }
        return properties(t.name() + " options:", t);
    }

    private static String properties(String title, ObjectType t) {
        StringBuilder b = new StringBuilder(title).append('\n');
        List<PropertyDef> defs = new ArrayList<>(t.properties());
        defs.removeIf(PropertyDef::readOnly);
        defs.removeIf(d -> d.name().equals("realized"));
        defs.sort(Comparator.comparing(PropertyDef::name));
        if (defs.isEmpty()) b.append("  (no properties)\n");
        for (PropertyDef d : defs) {
            String left = "  " + d.name() + "=<" + d.typeName() + ">";
            String right = d.description();
            if (d.defaultValue() != null) right += (right.isEmpty() ? "" : " ") + "(default: " + d.format(d.defaultValue()) + ")";
            b.append(right.isEmpty() ? left : String.format("%-24s - %s", left, right)).append('\n');
        }
        return b.toString();
    }

    /** {@code -accel help}. */
    String accelerators() {
        StringBuilder b = new StringBuilder("Accelerators supported in jemu:\n");
        List<ObjectType> types = registry.listByAncestor(Accelerator.TYPE, false);
        if (types.isEmpty()) b.append("(none installed: add an accelerator bundle, e.g. platform.cpu.x86 for tcg)\n");
        for (ObjectType t : types) {
            String name = t.name().endsWith(Accelerator.TYPE_SUFFIX)
                    ? t.name().substring(0, t.name().length() - Accelerator.TYPE_SUFFIX.length()) : t.name();
            String why = null;
            try {
                QomObject o = registry.create(t.name());
                if (o instanceof Accelerator a) why = a.unavailableReason();
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            b.append(name).append(why == null ? "" : " (not available here: " + why + ")").append('\n');
        }
        return b.toString();
    }

    /** {@code -cpu help}: the CPU models of the given machine's board. */
    String cpus(ObjectType machine) {
        BoardDefinition board = machine.get(Machine.BOARD);
        if (board == null || board.cpuBaseType() == null) return "Machine '" + machineName(machine) + "' has no CPUs.\n";
        StringBuilder b = new StringBuilder("Available CPUs:\n");
        List<ObjectType> models = registry.listByAncestor(board.cpuBaseType(), false);
        if (models.isEmpty()) {
            b.append("(none installed: no bundle provides a ").append(board.cpuBaseType()).append(" type)\n");
        }
        for (ObjectType t : models) {
            String model = t.name().endsWith(board.cpuTypeSuffix())
                    ? t.name().substring(0, t.name().length() - board.cpuTypeSuffix().length()) : t.name();
            b.append(String.format("  %-20s %s", model, t.description()).stripTrailing()).append("\n");
        }
        return b.toString();
    }

    static String machineName(ObjectType t) {
        String n = t.name();
        return n.endsWith(Machine.TYPE_SUFFIX) ? n.substring(0, n.length() - Machine.TYPE_SUFFIX.length()) : n;
    }
}
