/**
 * Character devices: backends (stdio, file, socket, null) and the frontend interface devices use.
 */
@Export
@Version("0.1.0")
package org.jemu.core.chardev;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
