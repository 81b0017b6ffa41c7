/**
 * The type registry (QEMU's QOM): types, objects, typed properties and the composition tree.
 */
@Export
@Version("0.1.0")
package org.jemu.core.qom;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
