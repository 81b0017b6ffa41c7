package org.jemu.core.qdev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An interrupt controller that takes the local APICs' end-of-interrupt broadcast for level-triggered vectors (an I/O
 * APIC clears its remote IRR and re-delivers a line still asserted). Implemented by I/O APIC devices; a board links
 * it to the CPUs (their "eoi-receiver"), so the CPU bundle and the device bundle need not import each other.
 */
@ConsumerType
public interface EoiReceiver {

    /** A local APIC finished the level-triggered interrupt with {@code vector}. Called with the global lock held. */
    void eoiBroadcast(int vector);
}
