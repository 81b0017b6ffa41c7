package org.jemu.core.module;

/**
 * The module-init phases (QEMU's module_init types), run in this order at start-up. Each bundle contributes to
 * the phases it needs through {@link ModuleInit} services; within a phase all bundles' types are registered as one
 * batch, so a type may extend a type another bundle declares in the same phase.
 */
public enum InitPhase {
    /** Block drivers: image formats and protocols. */
    BLOCK,
    /** Command-line option groups and their handlers. */
    OPTS,
    /** Base types: abstract device and bus types, interfaces, buses that others extend. */
    TYPES,
    /** Machine types (boards). */
    MACHINE,
    /** Concrete device types, CPU models included. */
    DEVICE,
    /** Backends: accelerators, display, character device and network backends. */
    BACKEND
}
