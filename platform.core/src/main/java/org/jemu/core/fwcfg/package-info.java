/**
 * The firmware configuration interface (QEMU's fw_cfg, docs/specs/fw_cfg.txt): the items and named files a board
 * hands to the guest's firmware. A board finds the machine's fw_cfg device by name in a hook and fills it through
 * {@link org.jemu.core.fwcfg.FwCfg}.
 */
@Export
@Version("0.2.0")
package org.jemu.core.fwcfg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
