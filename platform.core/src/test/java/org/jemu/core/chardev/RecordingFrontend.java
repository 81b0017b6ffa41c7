package org.jemu.core.chardev;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jemu.core.event.MainLoop;

/** A frontend with an adjustable receive budget that records what it gets and where. */
final class RecordingFrontend implements ChardevFrontend {

    private final MainLoop loop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<ChardevEvent> events = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private int budget;

    RecordingFrontend(MainLoop loop, int budget) {
        this.loop = loop;
        this.budget = budget;
    }

    @Override
    public int canReceive() {
        lock.lock();
        try {
            return budget;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void receive(byte[] buf, int off, int len) {
        check();
        lock.lock();
        try {
            if (len > budget) {
                violations.add("got " + len + " bytes with budget " + budget);
            }
            budget -= len;
            received.write(buf, off, len);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void event(ChardevEvent event) {
        check();
        lock.lock();
        try {
            events.add(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void check() {
        if (!loop.isLoopThread() || !loop.globalLock().isHeldByCurrentThread()) {
            violations.add("called on " + Thread.currentThread().getName() + " without loop thread + lock");
        }
    }

    void addBudget(int n) {
        lock.lock();
        try {
            budget += n;
        } finally {
            lock.unlock();
        }
    }

    String text() {
        lock.lock();
        try {
            return received.toString();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the received text has the given length. */
    String awaitText(int length) throws InterruptedException {
        return await(() -> received.size() >= length) ? text() : "timeout: " + text();
    }

    /** Waits until the given number of events arrived. */
    List<ChardevEvent> awaitEvents(int count) throws InterruptedException {
        await(() -> events.size() >= count);
        return List.copyOf(events);
    }

    private boolean await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
