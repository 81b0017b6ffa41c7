package org.jemu.core.module;

import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;
import org.osgi.annotation.versioning.ProviderType;

/** What a {@link ModuleInit} contribution works with. */
@ProviderType
public interface InitContext {

    /** The phase being run. */
    InitPhase phase();

    /** The contributing bundle's symbolic name; it owns what it registers. */
    String owner();

    /**
     * Declares a type. Declarations are registered together when {@link ModuleInit#init} returns, parents first;
     * one with a missing parent is rejected with a logged message naming it, its parent and the bundle.
     */
    void register(TypeInfo type);

    /** The registry as it is before this contribution's types are added (read-only use). */
    TypeRegistry registry();
}
