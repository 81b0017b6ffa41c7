package org.jemu.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jemu.launcher.Launcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Starts the real distribution (its launcher, bundles and plugins/ folder watched by FileInstall) in this JVM and
 * drops bundles into plugins/ while it runs. The registry is reached through the OSGi service, by class name, with
 * reflection: the test shares no class with the bundles.
 */
class PluginHotplugIT {

    private static final String EXAMPLE_TYPE = "example-edge-counter";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DistributionFixture dist;
    private Launcher launcher;
    private PrintStream originalErr;
    private PrintStream originalOut;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        dist = new DistributionFixture();
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(new Tee(originalErr, captured), true));
        System.setOut(new PrintStream(new Tee(originalOut, captured), true));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (launcher != null) launcher.close();
        System.setErr(originalErr);
        System.setOut(originalOut);
        dist.close();
    }

    private Object startAndGetRegistry(List<String> args) throws Exception {
        launcher = Launcher.start(dist.home, args);
        BundleContext ctx = launcher.framework().getBundleContext();
        await("the runtime's machine to be running", () -> stderr().contains("machine none running")
                || launcher.exitCode().isDone());
        assertFalse(launcher.exitCode().isDone(), "jemu exited early: " + stderr());
        ServiceReference<?> ref = ctx.getServiceReference("org.jemu.core.qom.TypeRegistry");
        Object registry = ctx.getService(ref);
        Method addListener = registry.getClass().getMethod("addListener", Consumer.class);
        Consumer<Object> listener = e -> events.add(e.toString());
        addListener.invoke(registry, listener);
        return registry;
    }

    private static Optional<?> lookup(Object registry, String name) throws Exception {
        return (Optional<?>) registry.getClass().getMethod("lookup", String.class).invoke(registry, name);
    }

    private static boolean isA(Object registry, String name, String ancestor) throws Exception {
        return (Boolean) registry.getClass().getMethod("isA", String.class, String.class).invoke(registry, name, ancestor);
    }

    @Test
    void aPluginDroppedIntoPluginsAddsItsDeviceTypeAndRemovingItTakesTheTypeAway() throws Exception {
        Object registry = startAndGetRegistry(List.of("-M", "none", "-nodefaults", "-display", "none", "-log-level", "info"));
        assertTrue(lookup(registry, EXAMPLE_TYPE).isEmpty());

        Path dropped = dist.drop(DistributionFixture.examplePlugin(), "plugin.example.jar");
        expectEvent("ADDED", EXAMPLE_TYPE);

        assertTrue(lookup(registry, EXAMPLE_TYPE).isPresent());
        assertTrue(isA(registry, EXAMPLE_TYPE, "device"), "the new type is a device type");

        Files.delete(dropped);
        expectEvent("REMOVED", EXAMPLE_TYPE);

        assertTrue(lookup(registry, EXAMPLE_TYPE).isEmpty());
        assertFalse(launcher.exitCode().isDone(), "jemu keeps running without a restart");
    }

    @Test
    void brokenPluginsAreReportedAndLeaveThePlatformAndOtherPluginsRunning() throws Exception {
        Object registry = startAndGetRegistry(List.of("-M", "none", "-nodefaults", "-display", "none"));
        Path throwing = dist.buildBundle("test.throwing", Map.of("test.throwing.Activator", """
                package test.throwing;
                public class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException("boom on purpose"); }
                    public void stop(org.osgi.framework.BundleContext c) { }
                }
                """), Map.of("Bundle-Activator", "test.throwing.Activator", "Import-Package", "org.osgi.framework"));
        Path orphan = dist.buildBundle("test.orphan", Map.of("test.orphan.Activator", """
                package test.orphan;
                import org.jemu.core.module.*;
                import org.jemu.core.qom.*;
                public class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) {
                        c.registerService(ModuleInit.class, new ModuleInit() {
                            public InitPhase phase() { return InitPhase.DEVICE; }
                            public void init(InitContext ctx) {
                                ctx.register(TypeInfo.builder("orphan-device").parent("no-such-parent").build());
                            }
                        }, null);
                    }
                    public void stop(org.osgi.framework.BundleContext c) { }
                }
                """), Map.of("Bundle-Activator", "test.orphan.Activator",
                "Import-Package", "org.osgi.framework,org.jemu.core.module,org.jemu.core.qom"));

        dist.drop(throwing, "test.throwing.jar");
        dist.drop(orphan, "test.orphan.jar");
        await("the orphan type to be reported", () -> stderr().contains(
                "bundle test.orphan: type 'orphan-device' not registered: parent type 'no-such-parent' is not registered"));
        await("the failing activator to be reported", () -> stderr().contains("boom on purpose"));

        dist.drop(DistributionFixture.examplePlugin(), "plugin.example.jar");
        expectEvent("ADDED", EXAMPLE_TYPE);
        assertTrue(lookup(registry, "orphan-device").isEmpty());
        assertFalse(launcher.exitCode().isDone(), "the platform is still running");
    }

    @Test
    void stoppingABundleWhoseDeviceIsInUseOnANonHotpluggableBusPausesTheVmNamingTheDevice() throws Exception {
        // installed at start (bundles/), so -device can use it
        Files.copy(DistributionFixture.examplePlugin(), dist.home.resolve("bundles/plugin.example.jar"));
        startAndGetRegistry(List.of("-M", "none", "-nodefaults", "-display", "none", "-device", EXAMPLE_TYPE + ",id=counter"));
        Bundle example = List.of(launcher.framework().getBundleContext().getBundles()).stream()
                .filter(b -> "plugin.example".equals(b.getSymbolicName())).findFirst().orElseThrow();

        example.stop();

        await("the pause message", () -> stderr().contains("VM paused"));
        String err = stderr();
        assertTrue(err.contains("/machine/peripheral/counter (" + EXAMPLE_TYPE + ")"), err);
        assertTrue(err.contains("cannot be hot-unplugged"), err);
        expectEvent("REMOVED", EXAMPLE_TYPE);
    }

    private void expectEvent(String kind, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.contains("kind=" + kind) && e.contains("type=" + type + ",")) return;
        }
        throw new AssertionError("no " + kind + " event for " + type + " within " + TIMEOUT + "; log:\n" + stderr());
    }

    private String stderr() {
        synchronized (captured) {
            return captured.toString();
        }
    }

    /** Waits for a condition, checking it every 20 ms, failing after {@link #TIMEOUT}. */
    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; log:\n" + stderr());
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Copies the console output to a buffer the test reads (stdout and stderr both: FileInstall prints to stdout). */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) {
            synchronized (b) {
                b.write(x);
            }
            try {
                a.write(x);
            } catch (java.io.IOException ignored) {
                // the console copy is best effort
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            synchronized (b) {
                b.write(buf, off, len);
            }
            try {
                a.write(buf, off, len);
            } catch (java.io.IOException ignored) {
                // the console copy is best effort
            }
        }
    }
}
