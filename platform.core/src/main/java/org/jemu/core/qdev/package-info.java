/**
 * The device model (QEMU's qdev): devices and buses, realize/unrealize, three-phase reset, hotplug, IRQ lines and GPIOs.
 */
@Export
@Version("0.3.0")
package org.jemu.core.qdev;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
