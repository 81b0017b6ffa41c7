package org.jemu.core.chardev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoops;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChardevRegistryTest {

    private final MainLoop loop = MainLoops.create();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ChardevRegistry registry = Chardevs.newRegistry(loop,
            new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.US_ASCII)), stdout);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        registry.close();
        loop.close();
    }

    @Test
    void fileChardevWritesTheBytes() throws Exception {
        Path log = dir.resolve("serial.log");
        Chardev c = registry.create("log0", "file", Map.of("path", log.toString()));

        c.write("boot ok\n".getBytes(StandardCharsets.US_ASCII), 0, 8);
        c.write(new byte[] {'x', 'y', 'z'}, 1, 2);
        registry.close();

        assertEquals("boot ok\nyz", Files.readString(log));
    }

    @Test
    void fileChardevAppendsWhenAsked() throws Exception {
        Path log = dir.resolve("serial.log");
        Files.writeString(log, "old;");
        Chardev c = registry.create("log0", "file", Map.of("path", log.toString(), "append", "on"));

        c.write("new".getBytes(StandardCharsets.US_ASCII), 0, 3);
        c.close();

        assertEquals("old;new", Files.readString(log));
    }

    @Test
    void stdioChardevWritesStdoutAndDeliversStdinOnTheLoopThread() throws Exception {
        Chardev c = registry.create("con", "stdio", Map.of("signal", "off"));
        RecordingFrontend fe = new RecordingFrontend(loop, 100);
        c.attach(fe);
        c.write("hi".getBytes(StandardCharsets.US_ASCII), 0, 2);

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fe.text().length() < 6 && System.nanoTime() < deadline) {
            loop.iterate(true); // woken by the bottom half the stdin reader schedules
        }

        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), stdout.toByteArray());
        assertEquals("typed\n", fe.text());
        assertEquals(java.util.List.of(), fe.violations);
    }

    @Test
    void registryFindsChardevsById() {
        Chardev c = registry.create("nul", "null", Map.of());

        assertSame(c, registry.find("nul").orElseThrow());
        assertTrue(registry.find("other").isEmpty());
        assertEquals(3, c.write(new byte[3], 0, 3));
        assertTrue(registry.remove("nul"));
        assertTrue(registry.find("nul").isEmpty());
    }

    @Test
    void unknownOptionIsReportedWithIdAndOption() {
        ChardevException e = assertThrows(ChardevException.class,
                () -> registry.create("ser0", "file", Map.of("path", dir.resolve("x").toString(), "color", "red")));

        assertEquals("ser0", e.chardevId());
        assertEquals("color", e.option());
        assertTrue(e.getMessage().contains("ser0") && e.getMessage().contains("color"), e.getMessage());
    }

    @Test
    void badOptionValuesAreReportedWithIdAndOption() {
        ChardevException port = assertThrows(ChardevException.class,
                () -> registry.create("s1", "socket", Map.of("port", "http", "server", "on", "wait", "off")));
        ChardevException bool = assertThrows(ChardevException.class,
                () -> registry.create("s2", "socket", Map.of("port", "0", "server", "maybe")));
        ChardevException path = assertThrows(ChardevException.class,
                () -> registry.create("f1", "file", Map.of()));
        ChardevException client = assertThrows(ChardevException.class,
                () -> registry.create("s3", "socket", Map.of("port", "0", "server", "off")));

        assertEquals("s1/port", port.chardevId() + "/" + port.option());
        assertEquals("s2/server", bool.chardevId() + "/" + bool.option());
        assertEquals("f1/path", path.chardevId() + "/" + path.option());
        assertEquals("s3/server", client.chardevId() + "/" + client.option());
    }

    @Test
    void unsupportedBackendAndDuplicateIdAreRejected() {
        registry.create("a", "null", Map.of());

        ChardevException backend = assertThrows(ChardevException.class,
                () -> registry.create("b", "pty", Map.of()));
        ChardevException dup = assertThrows(ChardevException.class,
                () -> registry.create("a", "null", Map.of()));

        assertEquals("backend", backend.option());
        assertTrue(backend.getMessage().contains("pty"), backend.getMessage());
        assertEquals("id", dup.option());
    }
}
