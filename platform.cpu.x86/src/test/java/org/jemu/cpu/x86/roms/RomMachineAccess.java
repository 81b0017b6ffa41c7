package org.jemu.cpu.x86.roms;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.module.ModuleInit;

/** {@link RomMachine} for tests in other packages. */
public final class RomMachineAccess implements AutoCloseable {

    private final RomMachine machine;

    private RomMachineAccess(RomMachine machine) {
        this.machine = machine;
    }

    public static RomMachineAccess create(byte[] image, ModuleInit... contributions) {
        return new RomMachineAccess(new RomMachine(image, contributions));
    }

    /** With a listener that sees each debug-console byte as the guest writes it. */
    public static RomMachineAccess create(byte[] image, java.util.function.IntConsumer onConsole, ModuleInit... contributions) {
        return new RomMachineAccess(new RomMachine(image, onConsole, contributions));
    }

    public MachineHarness harness() {
        return machine.harness;
    }

    public String output() {
        return machine.output();
    }

    public int exitStatus() {
        return machine.exitStatus.get();
    }

    @Override
    public void close() {
        machine.close();
    }
}
