/**
 * The main loop: clocks, timers, bottom halves, I/O handlers, the global device lock and vCPU threads.
 */
@Export
@Version("0.1.0")
package org.jemu.core.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
