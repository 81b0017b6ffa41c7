/**
 * The I2C/SMBus model (QEMU's hw/i2c core): the bus type "i2c-bus" ({@link org.jemu.core.i2c.I2cBus}: start, send,
 * receive, NACK and stop conditions from a host controller), the abstract target types "i2c-slave"
 * ({@link org.jemu.core.i2c.I2cSlave}, property {@code address}) and "smbus-device"
 * ({@link org.jemu.core.i2c.SmbusDevice}: the SMBus protocol seen from the target, reduced to quick command, write
 * and receive-byte hooks), and the SMBus host-side transactions ({@link org.jemu.core.i2c.SmbusMaster}) that SMBus
 * host controllers (PIIX4, ICH9) run on a bus.
 */
@Export
@Version("0.1.0")
package org.jemu.core.i2c;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
