package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevFrontend;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.Test;

/** isa-debugcon and isa-debug-exit on an ISA bus, driven through the machine's I/O address space. */
class DebugDevicesTest {

    /** A chardev that keeps what devices write. */
    static final class Capture implements Chardev {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        public String id() { return "dbg"; }
        public String backend() { return "capture"; }
        public int write(byte[] buf, int off, int len) { bytes.write(buf, off, len); return len; }
        public void attach(ChardevFrontend frontend) { }
        public void detach() { }
        public void acceptInputAgain() { }
        public boolean isConnected() { return true; }
        public void close() { }
    }

    private MachineHarness.Builder harness() {
        return MachineHarness.builder()
                .contribute(new PcDeviceTypes(), new PcDevices())
                .board(BoardDefinition.builder().device(DeviceSpec.of("isa", IsaBusBridge.TYPE).on("main-system-bus")).build(), null);
    }

    @Test
    void debugconSendsWrittenBytesToItsChardevAndReadsBackE9() {
        Capture capture = new Capture();
        try (MachineHarness h = harness().chardev("dbg", capture)
                .device(IsaDebugcon.TYPE, null, Map.of("iobase", "0x402", "chardev", "dbg")).build()) {
            for (char c : "Hello\n".toCharArray()) h.io().write(0x402, 1, c);

            assertEquals("Hello\n", capture.bytes.toString());
            assertEquals(0xe9, h.io().read(0x402, 1), "software detects the port by its readback");
        }
    }

    @Test
    void debugconWithoutChardevDropsOutputAtTheDefaultPort() {
        try (MachineHarness h = harness().device(IsaDebugcon.TYPE, null, Map.of()).build()) {
            h.io().write(0xe9, 1, 'x');
            assertEquals(0xe9, h.io().read(0xe9, 1));
        }
    }

    @Test
    void debugExitEndsWithStatusValueShiftedLeftPlusOne() {
        try (MachineHarness h = harness().device(IsaDebugExit.TYPE, null, Map.of("iobase", "0xf4", "iosize", "4")).build()) {
            h.io().write(0xf4, 4, 0x10);

            assertEquals(List.of("exit 33"), h.systemRequests());
        }
    }

    @Test
    void debugExitHandsOnTheWholeStatusTheProcessKeepsItsLowByte() {
        try (MachineHarness h = harness().device(IsaDebugExit.TYPE, null, Map.of()).build()) {
            h.io().write(0x501, 2, 0x1ff);

            assertEquals(List.of("exit " + (0x1ff << 1 | 1)), h.systemRequests());
        }
    }

    @Test
    void portsThatClashAreRefusedNamingBothDevices() {
        QomException e = assertThrows(QomException.class, () -> harness()
                .device(IsaDebugcon.TYPE, "a", Map.of())
                .device(IsaDebugExit.TYPE, "b", Map.of("iobase", "0xe8", "iosize", "4")).build());
        assertTrue(e.getMessage().contains("/machine/peripheral/a") && e.getMessage().contains("/machine/peripheral/b"), e.getMessage());
    }

    @Test
    void aChardevThatDoesNotExistIsNamed() {
        QomException e = assertThrows(QomException.class, () -> harness()
                .device(IsaDebugcon.TYPE, null, Map.of("chardev", "nope")).build());
        assertTrue(e.getMessage().contains("no chardev with id 'nope'"), e.getMessage());
    }
}
