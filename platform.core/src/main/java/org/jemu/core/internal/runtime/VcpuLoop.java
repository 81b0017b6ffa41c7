package org.jemu.core.internal.runtime;

import org.jemu.core.accel.AcceleratorException;
import org.jemu.core.accel.Vcpu;
import org.jemu.core.accel.VcpuExit;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.ShutdownCause;
import org.jemu.core.event.VcpuBody;
import org.jemu.core.event.VcpuContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accelerator-independent vCPU thread body (QEMU's vcpu thread function): run the accelerator's vCPU, act on
 * each exit, and honour pause/stop requests between runs.
 */
final class VcpuLoop implements VcpuBody {

    private static final Logger LOG = LoggerFactory.getLogger(VcpuLoop.class);
    /** A halted vCPU looks at its run state at least this often even without a kick. */
    private static final long HALT_POLL_NS = 100_000_000L;

    private final Vcpu vcpu;
    private final MainLoop loop;

    VcpuLoop(Vcpu vcpu, MainLoop loop) {
        this.vcpu = vcpu;
        this.loop = loop;
    }

    @Override
    public void run(VcpuContext ctx) {
        ctx.setKickHandler(vcpu::kick);
        int index = ctx.index();
        vcpu.setWakeup(() -> loop.vcpus().vcpus().get(index).kick());
        while (ctx.checkpoint()) {
            VcpuExit exit;
            try {
                exit = vcpu.run();
            } catch (AcceleratorException | RuntimeException e) {
                exit = new VcpuExit.InternalError(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            switch (exit) {
                case VcpuExit.Halted h -> ctx.waitForKick(HALT_POLL_NS);
                case VcpuExit.Kicked k -> {
                    // back to checkpoint(): a pause or stop may be pending
                }
                case VcpuExit.ResetRequest r -> {
                    LOG.info("vCPU {}: guest reset ({})", vcpu.index(), r.reason());
                    loop.requestReset(ShutdownCause.GUEST_RESET);
                    ctx.waitForKick(HALT_POLL_NS);
                }
                case VcpuExit.ShutdownRequest s -> {
                    LOG.info("vCPU {}: guest shutdown ({})", vcpu.index(), s.reason());
                    loop.requestShutdown(ShutdownCause.GUEST_SHUTDOWN);
                    ctx.waitForKick(HALT_POLL_NS);
                }
                case VcpuExit.InternalError err -> {
                    // Like QEMU's "KVM internal error": report, stop the VM, keep the process for inspection.
                    LOG.error("vCPU {}: {}; the VM is paused", vcpu.index(), err.message());
                    System.err.println("jemu: vCPU " + vcpu.index() + ": " + err.message() + " (VM paused)");
                    loop.requestPause();
                    ctx.waitForKick(HALT_POLL_NS);
                }
            }
        }
    }
}
