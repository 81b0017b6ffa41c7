/**
 * QEMU's option syntax (key=value lists with an implied first key), shared by the command line and plugins.
 */
@Export
@Version("0.1.0")
package org.jemu.core.opts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
