/**
 * A test kit for device and board bundles: builds a real machine (type registry, module-init phases, machine
 * builder, memory system) in-process, without OSGi or a CPU, so a plugin's unit tests can drive its devices through
 * the machine's address spaces the way a guest would (QEMU's qtest idea).
 */
@Export
@Version("0.2.0")
package org.jemu.core.harness;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
