package org.jemu.core.chardev.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.jemu.core.chardev.ChardevEvent;
import org.jemu.core.event.MainLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server ({@code -chardev socket,host=...,port=...,server=on,wait=on|off}) serving one client at a time.
 * A virtual thread accepts and then reads the current client; output goes through a per-client
 * {@link SocketOutput} so a slow client cannot block the device.
 */
final class SocketServerChardev extends AbstractChardev {

    private static final Logger LOG = LoggerFactory.getLogger(SocketServerChardev.class);

    private final ServerSocketChannel server;
    private final boolean noDelay;
    private final CountDownLatch firstClient = new CountDownLatch(1);
    private volatile SocketChannel client;
    private volatile SocketOutput output;

    static SocketServerChardev open(ChardevOptions options, MainLoop loop) {
        String host = options.string("host", "");
        int port = options.port("port");
        if (!options.bool("server", false)) {
            throw options.error("server", "only server=on is supported (client mode is not implemented)");
        }
        boolean wait = options.bool("wait", true);
        boolean noDelay = options.bool("nodelay", false);
        if (options.bool("telnet", false)) {
            throw options.error("telnet", "telnet=on is not supported");
        }
        options.requireAllUsed();
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw options.error("port", "cannot listen on " + (host.isEmpty() ? "*" : host) + ":" + port + ": "
                    + e.getMessage());
        }
        SocketServerChardev chardev = new SocketServerChardev(options.id(), loop, server, noDelay);
        Thread.ofVirtual().name("chardev-" + options.id() + "-socket").start(chardev::serve);
        if (wait) {
            LOG.info("Chardev '{}': waiting for connection on tcp:{}", options.id(), chardev.localAddress().orElse(null));
            chardev.awaitFirstClient();
        }
        return chardev;
    }

    private SocketServerChardev(String id, MainLoop loop, ServerSocketChannel server, boolean noDelay) {
        super(id, "socket", loop);
        this.server = server;
        this.noDelay = noDelay;
    }

    @Override
    public Optional<SocketAddress> localAddress() {
        try {
            return Optional.ofNullable(server.getLocalAddress());
        } catch (IOException e) {
            return Optional.empty(); // closed
        }
    }

    private void awaitFirstClient() {
        try {
            firstClient.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Chardev '{}': accept failed: {}", id, e.getMessage());
                continue;
            }
            try {
                serveClient(c);
            } finally {
                disconnect(c);
            }
        }
    }

    private void serveClient(SocketChannel c) {
        try {
            if (noDelay) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            LOG.debug("Chardev '{}': client {} connected", id, c.getRemoteAddress());
        } catch (IOException e) {
            return;
        }
        output = new SocketOutput(id, c);
        client = c;
        pushEvent(ChardevEvent.OPENED);
        firstClient.countDown();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (!closed) {
                buf.clear();
                if (c.read(buf) < 0) {
                    return;
                }
                if (!pushInput(buf.array(), 0, buf.position())) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("Chardev '{}': client connection ended: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void disconnect(SocketChannel c) {
        boolean wasCurrent = client == c;
        client = null;
        SocketOutput out = output;
        output = null;
        if (out != null) {
            out.close();
        }
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("Chardev '{}': closing client failed: {}", id, e.getMessage());
        }
        if (wasCurrent && !closed) {
            pushEvent(ChardevEvent.CLOSED);
        }
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        SocketOutput out = output;
        if (out == null) {
            return len; // nobody listening: dropped like a serial line without a cable
        }
        return out.offer(buf, off, len);
    }

    @Override
    public boolean isConnected() {
        return client != null;
    }

    @Override
    protected void closeBackend() {
        firstClient.countDown();
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Chardev '{}': closing server failed: {}", id, e.getMessage());
        }
        SocketChannel c = client;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("Chardev '{}': closing client failed: {}", id, e.getMessage());
            }
        }
    }
}
