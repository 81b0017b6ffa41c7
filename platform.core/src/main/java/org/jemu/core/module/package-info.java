/**
 * Module-init phases: how bundles contribute types, machines and backends to the runtime.
 */
@Export
@Version("0.1.0")
package org.jemu.core.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
