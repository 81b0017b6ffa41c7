/**
 * The I2C/SMBus model (QEMU's hw/i2c core): the bus type "i2c-bus" ({@link org.jemu.core.i2c.I2cBus}: start, send,
 * receive, NACK and stop conditions from a host controller), the abstract target types "i2c-slave"
 * ({@link org.jemu.core.i2c.I2cSlave}, property {@code address}) and "smbus-device"
 * ({@link org.jemu.core.i2c.SmbusDevice}: the SMBus protocol seen from the target, reduced to quick command, write
 * and receive-byte hooks), the SMBus host-side transactions ({@link org.jemu.core.i2c.SmbusMaster}) that SMBus
 * host controllers run on a bus, and the register file of the Intel SMBus host controller PIIX4 and ICH9 share
 * ({@link org.jemu.core.i2c.SmbusHostController}, QEMU's pm_smbus).
 */
@Export
@Version("0.2.0")
package org.jemu.core.i2c;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
