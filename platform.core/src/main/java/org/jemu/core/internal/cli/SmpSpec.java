package org.jemu.core.internal.cli;

import org.jemu.core.opts.Opts;
import org.jemu.core.opts.OptsSchema;

/**
 * {@code -smp [cpus=]N[,maxcpus=M][,sockets=S][,dies=D][,cores=C][,threads=T]}, completed like QEMU's
 * machine_parse_smp_config for machine types since 6.2 (omitted values prefer cores over sockets).
 */
public record SmpSpec(int cpus, int sockets, int dies, int cores, int threads, int maxCpus) {
    private static final long LIMIT = 4096;

    static final OptsSchema SCHEMA = OptsSchema.of("smp", "cpus")
            .number("cpus", "number of initial CPUs")
            .number("maxcpus", "maximum number of CPUs, including hotpluggable ones")
            .number("sockets", "number of sockets")
            .number("dies", "dies per socket")
            .number("cores", "cores per die")
            .number("threads", "threads per core");

    static SmpSpec parse(Opts opts) throws CliException {
        SCHEMA.validate(opts);
        for (String key : opts.keys()) {
            long v = opts.number(key, 0);
            if (v == 0) {
                throw CliException.of("smp", "CPU topology parameter '" + key + "' must be greater than zero");
            }
            if (v > LIMIT) {
                throw CliException.of("smp", "parameter '" + key + "': " + v + " is too large");
            }
        }
        int cpus = (int) opts.number("cpus", 0);
        int maxCpus = (int) opts.number("maxcpus", 0);
        int sockets = (int) opts.number("sockets", 0);
        int dies = (int) opts.number("dies", 1);
        int cores = (int) opts.number("cores", 0);
        int threads = (int) opts.number("threads", 0);

        if (cpus == 0 && maxCpus == 0) {
            sockets = sockets > 0 ? sockets : 1;
            cores = cores > 0 ? cores : 1;
            threads = threads > 0 ? threads : 1;
        } else {
            maxCpus = maxCpus > 0 ? maxCpus : cpus;
            if (cores == 0) {
                sockets = sockets > 0 ? sockets : 1;
                threads = threads > 0 ? threads : 1;
                cores = Math.max(1, maxCpus / (sockets * dies * threads));
            } else if (sockets == 0) {
                threads = threads > 0 ? threads : 1;
                sockets = Math.max(1, maxCpus / (dies * cores * threads));
            }
            if (threads == 0) {
                threads = Math.max(1, maxCpus / (sockets * dies * cores));
            }
        }
        long total = (long) sockets * dies * cores * threads;
        maxCpus = maxCpus > 0 ? maxCpus : (int) Math.min(total, Integer.MAX_VALUE);
        cpus = cpus > 0 ? cpus : maxCpus;
        String topology = "sockets (" + sockets + ") * dies (" + dies + ") * cores (" + cores + ") * threads ("
                + threads + ")";
        if (total != maxCpus) {
            throw CliException.of("smp", "invalid CPU topology: product of the hierarchy must match maxcpus: "
                    + topology + " != maxcpus (" + maxCpus + ")");
        }
        if (maxCpus < cpus) {
            throw CliException.of("smp", "invalid CPU topology: maxcpus must be equal to or greater than smp: "
                    + topology + " == maxcpus (" + maxCpus + ") < smp_cpus (" + cpus + ")");
        }
        return new SmpSpec(cpus, sockets, dies, cores, threads, maxCpus);
    }
}
