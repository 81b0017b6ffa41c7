package org.jemu.core.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoops;
import org.jemu.core.event.ShutdownCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketChardevTest {

    private final MainLoop loop = MainLoops.create();
    private final ChardevRegistry registry = Chardevs.newRegistry(loop);
    private Thread loopThread;
    private Chardev chardev;
    private int port;

    @BeforeEach
    void startServerAndLoop() {
        chardev = registry.create("serial0", "socket",
                Map.of("host", "127.0.0.1", "port", "0", "server", "on", "wait", "off"));
        port = ((InetSocketAddress) chardev.localAddress().orElseThrow()).getPort();
        loopThread = Thread.ofPlatform().name("test-main-loop").start(loop::run);
    }

    @AfterEach
    void stop() throws InterruptedException {
        registry.close();
        loop.requestShutdown(ShutdownCause.HOST_QMP_QUIT);
        loopThread.join(10_000);
        loop.close();
    }

    private Socket connect() throws IOException {
        return new Socket("127.0.0.1", port);
    }

    @Test
    void clientInputReachesTheFrontendOnlyAsFarAsItCanReceive() throws Exception {
        RecordingFrontend fe = new RecordingFrontend(loop, 4);
        chardev.attach(fe);
        try (Socket client = connect()) {
            assertEquals(List.of(ChardevEvent.OPENED), fe.awaitEvents(1));
            client.getOutputStream().write("hello world".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            assertEquals("hell", fe.awaitText(4));
            // Let the loop run a few more rounds: nothing beyond the budget may arrive.
            syncWithLoop();
            assertEquals("hell", fe.text());

            fe.addBudget(100);
            chardev.acceptInputAgain();

            assertEquals("hello world", fe.awaitText(11));
            assertEquals(List.of(), fe.violations);
        }
    }

    @Test
    void outputReachesTheClient() throws Exception {
        try (Socket client = connect()) {
            RecordingFrontend fe = new RecordingFrontend(loop, 0);
            chardev.attach(fe);
            fe.awaitEvents(1);
            byte[] msg = "login: ".getBytes(StandardCharsets.US_ASCII);

            chardev.write(msg, 0, msg.length);

            InputStream in = client.getInputStream();
            assertEquals("login: ", new String(in.readNBytes(msg.length), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void disconnectReportsClosedAndANewClientCanConnect() throws Exception {
        RecordingFrontend fe = new RecordingFrontend(loop, 100);
        chardev.attach(fe);
        try (Socket first = connect()) {
            fe.awaitEvents(1);
            first.getOutputStream().write('a');
        }
        assertEquals(List.of(ChardevEvent.OPENED, ChardevEvent.CLOSED), fe.awaitEvents(2));

        try (Socket second = connect()) {
            assertEquals(List.of(ChardevEvent.OPENED, ChardevEvent.CLOSED, ChardevEvent.OPENED),
                    fe.awaitEvents(3));
            second.getOutputStream().write('b');
            assertEquals("ab", fe.awaitText(2));
            assertTrue(chardev.isConnected());
        }
        assertEquals(List.of(), fe.violations);
    }

    @Test
    void outputWithoutClientIsDroppedWithoutBlocking() {
        byte[] msg = new byte[1 << 20];

        assertEquals(msg.length, chardev.write(msg, 0, msg.length));
    }

    /** Returns once the loop has run a posted task twice in a row, i.e. after pending bottom halves. */
    private void syncWithLoop() throws Exception {
        for (int i = 0; i < 2; i++) {
            var done = new java.util.concurrent.CompletableFuture<Void>();
            loop.post(() -> done.complete(null));
            done.get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
