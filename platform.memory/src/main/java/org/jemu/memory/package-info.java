/**
 * The memory API (QEMU's docs/devel/memory.rst design): {@link org.jemu.memory.MemoryRegion} trees rendered by a
 * {@link org.jemu.memory.MemorySystem} into the immutable flat views of its {@link org.jemu.memory.AddressSpace}s;
 * a CPU fast path ({@link org.jemu.memory.Translation}), single-access dispatch with QEMU's access splitting, the DMA
 * API, {@link org.jemu.memory.MemoryListener}s, RAM blocks shared with accelerators and dirty logging.
 */
@Export
@Version("0.1.0")
package org.jemu.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
