package org.jemu.core.internal.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.accel.AcceleratorException;
import org.jemu.core.accel.AcceleratorVm;
import org.jemu.core.accel.Vcpu;
import org.jemu.core.accel.VmSpec;
import org.jemu.core.event.MainLoop;
import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.machine.MachineBuilder.UserDevice;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.HotplugHandler;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built machine with its accelerator and vCPU threads. Also decides what happens when types in use leave with
 * their bundle: devices on hotpluggable buses are unplugged; anything else in use pauses the VM with a message
 * naming it, so the guest never runs on code that has left.
 */
final class VirtualMachine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualMachine.class);

    private final MainLoop loop;
    private final Machine machine;
    private final Accelerator accelerator;
    private final AcceleratorVm acceleratorVm;
    private final List<Vcpu> vcpus;
    private final RunControl control;

    private VirtualMachine(MainLoop loop, Machine machine, Accelerator accelerator, AcceleratorVm vm, List<Vcpu> vcpus,
                           RunControl control) {
        this.loop = loop;
        this.machine = machine;
        this.accelerator = accelerator;
        this.acceleratorVm = vm;
        this.vcpus = vcpus;
        this.control = control;
    }

    /** The exit status a device asked for (isa-debug-exit), if any. */
    java.util.OptionalInt exitStatus() {
        return control.exitStatus();
    }

    /**
     * Builds the machine (which reports missing types first), chooses the accelerator, resets the machine, and starts
     * one (paused) vCPU thread per CPU. Call under the global lock.
     */
    static VirtualMachine create(TypeRegistry registry, QomObject root, MainLoop loop, ObjectType machineType, MachineConfig config,
                                 Map<String, String> options, List<UserDevice> devices, List<String> accelNames,
                                 DataPath dataPath)
            throws AcceleratorException {
        BoardDefinition board = machineType.get(Machine.BOARD);
        boolean hasCpus = board != null && board.cpuBaseType() != null;
        RunControl control = new RunControl(loop, dataPath);
        Machine machine = new MachineBuilder(registry, root).withSystemControl(control)
                .build(machineType, config, options, devices);
        Accelerator accel = null;
        AcceleratorVm avm = null;
        List<Vcpu> vcpus = new ArrayList<>();
        try {
            accel = chooseAccelerator(registry, accelNames, hasCpus);
            Reset.reset(machine, ResetType.COLD);
            if (hasCpus) {
                avm = accel.createVm(new VmSpec(config.cpus(), machine.memorySystem(), machine.memory(), machine.io(),
                        machine.cpus(), loop.globalLock()));
                for (int i = 0; i < config.cpus(); i++) {
                    Vcpu v = avm.createVcpu(i, null);
                    vcpus.add(v);
                    loop.vcpus().start("CPU " + i + "/" + accel.accelName(), new VcpuLoop(v, loop));
                }
            }
        } catch (AcceleratorException | RuntimeException e) {
            vcpus.forEach(Vcpu::close);
            if (avm != null) avm.close();
            machine.unparent();
            machine.releaseMemory();
            throw e;
        }
        return new VirtualMachine(loop, machine, accel, avm, vcpus, control);
    }

    /**
     * QEMU's rule: try the -accel list in order (default "tcg") and take the first that works here. A machine
     * without CPUs (none) runs without one.
     */
    static Accelerator chooseAccelerator(TypeRegistry registry, List<String> names, boolean needed) throws AcceleratorException {
        List<String> wanted = names.isEmpty() ? List.of("tcg") : names;
        List<String> problems = new ArrayList<>();
        for (String name : wanted) {
            String type = name + Accelerator.TYPE_SUFFIX;
            if (registry.lookup(type).isEmpty()) {
                problems.add(name + ": not installed");
                continue;
            }
            QomObject obj = registry.create(type);
            if (!(obj instanceof Accelerator a)) {
                problems.add(name + ": type '" + type + "' does not implement the accelerator SPI");
                continue;
            }
            String why = a.unavailableReason();
            if (why == null) return a;
            problems.add(name + ": " + why);
        }
        if (!needed) return null;
        throw new AcceleratorException("-accel " + String.join(":", wanted) + ": no accelerator can run this machine ("
                + String.join("; ", problems) + "); -accel help lists the installed ones");
    }

    Machine machine() {
        return machine;
    }

    String acceleratorName() {
        return accelerator == null ? "none" : accelerator.accelName();
    }

    /** Called before {@code types} leave the registry with their bundle. */
    void typesLeaving(List<ObjectType> types) {
        Set<String> leaving = new HashSet<>();
        types.forEach(t -> leaving.add(t.name()));
        List<String> stuck = new ArrayList<>();
        try (var lock = loop.globalLock().acquire()) {
            if (leaving.contains(machine.typeName())) stuck.add("the machine " + machine.machineName());
            if (accelerator instanceof QomObject a && leaving.contains(a.typeName())) stuck.add("the accelerator " + accelerator.accelName());
            List<Device> inUse = machine.allDevices().stream().filter(d -> leaving.contains(d.typeName())).toList();
            for (Device d : inUse) {
                HotplugHandler handler = d.parentBus() == null ? null : d.parentBus().hotplugHandler();
                if (d.isHotpluggable() && handler != null) {
                    String what = d.describe();
                    try {
                        handler.unplug(d);
                        LOG.warn("{} hot-unplugged: its type left with its bundle", what);
                        continue;
                    } catch (RuntimeException e) {
                        LOG.error("{}: hot-unplug failed: {}", what, e.getMessage());
                    }
                }
                stuck.add(d.describe());
            }
        }
        if (!stuck.isEmpty()) {
            loop.pause();
            String message = "VM paused: a bundle stopped while the guest uses code from it, and these cannot be"
                    + " hot-unplugged: " + String.join(", ", stuck) + ". Start the bundle again, or quit.";
            LOG.error(message);
            System.err.println("jemu: " + message);
        }
    }

    @Override
    public void close() {
        vcpus.forEach(Vcpu::close);
        if (acceleratorVm != null) acceleratorVm.close();
        List<Device> devices = new ArrayList<>(machine.allDevices());
        java.util.Collections.reverse(devices);
        for (Device d : devices) {
            try {
                d.setRealized(false);
            } catch (RuntimeException e) {
                LOG.warn("{}: unrealize failed at shutdown: {}", d.describe(), e.toString());
            }
        }
        machine.unparent();
        machine.releaseMemory();
    }
}
