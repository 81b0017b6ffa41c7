/**
 * The x86 CPU: CPU device types and the architectural state value that every accelerator exports and imports. (Filled in by the CPU issues.)
 */
@Export
@Version("0.2.0")
package org.jemu.cpu.x86;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
