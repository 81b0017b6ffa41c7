package org.jemu.core.qdev;

import java.util.ArrayList;
import java.util.List;

/**
 * Regions (or port regions) a device declares: those declared in its constructor stay; those declared while it
 * realizes are dropped when it unrealizes (or its realize fails), so realizing again declares them afresh.
 */
final class DeclaredRegions<T> {

    private final List<T> items = new ArrayList<>();
    private int kept = -1;

    int add(T item) {
        items.add(item);
        return items.size() - 1;
    }

    int size() {
        return items.size();
    }

    T get(int index) {
        return items.get(index);
    }

    List<T> list() {
        return List.copyOf(items);
    }

    /** Remembers how many were declared before realize. */
    void realizeStarts() {
        kept = items.size();
    }

    /** Drops what was declared since {@link #realizeStarts()}. */
    void realizeUndone() {
        if (kept < 0) return;
        items.subList(kept, items.size()).clear();
        kept = -1;
    }
}
