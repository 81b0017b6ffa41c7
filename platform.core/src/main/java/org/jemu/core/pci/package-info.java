/**
 * The PCI bus model (QEMU's hw/pci): the bus types "PCI" and "PCIE" ({@link org.jemu.core.pci.PciBus}), the abstract
 * device type "pci-device" ({@link org.jemu.core.pci.PciDevice}: configuration space with write masks, BARs mapped
 * through the memory API as the COMMAND register allows, INTx), the interrupt routing a south bridge installs on a
 * bus ({@link org.jemu.core.pci.PciIrqRouting}), configuration mechanism #1 for host bridges
 * ({@link org.jemu.core.pci.PciConfigMechanism1}), the PCI Express memory-mapped configuration window (ECAM,
 * {@link org.jemu.core.pci.PciExpressEcam}), and for PC host bridges the PAM shadowing windows
 * ({@link org.jemu.core.pci.Pam}) and the PCI hole properties ({@link org.jemu.core.pci.PcPciHoles}). Register
 * offsets and bits are in {@link org.jemu.core.pci.PciConfig}.
 */
@Export
@Version("0.3.0")
package org.jemu.core.pci;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
