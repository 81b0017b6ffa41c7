/**
 * The accelerator SPI: accelerator, VM and vCPU, and the architectural CPU state they exchange.
 */
@Export
@Version("0.1.0")
package org.jemu.core.accel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
