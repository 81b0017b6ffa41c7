package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.Test;

/** The i8257 pair: register programming through the I/O space, transfers through a test device's handler. */
class I8257Test {

    private static I8257 dma(MachineHarness h, String id) {
        return (I8257) h.resolve("/machine/peripheral/" + id);
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed + i * 7);
        return b;
    }

    private static byte[] memory(MachineHarness h, long address, int n) {
        byte[] b = new byte[n];
        h.memory().read(address, b, 0, n);
        return b;
    }

    private static int readWord(MachineHarness h, int port) {
        int lo = (int) h.io().read(port, 1);
        return lo | (int) h.io().read(port, 1) << 8;
    }

    private static void writeWord(MachineHarness h, int port, int value) {
        h.io().write(port, 1, value & 0xff);
        h.io().write(port, 1, value >> 8);
    }

    private static final int[] PAGE_PORT = {0x87, 0x83, 0x81, 0x82};

    /** Programs 8-bit channel {@code ch} (mode low bits are the channel) and unmasks it, as a driver does. */
    private static void program8(MachineHarness h, int ch, int mode, int address, int count, int page) {
        h.io().write(0x0b, 1, mode | ch);
        h.io().write(0x0c, 1, 0);
        writeWord(h, ch * 2, address);
        writeWord(h, ch * 2 + 1, count);
        h.io().write(PAGE_PORT[ch], 1, page);
        h.io().write(0x0a, 1, ch);
    }

    @Test
    void addressAndCountGoThroughTheByteFlipFlopLowByteFirst() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            h.io().write(0x0c, 1, 0);
            writeWord(h, 0x02, 0x1234);
            writeWord(h, 0x03, 0x00ff);

            h.io().write(0x0c, 1, 0);
            assertEquals(0x1234, readWord(h, 0x02));
            assertEquals(0x00ff, readWord(h, 0x03));
            h.io().write(0x02, 1, 0x99);      // flip-flop now high
            h.io().write(0x0c, 1, 0);         // clear flip-flop: next access is the low byte again
            assertEquals(0x99, h.io().read(0x02, 1), "the low byte was written, the high byte kept");
            assertEquals(0x12, h.io().read(0x02, 1));
        }
    }

    @Test
    void masksFollowSingleAllAndClearWritesAndMasterClearMasksEverything() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            h.io().write(0x0d, 1, 0);
            assertEquals(0xff, h.io().read(0x09, 1), "master clear masks all channels (QEMU reads the mask at 0x09)");
            h.io().write(0x0e, 1, 0);
            assertEquals(0x00, h.io().read(0x09, 1));
            h.io().write(0x0a, 1, 0x06);
            assertEquals(0x04, h.io().read(0x09, 1));
            h.io().write(0x0a, 1, 0x02);
            assertEquals(0x00, h.io().read(0x09, 1));
            h.io().write(0x0f, 1, 0x05);
            assertEquals(0x05, h.io().read(0x09, 1));
            h.io().write(0xdc, 1, 0);         // 16-bit controller (even ports): clear all masks, then mask channel 4
            h.io().write(0xd4, 1, 0x04);
            assertEquals(0x01, h.io().read(0xd2, 1));
        }
    }

    @Test
    void statusShowsRequestsAndReadingItClearsOnlyTheTerminalCountBits() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            h.io().write(0x09, 1, 0x07);      // software request, channel 3 (masked after reset)
            dma(h, "dma1").holdDreq(1);

            assertEquals(0xa0, h.io().read(0x08, 1));
            dma(h, "dma1").releaseDreq(1);
            h.io().write(0x09, 1, 0x03);
            assertEquals(0x00, h.io().read(0x08, 1));
        }
    }

    @Test
    void pageRegistersSitAtQemusPortsPerChannel() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            int[] ports = {0x87, 0x83, 0x81, 0x82, 0x8f, 0x8b, 0x89, 0x8a};
            for (int i = 0; i < ports.length; i++) h.io().write(ports[i], 1, 0x10 + i);
            h.io().write(0x481, 1, 0x55);

            for (int i = 0; i < ports.length; i++) assertEquals(0x10 + i, h.io().read(ports[i], 1));
            assertEquals(0x55, h.io().read(0x481, 1));
            assertEquals(0, dma(h, "dma1").state().pageHigh()[0]);
            assertEquals(0x55, dma(h, "dma1").state().pageHigh()[2]);
        }
    }

    /** Channel 1, memory to device: the handler reads the whole block, the controller reaches TC and masks. */
    @Test
    void memoryToDeviceTransferRunsWhenUnmaskedAndEndsAtTerminalCount() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            byte[] data = pattern(300, 3);
            h.memory().write(0x12000, data, 0, data.length);
            byte[] got = new byte[data.length];
            List<String> calls = new ArrayList<>();
            I8257 dma = dma(h, "dma1");
            dma.registerChannel(1, (ch, pos, len) -> {
                calls.add(ch + ":" + pos + "/" + len);
                dma.readMemory(ch, got, pos, pos, len - pos);
                return len;
            });
            h.io().write(0x0a, 1, 0x05);      // mask channel 1
            h.io().write(0x0b, 1, 0x49);      // single, increment, read transfer (memory to device), channel 1
            h.io().write(0x0c, 1, 0);
            writeWord(h, 0x02, 0x2000);
            writeWord(h, 0x03, data.length - 1);
            h.io().write(0x83, 1, 0x01);
            dma.holdDreq(1);
            assertTrue(calls.isEmpty(), "a masked channel does not run");

            h.io().write(0x0a, 1, 0x01);      // unmask

            assertEquals(List.of("1:0/300"), calls);
            assertArrayEquals(data, got);
            assertEquals(IsaDma.MODE_READ, dma.transferMode(1));
            assertEquals(0x22, h.io().read(0x08, 1), "TC of channel 1 and its DREQ still held");
            assertEquals(0x20, h.io().read(0x08, 1), "reading the status cleared TC");
            assertEquals(0x02, h.io().read(0x09, 1) & 0x02, "TC without auto-initialize masks the channel");
            assertEquals(0x2000 + data.length, readWord(h, 0x02));
            assertEquals(0xffff, readWord(h, 0x03));
        }
    }

    /** Channel 5 (16-bit), device to memory in 4-byte pieces, auto-initialize: the block restarts after TC. */
    @Test
    void deviceToMemoryTransferContinuesOnTheVirtualClockAndAutoInitializes() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            byte[] data = pattern(24, 40);
            List<Integer> positions = new ArrayList<>();
            I8257 dma = dma(h, "dma2");
            int[] sent = {0};
            dma.registerChannel(5, (ch, pos, len) -> {
                positions.add(pos);
                dma.writeMemory(ch, data, sent[0], pos, 4);
                sent[0] += 4;
                if (sent[0] == data.length) dma.releaseDreq(ch);
                return pos + 4;
            });
            h.io().write(0xd6, 1, 0x55);      // single, auto-init, write transfer (device to memory), channel 1
            h.io().write(0xd8, 1, 0);
            writeWord(h, 0xc4, 0x1000);        // word address: byte 0x2000 of the 128 KiB window
            writeWord(h, 0xc6, 7);             // 8 words = 16 bytes
            h.io().write(0x8b, 1, 0x02);       // page (bit 0 ignored for 16-bit channels): 0x20000
            h.io().write(0xd4, 1, 0x01);       // unmask channel 5
            dma.holdDreq(5);
            assertEquals(List.of(0), positions, "the first piece moves at once");

            for (int i = 0; i < 10; i++) h.advanceVirtualNs(I8257.RERUN_NS);

            assertEquals(List.of(0, 4, 8, 12, 0, 4), positions);
            byte[] expected = new byte[16];
            System.arraycopy(data, 16, expected, 0, 8);
            System.arraycopy(data, 8, expected, 8, 8);
            assertArrayEquals(expected, memory(h, 0x22000, 16), "the second pass rewrote the first half");
            assertTrue(dma.autoInitialize(5));
            assertEquals(0x02, h.io().read(0xd0, 1) & 0x0f, "TC of channel 5");
            assertEquals(0x00, h.io().read(0xd2, 1) & 0x02, "auto-initialize leaves the channel unmasked");
            h.io().write(0xd8, 1, 0);
            assertEquals(0x1004, readWord(h, 0xc4), "address: base plus the 8 bytes of the second pass, in words");
        }
    }

    @Test
    void decrementModeMovesTheBlockDownwardsFromTheAddress() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            h.memory().write(0x30000, new byte[] {1, 2, 3, 4, 5}, 0, 5);
            byte[] got = new byte[4];
            I8257 dma = dma(h, "dma1");
            dma.registerChannel(0, (ch, pos, len) -> dma.readMemory(ch, got, 0, pos, len));
            program8(h, 0, 0x68, 0x0004, 3, 0x03);  // single, decrement, read transfer
            dma.holdDreq(0);

            assertArrayEquals(new byte[] {5, 4, 3, 2}, got);
            assertEquals(0x0000, readWord(h, 0x00), "the address counted down by four");
        }
    }

    @Test
    void addressesWrapInsideThe64KiBWindowOfThePage() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            I8257 dma = dma(h, "dma1");
            dma.registerChannel(2, (ch, pos, len) -> dma.writeMemory(ch, new byte[] {7, 8, 9, 10}, 0, pos, len));
            program8(h, 2, 0x44, 0xfffe, 3, 0x01);  // single, increment, write transfer
            dma.holdDreq(2);

            assertArrayEquals(new byte[] {7, 8}, memory(h, 0x1fffe, 2));
            assertArrayEquals(new byte[] {9, 10}, memory(h, 0x10000, 2));
            assertArrayEquals(new byte[] {0, 0}, memory(h, 0x20000, 2), "the page does not carry");
        }
    }

    @Test
    void disabledControllerAndCascadeModeDoNotTransfer() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            I8257 dma = dma(h, "dma2");
            int[] calls = {0};
            dma.registerChannel(4, (ch, pos, len) -> { calls[0]++; return pos; });
            dma.registerChannel(6, (ch, pos, len) -> { calls[0]++; return pos; });
            h.io().write(0xd6, 1, 0xc0);      // channel 4: cascade, as firmware programs it
            h.io().write(0xdc, 1, 0);         // clear all masks
            dma.holdDreq(4);
            h.io().write(0xd0, 1, 0x04);      // controller disable
            dma.holdDreq(6);
            h.advanceVirtualNs(10 * I8257.RERUN_NS);

            assertEquals(0, calls[0]);
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheControllerStillWorks() {
        try (MachineHarness h = IsaTestBoards.withDma().build()) {
            for (int port = 0; port < 0x20; port++) {
                h.io().write(port, 1, 0xff);
                h.io().read(port, 1);
                h.io().write(port, 4, 0x12345678);
            }
            for (int port = 0x80; port < 0x90; port++) h.io().write(port, 1, 0xff);
            h.io().write(0x08, 1, 0x01);      // memory-to-memory: not supported, ignored
            h.io().write(0x09, 1, 0x04);      // request on channel 0 with nobody behind it
            dma(h, "dma1").holdDreq(1);
            h.io().write(0x0e, 1, 0);
            h.advanceVirtualNs(5 * I8257.RERUN_NS);

            I8257 dma = dma(h, "dma1");
            byte[] got = new byte[2];
            dma.registerChannel(3, (ch, pos, len) -> dma.readMemory(ch, got, 0, pos, len)); // page 0xff, unmapped
            h.io().write(0x0d, 1, 0);
            program8(h, 3, 0x48, 0x1234, 1, 0xff);  // page 0xff: beyond the RAM
            dma.holdDreq(3);
            assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff}, got, "unmapped memory reads as all-ones");
            assertEquals(0x08, h.io().read(0x08, 1) & 0x0f);
        }
    }

    @Test
    void aSecondControllerOfTheSameWidthIsRefused() {
        QomException e = assertThrows(QomException.class,
                () -> IsaTestBoards.withDma().device(I8257.TYPE, "dma3", Map.of("base", "0x100", "page-base", "0x110",
                        "pageh-base", "-1")).build());
        assertTrue(e.getMessage().contains("already has a 8-bit DMA controller"), e.getMessage());
    }
}
