package org.jemu.core.internal.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jemu.core.internal.module.ModuleLoader.Contribution;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qom.Container;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

class ModuleLoaderTest {

    private final TypeRegistryImpl registry = new TypeRegistryImpl();
    private final List<String> journal = new ArrayList<>();
    private final List<List<String>> departures = new ArrayList<>();
    private final ModuleLoader loader = new ModuleLoader(registry,
            types -> departures.add(types.stream().map(t -> t.name() + (registry.lookup(t.name()).isPresent() ? "" : "(gone)")).sorted().toList()));

    private Contribution contribution(String owner, InitPhase phase, Consumer<InitContext> body) {
        ModuleInit init = new ModuleInit() {
            @Override
            public InitPhase phase() {
                return phase;
            }

            @Override
            public void init(InitContext ctx) {
                journal.add(owner + ":" + ctx.phase());
                body.accept(ctx);
            }
        };
        return new Contribution(owner, owner + phase, init);
    }

    private static TypeInfo type(String name, String parent) {
        return TypeInfo.builder(name).parent(parent).factory(Container::new).build();
    }

    @Test
    void startupRunsContributionsPhaseByPhaseWhateverTheirArrivalOrder() {
        loader.add(contribution("boards", InitPhase.MACHINE, c -> c.register(type("board", "base"))));
        loader.add(contribution("devices", InitPhase.DEVICE, c -> c.register(type("serial", "base"))));
        loader.add(contribution("base", InitPhase.TYPES, c -> c.register(type("base", "object"))));
        loader.add(contribution("block", InitPhase.BLOCK, c -> { }));
        assertTrue(journal.isEmpty(), "nothing runs before start-up");

        loader.startup();

        assertEquals(List.of("block:BLOCK", "base:TYPES", "boards:MACHINE", "devices:DEVICE"), journal);
        assertTrue(registry.lookup("board").isPresent());
        assertTrue(registry.lookup("serial").isPresent());
    }

    @Test
    void withinAPhaseATypeMayExtendOneAnotherBundleDeclares() {
        loader.add(contribution("child-bundle", InitPhase.DEVICE, c -> c.register(type("child", "parent"))));
        loader.add(contribution("parent-bundle", InitPhase.DEVICE, c -> c.register(type("parent", "object"))));

        loader.startup();

        assertTrue(registry.isA("child", "parent"));
        assertEquals("child-bundle", registry.require("child").owner());
    }

    @Test
    void aContributionThatThrowsRegistersNothingAndOthersGoOn() {
        loader.add(contribution("bad", InitPhase.DEVICE, c -> {
            c.register(type("half", "object"));
            throw new IllegalStateException("broken plugin");
        }));
        loader.add(contribution("good", InitPhase.DEVICE, c -> c.register(type("fine", "object"))));

        loader.startup();

        assertFalse(registry.lookup("half").isPresent());
        assertTrue(registry.lookup("fine").isPresent());
    }

    @Test
    void afterStartupAContributionRunsOnArrivalAndItsTypesAreUsableAtOnce() {
        loader.startup();

        loader.add(contribution("late", InitPhase.DEVICE, c -> c.register(type("late-dev", "object"))));

        assertTrue(registry.lookup("late-dev").isPresent());
        assertTrue(registry.create("late-dev") instanceof Container);
    }

    @Test
    void aTypeWaitingForItsParentIsRegisteredWhenTheParentArrives() {
        loader.startup();
        loader.add(contribution("early", InitPhase.DEVICE, c -> c.register(type("nic", "pci-device"))));
        assertFalse(registry.lookup("nic").isPresent());

        loader.add(contribution("pci", InitPhase.TYPES, c -> c.register(type("pci-device", "object"))));

        assertTrue(registry.isA("nic", "pci-device"));
    }

    @Test
    void removingAContributionTellsTheVmFirstThenRemovesItsTypesAndTheirSubtypes() {
        Contribution base = contribution("base", InitPhase.TYPES, c -> c.register(type("base", "object")));
        loader.add(base);
        loader.add(contribution("devices", InitPhase.DEVICE, c -> c.register(type("serial", "base"))));
        loader.startup();

        loader.remove(base);

        assertEquals(List.of(List.of("base", "serial")), departures, "told while the types were still registered");
        assertFalse(registry.lookup("base").isPresent());
        assertFalse(registry.lookup("serial").isPresent());
        List<ObjectType> none = registry.typesLeavingWith("devices");
        assertEquals(List.of(), none);
    }

    @Test
    void typesOfOtherBundlesComeBackWhenTheAncestorTheyLostReturns() {
        Contribution base = contribution("base", InitPhase.TYPES, c -> c.register(type("base", "object")));
        loader.add(base);
        loader.add(contribution("devices", InitPhase.DEVICE, c -> c.register(type("serial", "base"))));
        loader.startup();
        loader.remove(base);

        loader.add(contribution("base", InitPhase.TYPES, c -> c.register(type("base", "object"))));

        assertTrue(registry.isA("serial", "base"));
        assertEquals("devices", registry.require("serial").owner());
    }
}
