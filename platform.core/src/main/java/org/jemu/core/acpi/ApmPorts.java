package org.jemu.core.acpi;

import java.util.function.IntConsumer;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;

/**
 * The Advanced Power Management ports of PC chipsets (QEMU's hw/isa/apm.c, used by PIIX4 and ICH9): the control byte
 * at {@value #PORT} and the status byte at {@value #PORT} + 1, byte registers that read back what was written. A write
 * of the control byte calls the owner's command handler with the value (the chipset switches ACPI mode or raises
 * SMI there); the status byte is a plain scratch byte. Word accesses are split into bytes; state is
 * {@link #control()}/{@link #status()} and {@link #restore}.
 */
public final class ApmPorts implements MemoryRegionOps {

    public static final int PORT = 0xb2;
    public static final int SIZE = 2;
    static final int CONTROL = 0;
    static final int STATUS = 1;

    private final IntConsumer command;
    private int control;
    private int status;

    /** Ports whose control writes go to {@code command}. */
    public ApmPorts(IntConsumer command) {
        this.command = command;
    }

    @Override
    public long read(long offset, int size) {
        return offset == CONTROL ? control : status;
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) value & 0xff;
        if (offset == STATUS) {
            status = v;
            return;
        }
        control = v;
        command.accept(v);
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.aligned(1, 2);
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.exactly(1);
    }

    public int control() {
        return control;
    }

    public int status() {
        return status;
    }

    /** Power-on: both bytes 0. */
    public void reset() {
        control = status = 0;
    }

    /** Restores saved bytes without calling the command handler. */
    public void restore(int savedControl, int savedStatus) {
        control = savedControl & 0xff;
        status = savedStatus & 0xff;
    }
}
