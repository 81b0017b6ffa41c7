/**
 * ACPI tables as QEMU's x86 boards hand them to firmware: an AML encoder ({@link org.jemu.core.acpi.Aml} factories,
 * {@link org.jemu.core.acpi.AmlBlock}, {@link org.jemu.core.acpi.AmlField},
 * {@link org.jemu.core.acpi.ResourceTemplate}) for definition blocks, table framing and checksums
 * ({@link org.jemu.core.acpi.AcpiTable} in a {@link org.jemu.core.acpi.TableData} blob), the fixed-layout tables
 * (FACS, FADT, MADT, HPET, WAET, RSDT/XSDT, RSDP: {@link org.jemu.core.acpi.AcpiTables}), and QEMU's BIOS
 * linker/loader command list, "etc/table-loader" ({@link org.jemu.core.acpi.BiosLinker}), with which SeaBIOS or OVMF
 * place the fw_cfg blobs "etc/acpi/tables" and "etc/acpi/rsdp" in guest memory and patch their pointers and
 * checksums. Boards compose their own DSDT from these pieces.
 *
 * <p>Also the ACPI fixed hardware registers a chipset's power management function decodes (PM1 event and control
 * blocks, PM timer, GPE0 block: {@link org.jemu.core.acpi.AcpiPmRegisters}, QEMU's ACPIREGS), shared by the south
 * bridges of the boards.
 */
@Export
@Version("0.2.0")
package org.jemu.core.acpi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
