/**
 * The memory API: memory regions, address spaces and their flat views, RAM blocks shared with accelerators, dirty logging and DMA. (Filled in by the memory API issue.)
 */
@Export
@Version("0.1.0")
package org.jemu.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
