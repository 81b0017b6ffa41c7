package org.jemu.core.chardev.internal;

import java.io.FileOutputStream;
import java.io.IOException;

import org.jemu.core.event.MainLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes output to a file ({@code -chardev file,path=...,append=on|off}); no input. */
final class FileChardev extends AbstractChardev {

    private static final Logger LOG = LoggerFactory.getLogger(FileChardev.class);

    private final FileOutputStream out;
    private final String path;
    private boolean failed;

    static FileChardev open(ChardevOptions options, MainLoop loop) {
        String path = options.required("path");
        boolean append = options.bool("append", false);
        options.requireAllUsed();
        try {
            return new FileChardev(options.id(), loop, path, new FileOutputStream(path, append));
        } catch (IOException e) {
            throw options.error("path", "cannot open '" + path + "': " + e.getMessage());
        }
    }

    private FileChardev(String id, MainLoop loop, String path, FileOutputStream out) {
        super(id, "file", loop);
        this.path = path;
        this.out = out;
    }

    @Override
    public synchronized int write(byte[] buf, int off, int len) {
        try {
            out.write(buf, off, len);
            return len;
        } catch (IOException e) {
            if (!failed) { // once: a full disk would otherwise flood the log
                failed = true;
                LOG.error("Chardev '{}': writing to {} failed", id, path, e);
            }
            return 0;
        }
    }

    @Override
    protected synchronized void closeBackend() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("Chardev '{}': closing {} failed", id, path, e);
        }
    }
}
