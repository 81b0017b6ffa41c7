package org.jemu.core.internal.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Where firmware and option ROM files are looked up by name (QEMU's data directories and qemu_find_file for
 * BIOS files): a name that names an existing file (absolute, or relative to the working directory) is taken as it
 * is; otherwise the directories are searched in order. The order is: every {@code -L} directory, then the
 * {@code jemu.datapath} system property and the {@code JEMU_DATA_PATH} environment variable (both lists separated
 * by {@code :}), then the distribution's {@code share/jemu}, then the directories where Debian's seabios,
 * qemu-system-data and ipxe-qemu packages install their files.
 */
public record DataPath(List<Path> directories) {

    /** Where Debian installs the files QEMU's pc machines load by name. */
    public static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/share/qemu", "/usr/share/seabios",
            "/usr/lib/ipxe/qemu");

    public DataPath {
        directories = List.copyOf(directories);
    }

    /** The search path for a run: the -L directories first, then the configured and the system ones. */
    public static DataPath of(List<String> commandLineDirs) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        commandLineDirs.forEach(d -> dirs.add(Path.of(d).toAbsolutePath().normalize()));
        split(System.getProperty("jemu.datapath")).forEach(dirs::add);
        split(System.getenv("JEMU_DATA_PATH")).forEach(dirs::add);
        String home = System.getProperty("jemu.home");
        if (home != null && !home.isEmpty()) dirs.add(Path.of(home, "share", "jemu"));
        SYSTEM_DIRECTORIES.forEach(d -> dirs.add(Path.of(d)));
        return new DataPath(new ArrayList<>(dirs));
    }

    private static List<Path> split(String list) {
        if (list == null || list.isBlank()) return List.of();
        List<Path> out = new ArrayList<>();
        for (String s : list.split(File.pathSeparator)) {
            if (!s.isBlank()) out.add(Path.of(s).toAbsolutePath().normalize());
        }
        return out;
    }

    /** The file {@code name} refers to: itself if it exists, else the first match in the directories. */
    public Optional<Path> find(String name) {
        if (name == null || name.isEmpty()) return Optional.empty();
        Path given = Path.of(name);
        if (Files.isRegularFile(given)) return Optional.of(given.toAbsolutePath());
        if (given.isAbsolute()) return Optional.empty();
        for (Path d : directories) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The directories, one per line, as {@code -L help} prints them. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Path d : directories) b.append(d).append('\n');
        return b.toString();
    }
}
