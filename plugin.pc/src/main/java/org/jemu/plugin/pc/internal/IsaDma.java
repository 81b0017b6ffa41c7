package org.jemu.plugin.pc.internal;

/**
 * The DMA side an ISA device sees (QEMU's IsaDma interface, implemented by {@link I8257}): channels 0-3 belong to
 * the 8-bit controller, 4-7 to the 16-bit one (channel 4 is the cascade from the 8-bit controller and carries no
 * device). A device finds the controller of its channel on its ISA bus ({@link IsaTypes.IsaBus#dma(int)}),
 * registers a {@link TransferHandler} at realize, raises DREQ when it has data to move and lowers it when done.
 * All calls happen on the main loop thread with the global lock held (register accesses and timer callbacks).
 */
interface IsaDma {

    /** Mode register transfer type (bits 3-2): verify. */
    int MODE_VERIFY = 0x00;
    /** Mode register transfer type: device to memory ("write" transfer, the controller writes memory). */
    int MODE_WRITE = 0x04;
    /** Mode register transfer type: memory to device ("read" transfer, the controller reads memory). */
    int MODE_READ = 0x08;

    /**
     * Called by the controller while the channel's DREQ is raised and the channel is unmasked. The handler moves
     * data with {@link #readMemory}/{@link #writeMemory} (positions relative to the start of the programmed
     * block) and returns the new position: {@code length} or more ends the block (terminal count), less leaves
     * the rest for a later call. The handler may lower or raise DREQ from inside the call.
     */
    @FunctionalInterface
    interface TransferHandler {
        /**
         * @param channel the DMA channel (0-7)
         * @param position bytes of the block already transferred
         * @param length bytes in the block ((count + 1) words of the channel's width)
         * @return the new position
         */
        int transfer(int channel, int position, int length);
    }

    /** Makes {@code handler} the device of {@code channel} (replacing an earlier one); null removes it. */
    void registerChannel(int channel, TransferHandler handler);

    /** The channel's transfer type: {@link #MODE_VERIFY}, {@link #MODE_WRITE} or {@link #MODE_READ} (0x0c: illegal). */
    int transferMode(int channel);

    /** Whether the channel is programmed to reload its address and count at terminal count. */
    boolean autoInitialize(int channel);

    /** Raises the channel's DREQ (QEMU's hold_DREQ); transfers run at once if the channel is unmasked. */
    void holdDreq(int channel);

    /** Lowers the channel's DREQ. */
    void releaseDreq(int channel);

    /**
     * Copies {@code len} bytes of guest memory at block position {@code position} of the channel into {@code buf}
     * (address decrement mode runs downwards from the programmed address). Unmapped memory reads as all-ones.
     *
     * @return the bytes copied ({@code len})
     */
    int readMemory(int channel, byte[] buf, int off, int position, int len);

    /** Copies {@code len} bytes from {@code buf} into guest memory at block position {@code position}. */
    int writeMemory(int channel, byte[] buf, int off, int position, int len);
}
