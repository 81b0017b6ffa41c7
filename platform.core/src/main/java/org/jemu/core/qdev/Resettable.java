package org.jemu.core.qdev;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that takes part in three-phase reset (QEMU's Resettable): every object of a tree runs <em>enter</em>
 * (parents before children: forget state, no side effects on others), then every object runs <em>hold</em>
 * (children before parents: drive outputs such as IRQ lines to their reset levels), then <em>exit</em> (children
 * before parents: leave reset). See {@link Reset#reset}.
 */
@ConsumerType
public interface Resettable {

    default void resetEnter(ResetType type) {
    }

    default void resetHold(ResetType type) {
    }

    default void resetExit(ResetType type) {
    }

    /** The objects reset together with this one (a device's buses, a bus's devices). */
    default List<? extends Resettable> resetChildren() {
        return List.of();
    }
}
