package org.jemu.core.internal.module;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.chardev.ChardevObject;
import org.jemu.core.i2c.I2cBus;
import org.jemu.core.i2c.I2cSlave;
import org.jemu.core.i2c.SmbusDevice;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.Machine;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.pci.PciExpressBus;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.HotplugHandler;
import org.jemu.core.qdev.SysBus;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.TypeInfo;

/**
 * The types the runtime itself provides: the roots of devices, buses, machines and accelerators, the PCI bus types and
 * "pci-device", the I2C bus "i2c-bus" with "i2c-slave" and "smbus-device" (shared by every board and device bundle),
 * chardevs, "none".
 */
public final class CoreTypes implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.TYPES;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(TypeInfo.builder(HotplugHandler.TYPE).interfaceType().description("bus hotplug hooks").build());
        ctx.register(Device.typeInfo());
        ctx.register(Bus.typeInfo());
        ctx.register(SysBus.typeInfo());
        ctx.register(SysBusDevice.typeInfo());
        ctx.register(PciBus.typeInfo());
        ctx.register(PciExpressBus.typeInfo());
        ctx.register(PciDevice.typeInfo());
        ctx.register(I2cBus.typeInfo());
        ctx.register(I2cSlave.typeInfo());
        ctx.register(SmbusDevice.typeInfo());
        ctx.register(Machine.typeInfo());
        ctx.register(ChardevObject.typeInfo());
        ctx.register(TypeInfo.builder(Accelerator.TYPE).abstractType().description("base of accelerators").build());
        ctx.register(Machine.machineType("none", null, false, "empty machine",
                BoardDefinition.builder().maxCpus(1).build(), null));
    }
}
