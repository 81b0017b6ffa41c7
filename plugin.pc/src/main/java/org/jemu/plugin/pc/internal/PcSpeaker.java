package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PC speaker's port 0x61 (System Control Port B), QEMU's "isa-pcspk" (hw/audio/pcspk.c), linked to the "isa-pit"
 * by its {@code pit} property. Writes: bit 0 is the gate of PIT counter 2, bit 1 the speaker data enable. Reads: bit 0
 * the gate, bit 1 the data enable, bit 4 the refresh toggle (it flips on every read, as in QEMU, so delay loops that
 * wait for it end), bit 5 counter 2's OUT; the other bits read 0, as in QEMU.
 *
 * <p>Not supported: audio output (QEMU's audiodev). The speaker is silent; the first time the guest turns it on
 * (gate and data both set) this is logged once at debug level.
 */
public final class PcSpeaker extends Device {

    public static final String TYPE = "isa-pcspk";

    private static final Logger LOG = LoggerFactory.getLogger(PcSpeaker.class);
    private static final int GATE = 0x01;
    private static final int DATA = 0x02;
    private static final int REFRESH = 0x10;
    private static final int OUT = 0x20;
    private static final int SPEAKER_CHANNEL = 2;

    /** Port 0x61's own bits, for save and restore. */
    public record State(boolean dataOn, boolean refreshToggle) {
    }

    private I8254 pit;
    private boolean dataOn;
    private boolean refreshToggle;
    private boolean reportedSilence;

    public PcSpeaker(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(PcSpeaker::new)
                .description("PC speaker (port 0x61; no audio output)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.SOUND).set(USER_CREATABLE, false)
                        .property(PropertyDef.uint32("iobase").defaultValue(0x61).validator(IsaDebugcon::port))
                        .property(PropertyDef.link("pit", I8254.TYPE).description("the PIT whose counter 2 drives it")))
                .build();
    }

    @Override
    protected void realize() {
        pit = getLink("pit", I8254.class);
        if (pit == null) throw new RealizeException(describe() + ": the 'pit' link is not set");
        exposeIoPorts(BytePorts.region(this, "pcspk", 1, o -> read(), (o, v) -> write(v)), getLong("iobase"));
    }

    @Override
    protected void unrealize() {
        pit = null;
    }

    @Override
    public void resetHold(ResetType type) {
        dataOn = false;
        refreshToggle = false;
    }

    private int read() {
        refreshToggle = !refreshToggle;
        return (pit.gate(SPEAKER_CHANNEL) ? GATE : 0) | (dataOn ? DATA : 0) | (refreshToggle ? REFRESH : 0)
                | (pit.out(SPEAKER_CHANNEL) ? OUT : 0);
    }

    private void write(int value) {
        dataOn = (value & DATA) != 0;
        boolean gate = (value & GATE) != 0;
        pit.setGate(SPEAKER_CHANNEL, gate);
        if (gate && dataOn && !reportedSilence) {
            reportedSilence = true;
            LOG.debug("{}: the guest turned the PC speaker on; audio output is not supported", describe());
        }
    }

    public State state() {
        return new State(dataOn, refreshToggle);
    }

    public void restore(State s) {
        dataOn = s.dataOn();
        refreshToggle = s.refreshToggle();
    }
}
