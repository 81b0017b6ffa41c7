package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevEvent;
import org.jemu.core.chardev.ChardevFrontend;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.Test;

/** isa-serial at COM1 (0x3f8) on a chardev that records output and feeds input the way a backend does. */
class IsaSerialTest {

    static final int RBR = 0x3f8, IER = 0x3f9, IIR = 0x3fa, FCR = 0x3fa, LCR = 0x3fb, MCR = 0x3fc, LSR = 0x3fd,
            MSR = 0x3fe, SCR = 0x3ff;

    /** A backend: keeps output, buffers typed input and hands it over only as far as canReceive() allows. */
    static final class Line implements Chardev {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ArrayDeque<Byte> pending = new ArrayDeque<>();
        ChardevFrontend frontend;
        int acceptAgainCalls;

        public String id() { return "com"; }
        public String backend() { return "line"; }
        public int write(byte[] buf, int off, int len) { out.write(buf, off, len); return len; }
        public void attach(ChardevFrontend f) { frontend = f; }
        public void detach() { frontend = null; }
        public void acceptInputAgain() { acceptAgainCalls++; pump(); }
        public boolean isConnected() { return true; }
        public void close() { }

        void type(String text) {
            for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) pending.add(b);
            pump();
        }

        void pump() {
            while (frontend != null && !pending.isEmpty()) {
                int n = Math.min(frontend.canReceive(), pending.size());
                if (n <= 0) return;
                byte[] chunk = new byte[n];
                for (int i = 0; i < n; i++) chunk[i] = pending.poll();
                frontend.receive(chunk, 0, n);
            }
        }

        String output() {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static final class Uart implements AutoCloseable {
        final Line line = new Line();
        final MachineHarness h;
        final List<Boolean> irq = new ArrayList<>();

        Uart() {
            h = IsaTestBoards.isaBoard().chardev("com", line)
                    .device(IsaSerial.TYPE, "com1", Map.of("chardev", "com")).build();
            ((Device) h.resolve("/machine/peripheral/com1")).connectGpioOut("", 0, irq::add);
        }

        int in(int port) {
            return (int) h.io().read(port, 1);
        }

        void out(int port, int value) {
            h.io().write(port, 1, value);
        }

        boolean irqHigh() {
            return !irq.isEmpty() && irq.getLast();
        }

        String readAll(int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append((char) in(RBR));
            return sb.toString();
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void powerOnRegistersAreThoseOfQemusReset() {
        try (Uart u = new Uart()) {
            assertEquals(0x01, u.in(IIR));
            assertEquals(0x60, u.in(LSR), "transmitter empty");
            assertEquals(0xb0, u.in(MSR), "DCD, DSR, CTS from a backend without modem lines");
            assertEquals(0x08, u.in(MCR), "OUT2");
        }
    }

    @Test
    void transmittedBytesReachTheChardevAtOnce() {
        try (Uart u = new Uart()) {
            for (char c : "hi\n".toCharArray()) u.out(RBR, c);

            assertEquals("hi\n", u.line.output());
            assertEquals(0x60, u.in(LSR));
        }
    }

    @Test
    void receivedBytesRaiseTheInterruptAndReadInOrder() {
        try (Uart u = new Uart()) {
            u.out(IER, 0x01);
            u.line.type("abc");
            assertTrue(u.irqHigh());
            assertEquals(0x04, u.in(IIR), "received data available");
            assertEquals(0x61, u.in(LSR));

            assertEquals("abc", u.readAll(3), "without FIFO one byte at a time, the rest following each read");

            assertFalse(u.irqHigh());
            assertEquals(0x60, u.in(LSR));
            assertEquals(3, u.line.acceptAgainCalls);
        }
    }

    @Test
    void fifoTriggerLevelHoldsTheInterruptBackUntilEnoughBytesArrived() {
        try (Uart u = new Uart()) {
            u.out(FCR, 0x81);                 // FIFO on, trigger level 8
            u.out(IER, 0x01);
            assertEquals(0xc1, u.in(IIR), "FIFO-enabled bits");
            u.line.type("1234567");
            assertFalse(u.irqHigh(), "7 bytes: below the trigger level");

            u.line.type("89ABCDEF");

            assertTrue(u.irqHigh());
            assertEquals(0xc4, u.in(IIR));
            assertEquals(7, u.line.pending.size(), "flow control: the UART took bytes up to its trigger level");
            assertEquals("12345678", u.readAll(8));
        }
    }

    @Test
    void flowControlTakesMoreInputAsTheGuestReadsAndNeverOverruns() {
        try (Uart u = new Uart()) {
            u.out(FCR, 0xc1);                 // trigger level 14
            u.line.type("abcdefghijklmnopqrstuvwxyz");

            assertEquals("abcdefghijklmnopqrstuvwxyz", u.readAll(26));
            assertEquals(0, u.in(LSR) & 0x02, "no overrun");
            assertTrue(u.line.pending.isEmpty());
        }
    }

    @Test
    void characterTimeoutFiresAfterFourCharacterTimesOfTheProgrammedRate() {
        try (Uart u = new Uart()) {
            u.out(LCR, 0x80);
            u.out(RBR, 0x01);                 // divisor 1: 115200 baud
            u.out(IER, 0x00);
            u.out(LCR, 0x03);                 // 8N1: 10-bit frames
            u.out(FCR, 0x41);                 // trigger level 4
            u.out(IER, 0x01);
            u.line.type("xy");
            long fourCharacters = 4 * (1_000_000_000L / 115200) * 10;

            u.h.advanceVirtualNs(fourCharacters - 1);
            assertFalse(u.irqHigh());
            u.h.advanceVirtualNs(1);

            assertTrue(u.irqHigh());
            assertEquals(0xcc, u.in(IIR), "character timeout");
            assertEquals('x', u.in(RBR));
            assertFalse(u.irqHigh(), "reading cleared the timeout");
            u.h.advanceVirtualNs(fourCharacters);
            assertTrue(u.irqHigh(), "the remaining byte times out again");
        }
    }

    @Test
    void overrunAndBreakShowInLineStatusAndReadingClearsThem() {
        try (Uart u = new Uart()) {
            u.out(IER, 0x04);
            u.line.frontend.receive(new byte[] {'a'}, 0, 1);
            u.line.frontend.receive(new byte[] {'b'}, 0, 1);
            assertTrue(u.irqHigh());
            assertEquals(0x06, u.in(IIR), "receiver line status");

            assertEquals(0x63, u.in(LSR), "data ready, overrun");
            assertEquals(0x61, u.in(LSR));
            assertFalse(u.irqHigh());
            assertEquals('b', u.in(RBR));

            u.line.frontend.event(ChardevEvent.BREAK);
            assertEquals(0x71, u.in(LSR), "break, data ready");
            assertEquals(0, u.in(RBR));
        }
    }

    @Test
    void loopbackSendsToTheReceiverAndLoopsTheModemLinesWithDeltas() {
        try (Uart u = new Uart()) {
            u.out(IER, 0x08);
            u.out(MCR, 0x10);
            assertTrue(u.irqHigh(), "DCD, DSR and CTS dropped when the outputs took over");
            assertEquals(0x0b, u.in(MSR), "lines low; delta CTS, DSR and DCD");
            assertFalse(u.irqHigh());

            u.out(MCR, 0x1f);
            assertEquals(0xfb, u.in(MSR), "RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD, each with its delta");
            u.out(MCR, 0x1b);
            assertEquals(0xb4, u.in(MSR), "trailing edge of RI");

            u.out(RBR, 'z');
            assertEquals("", u.line.output());
            assertEquals('z', u.in(RBR));
            u.out(MCR, 0x08);
            u.out(RBR, 'w');
            assertEquals("w", u.line.output());
        }
    }

    @Test
    void divisorLatchReplacesDataAndInterruptEnableWhileDlabIsSet() {
        try (Uart u = new Uart()) {
            u.out(IER, 0x05);
            u.out(LCR, 0x83);
            assertEquals(0x0c, u.in(RBR), "9600 baud after reset");
            assertEquals(0x00, u.in(IER));
            u.out(RBR, 0x01);
            u.out(IER, 0x02);
            assertEquals(0x01, u.in(RBR));
            assertEquals(0x02, u.in(IER));
            assertEquals("", u.line.output(), "a divisor write is not data");

            u.out(LCR, 0x03);
            assertEquals(0x05, u.in(IER));
            assertEquals(0x0201, ((IsaSerial) u.h.resolve("/machine/peripheral/com1")).state().divider());
        }
    }

    @Test
    void thrEmptyInterruptIsClearedByReadingIirAndRearmedByIerOrTheNextByte() {
        try (Uart u = new Uart()) {
            u.out(IER, 0x02);
            assertTrue(u.irqHigh());
            assertEquals(0x02, u.in(IIR));
            assertFalse(u.irqHigh());
            assertEquals(0x01, u.in(IIR));

            u.out(RBR, 'q');
            assertTrue(u.irqHigh(), "the byte left at once: THR empty again");
            u.out(IER, 0x00);
            assertFalse(u.irqHigh());
            u.out(IER, 0x02);
            assertTrue(u.irqHigh(), "enabling THRI while THR is empty interrupts");
        }
    }

    @Test
    void scratchRegisterKeepsItsValueAndStatusRegistersIgnoreWrites() {
        try (Uart u = new Uart()) {
            u.out(SCR, 0x5a);
            u.out(LSR, 0x00);
            u.out(MSR, 0x00);

            assertEquals(0x5a, u.in(SCR));
            assertEquals(0x60, u.in(LSR));
            assertEquals(0xb0, u.in(MSR));
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheUartStillTransmits() {
        try (Uart u = new Uart()) {
            for (int v = 0; v < 256; v += 3) {
                for (int p = RBR; p <= SCR; p++) {
                    u.out(p, v);
                    u.in(p);
                }
                u.h.io().write(RBR, 4, 0xfeedfaceL);
                u.line.type("!");
                u.h.advanceVirtualNs(1_000_000);
            }
            u.out(LCR, 0x80);
            u.out(RBR, 0);
            u.out(IER, 0);                    // divisor 0: QEMU keeps the previous rate
            u.out(LCR, 0x03);
            u.out(MCR, 0x08);
            u.out(FCR, 0x07);
            u.line.out.reset();

            u.out(RBR, 'k');

            assertEquals("k", u.line.output());
        }
    }

    @Test
    void indexPicksTheStandardPortAndAFifthPortIsRefused() {
        Line line = new Line();
        try (MachineHarness h = IsaTestBoards.isaBoard().chardev("com", line)
                .device(IsaSerial.TYPE, "a", Map.of())
                .device(IsaSerial.TYPE, "b", Map.of("chardev", "com")).build()) {
            h.io().write(0x2f8, 1, 'B');
            assertEquals("B", line.output(), "the second port defaults to COM2");
        }
        QomException e = assertThrows(QomException.class, () -> IsaTestBoards.isaBoard()
                .device(IsaSerial.TYPE, "x", Map.of("index", "4")).build());
        assertTrue(e.getMessage().contains("Max. supported number of ISA serial ports is 4."), e.getMessage());
    }
}
