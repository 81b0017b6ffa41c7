/**
 * What a board may ask of the machine's real-time clock: its battery-backed CMOS RAM ({@link org.jemu.core.rtc.CmosRam},
 * QEMU's mc146818rtc_set_cmos_data), where PC boards leave memory sizes, the boot order and the equipment byte for the
 * firmware.
 */
@Export
@Version("0.1.0")
package org.jemu.core.rtc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
