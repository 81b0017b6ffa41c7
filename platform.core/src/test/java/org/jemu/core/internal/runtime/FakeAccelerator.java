package org.jemu.core.internal.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.accel.AcceleratorVm;
import org.jemu.core.accel.CpuArchState;
import org.jemu.core.accel.Vcpu;
import org.jemu.core.accel.VcpuExit;
import org.jemu.core.accel.VmSpec;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;

/** An accelerator whose vCPU replays a script of exits, then halts. Shared script: tests are single-VM. */
final class FakeAccelerator extends QomObject implements Accelerator {

    static final Deque<VcpuExit> SCRIPT = new ArrayDeque<>();
    static final List<String> LOG = new ArrayList<>();
    static volatile String unavailable;

    FakeAccelerator(ObjectType type) {
        super(type);
    }

    static TypeInfo typeInfo(String name) {
        return TypeInfo.builder(name + TYPE_SUFFIX).parent(TYPE).factory(FakeAccelerator::new).build();
    }

    @Override
    public String accelName() {
        return typeName().replace(TYPE_SUFFIX, "");
    }

    @Override
    public String unavailableReason() {
        return accelName().equals("broken") ? "no such device" : unavailable;
    }

    @Override
    public AcceleratorVm createVm(VmSpec spec) {
        synchronized (LOG) {
            LOG.add("vm " + spec.cpus() + " " + spec.memory().name() + " " + spec.io().name());
        }
        return new AcceleratorVm() {
            @Override
            public Vcpu createVcpu(int index, CpuArchState initial) {
                return new Vcpu() {
                    @Override
                    public int index() {
                        return index;
                    }

                    @Override
                    public VcpuExit run() {
                        synchronized (SCRIPT) {
                            VcpuExit e = SCRIPT.poll();
                            return e == null ? VcpuExit.HALTED : e;
                        }
                    }

                    @Override
                    public void kick() {
                    }

                    @Override
                    public CpuArchState exportState() {
                        return () -> "fake";
                    }

                    @Override
                    public void importState(CpuArchState state) {
                    }

                    @Override
                    public void close() {
                        synchronized (LOG) {
                            LOG.add("close vcpu " + index);
                        }
                    }
                };
            }

            @Override
            public void close() {
                synchronized (LOG) {
                    LOG.add("close vm");
                }
            }
        };
    }
}
