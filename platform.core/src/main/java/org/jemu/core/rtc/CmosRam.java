package org.jemu.core.rtc;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The CMOS RAM of an MC146818-style RTC, seen from the board: bytes 0-127 (the clock's registers included), set up
 * before the guest runs. Writes store the byte as it is, with none of the side effects a guest write to the register
 * would have. Callers hold the global lock (board hooks do).
 */
@ProviderType
public interface CmosRam {

    /** The number of bytes. */
    int SIZE = 128;

    /** Stores {@code value}'s low byte at {@code index}. @throws IndexOutOfBoundsException outside 0..127 */
    void cmosWrite(int index, int value);

    /** The byte at {@code index}. @throws IndexOutOfBoundsException outside 0..127 */
    int cmosRead(int index);
}
