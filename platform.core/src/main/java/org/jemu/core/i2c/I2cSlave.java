package org.jemu.core.i2c;

import org.jemu.core.qdev.Device;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;

/**
 * A target on an {@link I2cBus} (QEMU's I2CSlave, abstract type {@value #TYPE}) at the 7-bit address of its property
 * {@value #ADDRESS} (QEMU's uint8 "address", default 0). The bus calls {@link #event}, {@link #send} and
 * {@link #receive} during the transfers that select it; none of them may throw on any input.
 */
public abstract class I2cSlave extends Device {

    public static final String TYPE = "i2c-slave";
    public static final String ADDRESS = "address";

    protected I2cSlave(ObjectType type) {
        super(type);
    }

    /** The declaration of the abstract {@value #TYPE} type (registered by the runtime). */
    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Device.TYPE).abstractType().description("base of I2C targets")
                .classInit(I2cSlave::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.set(BUS_TYPE, I2cBus.TYPE);
        c.property(PropertyDef.uint8(ADDRESS).defaultValue(0)
                .description("7-bit I2C/SMBus address of the target (0x00-0x7f)")
                .validator(v -> (Long) v > 0x7f ? "an I2C address is 7 bits (0x00-0x7f)" : null));
    }

    /** The target's 7-bit address. */
    public final int address() {
        return (int) getLong(ADDRESS);
    }

    /**
     * A start, stop or NACK condition (QEMU's I2CSlaveClass.event).
     *
     * @return whether the target acknowledges (only meaningful for the start conditions: false refuses the transfer)
     */
    protected abstract boolean event(I2cEvent event);

    /**
     * A byte the host writes (QEMU's I2CSlaveClass.send).
     *
     * @return whether the target acknowledges it
     */
    protected abstract boolean send(int data);

    /** The next byte the host reads (QEMU's I2CSlaveClass.recv), 0..255. */
    protected abstract int receive();
}
