package org.jemu.core.qom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.internal.qom.TypeRegistryImpl.Rejection;
import org.junit.jupiter.api.Test;

class TypeRegistryTest {

    static final ClassKey<String> COLOUR = ClassKey.of("colour", String.class, "none");

    static class Animal extends QomObject {
        Animal(ObjectType t) {
            super(t);
        }
    }

    static class Dog extends Animal {
        Dog(ObjectType t) {
            super(t);
        }
    }

    private final TypeRegistryImpl registry = new TypeRegistryImpl();

    private List<Rejection> register(TypeInfo... infos) {
        List<Pending> batch = new ArrayList<>();
        for (TypeInfo i : infos) batch.add(new Pending("test", i));
        return registry.registerAll(batch);
    }

    private void zoo() {
        // declared children-first on purpose: the batch is ordered parents-first by the registry
        List<Rejection> r = register(
                TypeInfo.builder("dog").parent("animal").factory(Dog::new).implementing("pet")
                        .classInit(c -> c.set(COLOUR, "brown").propertyDefault("legs", 4)).build(),
                TypeInfo.builder("animal").abstractType().factory(Animal::new)
                        .classInit(c -> c.set(COLOUR, "grey").property(PropertyDef.uint8("legs").defaultValue(2))).build(),
                TypeInfo.builder("pet").interfaceType().build(),
                TypeInfo.builder("puppy").parent("dog").build());
        assertEquals(List.of(), r);
    }

    @Test
    void registersABatchInDependencyOrderAndAnswersIsA() {
        zoo();

        assertTrue(registry.isA("puppy", "dog"));
        assertTrue(registry.isA("puppy", "animal"));
        assertTrue(registry.isA("puppy", "pet"), "interfaces are inherited");
        assertTrue(registry.isA("dog", TypeRegistry.OBJECT));
        assertFalse(registry.isA("animal", "pet"));
        assertFalse(registry.isA("cat", "animal"));
    }

    @Test
    void listsByAncestorWithOrWithoutAbstractTypes() {
        zoo();

        assertEquals(List.of("dog", "puppy"), registry.listByAncestor("animal", false).stream().map(ObjectType::name).toList());
        assertEquals(List.of("animal", "dog", "puppy"), registry.listByAncestor("animal", true).stream().map(ObjectType::name).toList());
        assertEquals(List.of("dog", "puppy"), registry.listByAncestor("pet", false).stream().map(ObjectType::name).toList());
    }

    @Test
    void classAttributesAndPropertyDefaultsAreInheritedAndOverridden() {
        zoo();

        assertEquals("grey", registry.require("animal").get(COLOUR));
        assertEquals("brown", registry.require("dog").get(COLOUR));
        assertEquals("brown", registry.require("puppy").get(COLOUR), "inherited from dog");
        assertEquals(4L, registry.create("puppy").property("legs"));
        assertEquals("none", registry.require(TypeRegistry.CONTAINER).get(COLOUR), "key default");
    }

    @Test
    void instancesComeFromTheInheritedFactoryWithTheirOwnType() {
        zoo();

        QomObject puppy = registry.create("puppy");

        assertEquals("puppy", puppy.typeName());
        assertTrue(puppy instanceof Dog);
        assertTrue(registry.create("puppy", Animal.class) instanceof Dog);
    }

    @Test
    void abstractAndUnknownTypesCannotBeInstantiated() {
        zoo();

        QomException a = assertThrows(QomException.class, () -> registry.create("animal"));
        assertTrue(a.getMessage().contains("'animal' is abstract"), a.getMessage());
        TypeNotFoundException n = assertThrows(TypeNotFoundException.class, () -> registry.create("unicorn"));
        assertTrue(n.getMessage().contains("'unicorn' is not registered"), n.getMessage());
    }

    @Test
    void checkedCastNamesObjectAndType() {
        zoo();
        QomObject dog = registry.create("dog");

        QomException e = assertThrows(QomException.class, () -> dog.cast(Container.class));
        assertTrue(e.getMessage().contains("'dog' object is not a Container"), e.getMessage());
        assertThrows(QomException.class, () -> registry.create("dog", Container.class));
        assertEquals(dog, dog.cast(Animal.class));
        assertEquals(dog, dog.cast("pet"));
    }

    @Test
    void aTypeWithAMissingParentIsRejectedWithBothNamesAndMarkedAsWaiting() {
        List<Rejection> r = register(TypeInfo.builder("orphan").parent("nobody").factory(Animal::new).build());

        assertEquals(1, r.size());
        assertEquals("test: type 'orphan' rejected: parent type 'nobody' is not registered", r.get(0).toString());
        assertTrue(r.get(0).waitsForDependency());
        assertTrue(registry.lookup("orphan").isEmpty());
    }

    @Test
    void descendantsOfARejectedTypeAreRejectedButSiblingsRegister() {
        List<Rejection> r = register(
                TypeInfo.builder("orphan").parent("nobody").factory(Animal::new).build(),
                TypeInfo.builder("orphan-child").parent("orphan").build(),
                TypeInfo.builder("fine").factory(Animal::new).build());

        assertEquals(List.of("orphan", "orphan-child"), r.stream().map(Rejection::typeName).sorted().toList());
        assertTrue(registry.lookup("fine").isPresent());
    }

    @Test
    void duplicatesConcreteTypesWithoutFactoryAndFailingClassInitAreRejected() {
        zoo();
        List<Rejection> r = register(
                TypeInfo.builder("dog").factory(Animal::new).build(),
                TypeInfo.builder("ghost").build(),
                TypeInfo.builder("bad").factory(Animal::new).classInit(c -> c.propertyDefault("nope", 1)).build());

        assertEquals(3, r.size());
        assertTrue(r.get(0).reason().contains("already registered by test"), r.get(0).reason());
        assertTrue(r.stream().anyMatch(x -> x.typeName().equals("ghost") && x.reason().contains("instance factory")));
        assertTrue(r.stream().anyMatch(x -> x.typeName().equals("bad") && x.reason().contains("unknown property 'nope'")));
    }

    @Test
    void removingAnOwnerRemovesItsTypesAndEverythingBuiltOnThem() {
        zoo();
        registry.registerAll(List.of(new Pending("other", TypeInfo.builder("collie").parent("dog").build()),
                new Pending("other", TypeInfo.builder("rock").factory(Animal::new).build())));
        List<TypeRegistry.TypeEvent> events = new ArrayList<>();
        registry.addListener(events::add);
        ObjectType dog = registry.require("dog");

        List<Pending> removed = registry.removeOwner("test", "bundle test stopped");

        assertEquals(List.of("animal", "collie", "dog", "pet", "puppy"), removed.stream().map(p -> p.info().name()).sorted().toList());
        assertEquals("other", removed.stream().filter(p -> p.info().name().equals("collie")).findFirst().orElseThrow().owner());
        assertFalse(dog.isRegistered());
        assertTrue(registry.lookup("rock").isPresent(), "unrelated types of the other owner stay");
        assertTrue(events.stream().anyMatch(e -> e.type().name().equals("collie") && e.reason().contains("which left with test")));
    }
}
