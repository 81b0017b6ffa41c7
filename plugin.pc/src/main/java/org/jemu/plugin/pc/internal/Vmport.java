package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMware backdoor port 0x5658, QEMU's "vmport" (hw/i386/vmport.c), reduced to what a port device can do here.
 *
 * <p>The backdoor protocol lives in CPU registers: the guest puts the magic 0x564D5868 in EAX and a command in ECX,
 * executes a 32-bit IN, and QEMU reads and writes EAX..EDI of the current CPU (GETVERSION answers in EAX and EBX,
 * GETRAMSIZE, the vmmouse commands...). Devices here cannot reach the CPU, so no command can be recognised: every read
 * answers 0xFFFFFFFF, which is QEMU 7.2's reply to a request without the magic or with an unknown command
 * ({@code x-signal-unsupported-cmd=on}), and writes (which QEMU turns into a read whose result goes to EAX) are
 * ignored. A guest probing for VMware therefore finds none (EBX never receives the magic) and falls back to its
 * normal drivers. The first access is logged at debug level.
 *
 * <p>Not supported: every backdoor command (GETVERSION, GETRAMSIZE, the vmmouse commands, QEMU's x-cmds-v2 set) and
 * the properties that configure them.
 */
public final class Vmport extends Device implements MemoryRegionOps {

    public static final String TYPE = "vmport";

    private static final Logger LOG = LoggerFactory.getLogger(Vmport.class);
    private static final int PORT = 0x5658;

    private boolean reported;

    public Vmport(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(Vmport::new)
                .description("VMware backdoor port 0x5658 (no commands: needs CPU register access)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC).set(USER_CREATABLE, false))
                .build();
    }

    @Override
    protected void realize() {
        exposeIoPorts(MemoryRegion.io(TYPE, 1, this).setOwner(this), PORT);
    }

    @Override
    public long read(long offset, int size) {
        reportOnce();
        return size >= 8 ? -1L : (1L << 8 * size) - 1;
    }

    @Override
    public void write(long offset, int size, long value) {
        reportOnce();
    }

    private void reportOnce() {
        if (reported) return;
        reported = true;
        LOG.debug("{}: VMware backdoor access; commands need the CPU's registers and are not supported "
                + "(answered as an unknown command)", describe());
    }
}
