package org.jemu.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Apache Felix on a jemu distribution tree and hands it the command line.
 *
 * <p>Layout of the tree: {@code lib/} (this jar, Felix, SLF4J), {@code bundles/} (installed and started at every
 * start), {@code plugins/} (watched while running: jars copied in are started, jars removed are uninstalled),
 * {@code etc/jemu.properties} (configuration).
 *
 * <p>The command line reaches the runtime as a service registered by the system bundle once every bundle of
 * {@code bundles/} has started: an {@link IntConsumer} (the "exit" callback) with the properties
 * {@code jemu.launcher=true}, {@code jemu.args} (String[]) and {@code jemu.home}. Only JDK types cross the boundary,
 * so the launcher and the bundles share no class.
 */
public final class Launcher implements AutoCloseable {

    /** Service property marking the launch service. */
    public static final String LAUNCH_PROPERTY = "jemu.launcher";
    public static final String ARGS_PROPERTY = "jemu.args";
    public static final String HOME_PROPERTY = "jemu.home";

    private static final String SLF4J_PACKAGES =
            "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,org.slf4j.helpers;version=2.0.17,org.slf4j.spi;version=2.0.17";

    private final Path home;
    private final Framework framework;
    private final Path storage;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    private Launcher(Path home, Framework framework, Path storage) {
        this.home = home;
        this.framework = framework;
        this.storage = storage;
    }

    /**
     * Starts the framework on the distribution at {@code home}, installs and starts {@code bundles/}, then publishes
     * the command line. Returns once the launch service is registered; the runtime then works on its own threads.
     */
    public static Launcher start(Path home, List<String> args) throws IOException, BundleException {
        Map<String, String> config = frameworkConfig(home);
        Path storage = Files.createTempDirectory("jemu-felix-");
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.merge(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SLF4J_PACKAGES, (a, b) -> a + "," + b);
        Path plugins = home.resolve("plugins");
        Files.createDirectories(plugins);
        config.put("felix.fileinstall.dir", plugins.toString());

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/org.apache.felix.framework.jar)"));
        Framework framework = factory.newFramework(config);
        framework.init();
        Launcher launcher = new Launcher(home, framework, storage);
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : bundleJars(home.resolve("bundles"))) {
            installed.add(context.installBundle(jar.toUri().toString()));
        }
        framework.start();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    // One broken bundle must not take the platform down: report it and go on.
                    System.err.println("jemu: bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage());
                }
            }
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(LAUNCH_PROPERTY, Boolean.TRUE);
        props.put(ARGS_PROPERTY, args.toArray(String[]::new));
        props.put(HOME_PROPERTY, home.toString());
        context.registerService(IntConsumer.class, launcher::requestExit, props);
        return launcher;
    }

    /** The framework, for embedding and tests. */
    public Framework framework() {
        return framework;
    }

    public Path home() {
        return home;
    }

    /** Completes with the exit status the runtime asked for. */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    private void requestExit(int code) {
        exitCode.complete(code);
    }

    /** Stops the framework and removes its cache. Safe to call more than once. */
    @Override
    public void close() {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(TimeUnit.SECONDS.toMillis(20));
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("jemu: framework did not stop cleanly: " + e);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        } finally {
            deleteTree(storage);
        }
    }

    /** Reads etc/jemu.properties: org.slf4j.* keys become system properties, the rest framework configuration. */
    static Map<String, String> frameworkConfig(Path home) throws IOException {
        Map<String, String> config = new HashMap<>();
        Path file = home.resolve("etc").resolve("jemu.properties");
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("org.slf4j.")) {
                    if (System.getProperty(key) == null) System.setProperty(key, p.getProperty(key));
                } else {
                    config.put(key, p.getProperty(key));
                }
            }
        }
        return config;
    }

    private static List<Path> bundleJars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("missing bundle folder " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
