package org.jemu.core.opts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OptsSchemaTest {
    private final OptsSchema socket = OptsSchema.of("chardev", "backend")
            .string("id", "chardev id")
            .string("host", "host name")
            .number("port", "TCP port")
            .bool("server", "listen")
            .size("bufsize", "buffer")
            .choice("mode", "mode", "a", "b");

    @Test
    void validOptionsPass() {
        Opts opts = socket.parse("socket,id=s,host=localhost,port=4444,server=on,bufsize=4K,mode=a");

        assertEquals(Optional.of("socket"), opts.implied());
        assertEquals(4444, opts.number("port", 0));
    }

    @Test
    void unknownKeyIsReportedWithOptionAndImpliedValue() {
        OptsException e = assertThrows(OptsException.class, () -> socket.parse("socket,id=s,prot=4444"));

        assertEquals("-chardev socket: invalid parameter 'prot'", e.getMessage());
    }

    @Test
    void eachTypedKeyIsChecked() {
        assertEquals("-chardev socket: parameter 'port': 'x' is not a number",
                assertThrows(OptsException.class, () -> socket.parse("socket,port=x")).getMessage());
        assertTrue(assertThrows(OptsException.class, () -> socket.parse("socket,server=x")).getMessage()
                .startsWith("-chardev socket: parameter 'server':"));
        assertTrue(assertThrows(OptsException.class, () -> socket.parse("socket,bufsize=x")).getMessage()
                .startsWith("-chardev socket: parameter 'bufsize':"));
        assertTrue(assertThrows(OptsException.class, () -> socket.parse("socket,mode=c")).getMessage()
                .startsWith("-chardev socket: parameter 'mode': 'c' is not a valid value (expected one of: a, b)"));
    }

    @Test
    void anyKeyAllowsUndeclaredKeysButStillChecksDeclaredOnes() {
        OptsSchema device = OptsSchema.of("device", "driver").string("id", "").allowAnyKey().bool("x", "");

        assertEquals(Optional.of("0x3f8"), device.parse("isa-serial,iobase=0x3f8").string("iobase"));
        assertThrows(OptsException.class, () -> device.parse("isa-serial,x=2"));
    }

    @Test
    void helpListsDeclaredKeysAligned() {
        String help = OptsSchema.of("vnc", "vnc").bool("password", "require a password").help();

        assertEquals("vnc options:\n  password=<bool (on/off)> require a password\n", help);
    }

    @Test
    void helpListAlignsDescriptions() {
        String text = HelpList.format("Supported machines are:",
                List.of(new HelpList.Item("pc", "Standard PC"), new HelpList.Item("q35", "Q35"),
                        new HelpList.Item("none", "")));

        assertEquals("Supported machines are:\n" + "pc" + " ".repeat(19) + "Standard PC\n"
                + "q35" + " ".repeat(18) + "Q35\nnone\n", text);
    }
}
