package org.jemu.core.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The loop a vCPU thread runs, supplied by the accelerator. It must call {@link VcpuContext#checkpoint()}
 * regularly (and leave inner execution loops when {@link VcpuContext#exitRequested()} turns true), and return
 * once {@code checkpoint()} returns false.
 *
 * <pre>{@code
 * ctx -> { while (ctx.checkpoint()) { runGuestUntil(ctx::exitRequested); } }
 * }</pre>
 */
@ConsumerType
@FunctionalInterface
public interface VcpuBody {

    /** @param ctx the vCPU's view of its run state */
    void run(VcpuContext ctx);
}
