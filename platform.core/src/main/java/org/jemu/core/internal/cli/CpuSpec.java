package org.jemu.core.internal.cli;

import java.util.List;

/**
 * {@code -cpu MODEL[,+feat][,-feat][,feat=value]...}.
 *
 * @param features in order; {@code +feat} is {@code feat=on}, {@code -feat} is {@code feat=off}
 */
public record CpuSpec(String model, List<Feature> features) {

    /** One feature or property setting. */
    public record Feature(String name, String value) {
    }

    public CpuSpec {
        features = List.copyOf(features);
    }
}
