package org.jemu.core.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the command line once the launcher has started every bundle of the distribution. The launcher publishes
 * an {@link IntConsumer} (its exit callback) with the properties {@code jemu.launcher=true} and
 * {@code jemu.args}; only JDK types cross between launcher and bundles.
 */
@Component(immediate = true)
public final class JemuMain {

    private static final Logger LOG = LoggerFactory.getLogger(JemuMain.class);

    private final Vmm vmm;
    private final Thread thread;

    @Activate
    public JemuMain(@Reference(service = IntConsumer.class, target = "(jemu.launcher=true)")
                    Map.Entry<Map<String, Object>, IntConsumer> launcher,
                    @Reference PlatformRuntime runtime) {
        IntConsumer exit = launcher.getValue();
        Object given = launcher.getKey().get("jemu.args");
        List<String> args = given instanceof String[] a ? List.of(a) : List.of();
        this.vmm = new Vmm(runtime, args, System.out, System.err);
        this.thread = Thread.ofPlatform().name("jemu-main").unstarted(() -> {
            int status;
            try {
                status = vmm.run();
            } catch (RuntimeException | Error e) {
                LOG.error("jemu stopped on an internal error", e);
                System.err.println("jemu: internal error: " + e);
                status = 1;
            }
            System.out.flush();
            exit.accept(status);
        });
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        vmm.shutdown();
        if (Thread.currentThread() != thread) thread.join(10_000);
    }
}
