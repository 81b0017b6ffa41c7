/**
 * Machine types and declarative board definitions.
 */
@Export
@Version("0.3.0")
package org.jemu.core.machine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
