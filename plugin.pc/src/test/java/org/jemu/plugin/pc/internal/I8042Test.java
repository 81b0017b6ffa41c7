package org.jemu.plugin.pc.internal;

import static org.jemu.plugin.pc.internal.IsaTestBoard.isa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.memory.AddressSpace;
import org.jemu.plugin.pc.internal.IsaTestBoard.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The i8042 with its keyboard and mouse, driven through ports 0x60/0x64 as BIOSes and Linux do. */
class I8042Test {

    private static final int DATA = 0x60;
    private static final int COMMAND = 0x64;
    private static final int OBF = 0x01;
    private static final int MOUSE_OBF = 0x20;

    private MachineHarness h;
    private AddressSpace io;
    private I8042 kbc;
    private final Probe irq1 = new Probe();
    private final Probe irq12 = new Probe();
    private final Probe a20 = new Probe();

    @BeforeEach
    void build() {
        h = IsaTestBoard.build(b -> b.device(isa("i8042", I8042.TYPE)));
        io = h.io();
        kbc = (I8042) h.resolve("/machine/i8042");
        kbc.connectGpioOut("", 0, irq1);
        kbc.connectGpioOut("", 1, irq12);
        kbc.connectGpioOut("a20", 0, a20);
        Reset.reset(h.machine(), ResetType.COLD);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private int status() {
        return (int) io.read(COMMAND, 1);
    }

    /** Reads every byte the controller has, as a driver's drain loop does. */
    private List<Integer> drain() {
        List<Integer> bytes = new ArrayList<>();
        while ((status() & OBF) != 0) bytes.add((int) io.read(DATA, 1));
        return bytes;
    }

    /** Sends bytes to the keyboard, reading the replies after each as a driver waits for its ACK. */
    private List<Integer> keyboard(int... bytes) {
        List<Integer> replies = new ArrayList<>();
        for (int b : bytes) {
            io.write(DATA, 1, b);
            replies.addAll(drain());
        }
        return replies;
    }

    private void command(int command, int data) {
        io.write(COMMAND, 1, command);
        io.write(DATA, 1, data);
    }

    @Test
    void selfTestAnswers55AndSetsTheSystemFlag() {
        io.write(COMMAND, 1, 0xaa);

        assertEquals(OBF, status() & OBF);
        assertEquals(0x55, io.read(DATA, 1));
        assertEquals(0x04, status() & 0x04);
        assertEquals(0, status() & OBF);
    }

    @Test
    void interfaceTestsAnswerZero() {
        io.write(COMMAND, 1, 0xab);
        assertEquals(List.of(0x00), drain());
        io.write(COMMAND, 1, 0xa9);
        assertEquals(List.of(0x00), drain());
    }

    @Test
    void theCommandByteReadsBackWhatWasWritten() {
        io.write(COMMAND, 1, 0x20);
        assertEquals(List.of(0x03), drain(), "reset value: both interrupts enabled");

        command(0x60, 0x47);
        io.write(COMMAND, 1, 0x20);
        assertEquals(List.of(0x47), drain());
    }

    @Test
    void theOutputPortDrivesA20AndReadsBack() {
        command(0xd1, 0xdd);
        assertFalse(a20.level);
        io.write(COMMAND, 1, 0xd0);
        assertEquals(List.of(0xdd), drain());

        command(0xd1, 0xdf);
        assertTrue(a20.level);
        io.write(COMMAND, 1, 0xdd);
        assertFalse(a20.level, "command 0xDD turns A20 off");
        io.write(COMMAND, 1, 0xdf);
        assertTrue(a20.level);
        assertTrue(h.systemRequests().isEmpty());
    }

    @Test
    void pulsingOutputPortBit0OrClearingItResetsTheMachine() {
        io.write(COMMAND, 1, 0xff);
        io.write(COMMAND, 1, 0xf1);
        assertTrue(h.systemRequests().isEmpty(), "pulses without bit 0 do nothing");

        io.write(COMMAND, 1, 0xfe);
        io.write(COMMAND, 1, 0xf0);
        command(0xd1, 0x02);

        assertEquals(List.of("reset", "reset", "reset"), h.systemRequests());
    }

    @Test
    void keyboardResetRepliesAckAndSelfTestPassedOnIrq1() {
        io.write(DATA, 1, 0xff);

        assertTrue(irq1.level);
        assertEquals(0xfa, io.read(DATA, 1));
        assertTrue(irq1.level, "the next byte raises IRQ 1 again");
        assertEquals(2, irq1.rises);
        assertEquals(0xaa, io.read(DATA, 1));
        assertFalse(irq1.level);
        assertEquals(0, irq12.rises);
    }

    @Test
    void keyboardCommandsAnswerAsAnMf2Keyboard() {
        assertEquals(List.of(0xfa, 0xab, 0x83), keyboard(0xf2), "untranslated ID");
        assertEquals(List.of(0xee), keyboard(0xee), "echo");
        assertEquals(List.of(0xfa, 0xfa), keyboard(0xed, 0x04), "LEDs");
        assertEquals(0x04, kbc.keyboardLeds());
        assertEquals(List.of(0xfa, 0xfa), keyboard(0xf3, 0x20), "typematic rate");
        assertEquals(List.of(0xfa, 0xfa, 0x02), keyboard(0xf0, 0x00), "scan code set query");
        assertEquals(List.of(0xfa, 0xfa), keyboard(0xf5, 0xf4), "disable, enable");
        assertEquals(List.of(0xfe), keyboard(0x77), "an unknown command asks for a resend");
    }

    @Test
    void anUnreadCommandReplyIsReplacedByTheNextCommandsReply() {
        io.write(DATA, 1, 0xed);
        io.write(DATA, 1, 0x02);

        assertEquals(List.of(0xfa), drain());
        assertEquals(0x02, kbc.keyboardLeds());
    }

    @Test
    void keysArriveInSet2OrTranslatedToSet1() {
        kbc.keyboardInput(0x1c);
        kbc.keyboardInput(0xf0);
        kbc.keyboardInput(0x1c);
        assertEquals(List.of(0x1c, 0xf0, 0x1c), drain(), "'A' make and break in set 2");

        command(0x60, 0x43);
        kbc.keyboardInput(0x1c);
        kbc.keyboardInput(0xe0);
        kbc.keyboardInput(0xf0);
        kbc.keyboardInput(0x75);
        assertEquals(List.of(0x1e, 0xe0, 0xc8), drain(), "'A' make, cursor up break in set 1");
        assertEquals(List.of(0xfa, 0xab, 0x41), keyboard(0xf2), "translated ID");
    }

    @Test
    void aKeyboardInScanCodeSet1SendsSet1Itself() {
        keyboard(0xf0, 0x01);
        kbc.keyboardInput(0xf0);
        kbc.keyboardInput(0x1c);

        assertEquals(List.of(0x9e), drain());
    }

    @Test
    void aDisabledKeyboardInterfaceHoldsKeysUntilEnabled() {
        io.write(COMMAND, 1, 0xad);
        kbc.keyboardInput(0x29);
        assertEquals(0, status() & OBF);
        assertFalse(irq1.level);

        io.write(COMMAND, 1, 0xae);
        assertTrue(irq1.level);
        assertEquals(List.of(0x29), drain());
    }

    @Test
    void mouseResetRepliesOnIrq12WithTheMouseFlag() {
        command(0xd4, 0xff);

        assertTrue(irq12.level);
        assertEquals(OBF | MOUSE_OBF, status() & (OBF | MOUSE_OBF));
        assertEquals(List.of(0xfa, 0xaa, 0x00), drain());
        assertFalse(irq12.level);
        assertEquals(0, irq1.rises);
    }

    @Test
    void mouseCommandsAnswerAndWheelDetectionSwitchesTheId() {
        command(0xd4, 0xf3);
        command(0xd4, 200);
        command(0xd4, 0xf3);
        command(0xd4, 100);
        command(0xd4, 0xf3);
        command(0xd4, 80);
        assertEquals(List.of(0xfa, 0xfa, 0xfa, 0xfa, 0xfa, 0xfa), drain());
        command(0xd4, 0xf2);
        assertEquals(List.of(0xfa, 0x03), drain(), "IntelliMouse");

        command(0xd4, 0xe8);
        command(0xd4, 0x03);
        command(0xd4, 0xf0);
        command(0xd4, 0xe9);
        assertEquals(List.of(0xfa, 0xfa, 0xfa, 0xfa, 0x40, 0x03, 80), drain(), "status: remote mode, resolution, rate");
    }

    @Test
    void mouseMotionIsReportedInStreamModeOnceEnabled() {
        kbc.mouseInput(5, 5, 0, I8042.BUTTON_LEFT);
        assertEquals(0, status() & OBF, "reporting is off after reset");

        command(0xd4, 0xf4);
        drain();
        kbc.mouseInput(5, -3, 0, I8042.BUTTON_LEFT);

        assertTrue(irq12.level);
        assertEquals(List.of(0x09, 5, 3), drain(), "left button, x right, y up");
        kbc.mouseInput(-200, 0, 0, 0);
        assertEquals(List.of(0x18, 0x81, 0, 0x18, 0xb7, 0), drain(), "large motion goes out in several packets");
    }

    @Test
    void writingTheOutputBuffersLoopsBytesBackAsKeyboardOrMouseData() {
        command(0xd2, 0x12);
        assertEquals(0, status() & MOUSE_OBF);
        assertEquals(List.of(0x12), drain());

        command(0xd3, 0x34);
        assertEquals(MOUSE_OBF, status() & MOUSE_OBF);
        assertTrue(irq12.level);
        assertEquals(List.of(0x34), drain());
    }

    @Test
    void garbageCommandsNeverThrowAndTheControllerKeepsWorking() {
        for (int v = 0; v < 256; v++) {
            if ((v & 0xf1) == 0xf0 || v == 0xd1) continue; // these reset the machine by design
            io.write(COMMAND, 1, v);
            io.write(DATA, 1, v ^ 0xa5);
            io.read(DATA, 1);
            kbc.keyboardInput(v);
            kbc.mouseInput(v, -v, v & 3, v);
        }
        io.read(DATA, 4);
        drain();

        command(0x60, 0x03);
        io.write(COMMAND, 1, 0xaa);
        assertEquals(List.of(0x55), drain());
    }

    @Test
    void stateSurvivesASaveAndRestore() {
        command(0x60, 0x43);
        command(0xd4, 0xf4);
        io.write(DATA, 1, 0xf2);
        I8042.State saved = kbc.state();

        drain();
        kbc.restore(saved);

        assertEquals(saved, kbc.state());
        assertEquals(List.of(0xfa, 0xfa, 0xab, 0x41), drain(), "the mouse's ACK, then the keyboard's ID reply");
    }
}
