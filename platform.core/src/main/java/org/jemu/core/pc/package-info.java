/**
 * What PC-compatible boards share, as QEMU's hw/i386/pc.c and x86.c are shared by its pc (i440FX) and q35 machines:
 * the RAM mapping around the PCI hole ({@link org.jemu.core.pc.PcRamSplit}), the BIOS and option ROM area
 * ({@link org.jemu.core.pc.PcBios}), the fw_cfg items and e820 map ({@link org.jemu.core.pc.PcFwCfg}), the CMOS bytes
 * for the firmware ({@link org.jemu.core.pc.PcCmos}), the COM ports, vmport and CPU lines
 * ({@link org.jemu.core.pc.PcWiring}), and the ACPI pieces both boards' tables contain
 * ({@link org.jemu.core.pc.PcAcpi}, {@link org.jemu.core.pc.PcAml}). A board calls these from its hooks and keeps
 * only its chipset's own parts; nothing here names a chipset device type.
 */
@Export
@Version("0.1.0")
package org.jemu.core.pc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
