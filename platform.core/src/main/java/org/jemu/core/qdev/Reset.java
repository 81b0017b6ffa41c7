package org.jemu.core.qdev;

/** Runs a three-phase reset over a tree of {@link Resettable}s. Call under the global lock. */
public final class Reset {

    private Reset() {
    }

    /** Enter for the whole tree (parent first), then hold (children first), then exit (children first). */
    public static void reset(Resettable root, ResetType type) {
        enter(root, type);
        hold(root, type);
        exit(root, type);
    }

    private static void enter(Resettable r, ResetType type) {
        r.resetEnter(type);
        for (Resettable c : r.resetChildren()) enter(c, type);
    }

    private static void hold(Resettable r, ResetType type) {
        for (Resettable c : r.resetChildren()) hold(c, type);
        r.resetHold(type);
    }

    private static void exit(Resettable r, ResetType type) {
        for (Resettable c : r.resetChildren()) exit(c, type);
        r.resetExit(type);
    }
}
