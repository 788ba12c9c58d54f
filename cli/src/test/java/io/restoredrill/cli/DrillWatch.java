package io.restoredrill.cli;

import io.restoredrill.core.postgres.WorkDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches, from /proc, what drills start under some directories while they run: every process
 * whose command line names one of them and all of its descendants, and for each PostgreSQL server
 * among them its port, its POSIX shared-memory files (/dev/shm, mapped by the server) and its
 * System V segments (/proc/sysvipc/shm, by creator pid). The
 * machine is shared with other builds whose clusters leave their own segments and ports behind, so
 * only what was seen to belong to these drills is checked gone afterwards.
 */
final class DrillWatch implements AutoCloseable {

    static final String THREAD_NAME = "drill-watch";

    /** USER_HZ: /proc's unit of process start times, 100 on every Linux architecture's user ABI. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long BOOT_EPOCH_SECOND = bootEpochSecond();

    /** A process, told apart from a later one with the same pid by its start time (clock ticks since boot). */
    record Seen(long pid, long startTicks, String commandLine) {

        String key() {
            return pid + "@" + startTicks;
        }
    }

    /** @param state as /proc shows it: R, S, D, Z (exited, waiting to be reaped by its parent)… */
    private record Proc(long pid, String state, long parent, long startTicks, String commandLine) {

        String key() {
            return pid + "@" + startTicks;
        }

        boolean exited() {
            return state.equals("Z") || state.equals("X");
        }
    }

    /**
     * What was seen of one PostgreSQL server, found by its data directory.
     *
     * @param sysvSegments System V shared memory: shmid → the pid that created it
     */
    record Server(String dataDir, Set<Integer> ports, Set<String> sharedMemoryFiles, Map<String, Long> sysvSegments) {

        private static Server empty(String dataDir) {
            return new Server(dataDir, ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>());
        }
    }

    private final List<String> roots;
    private final Map<String, Seen> processes = new ConcurrentHashMap<>();
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final Thread sampler;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private DrillWatch(List<Path> roots) {
        this.roots = roots.stream().map(Path::toString).toList();
        this.sampler = new Thread(this::sampleUntilClosed, THREAD_NAME);
        sampler.setDaemon(true);
    }

    /** Starts sampling every 100 ms: a restored cluster lives for a second or more. */
    static DrillWatch start(List<Path> roots) {
        DrillWatch watch = new DrillWatch(roots);
        watch.sampler.start();
        return watch;
    }

    private void sampleUntilClosed() {
        while (running) {
            try {
                sample();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The first error the sampling thread met, if any: the watch would not have been looking. */
    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** One look at /proc; also called by the test right after each drill. */
    void sample() {
        for (Proc proc : ours(processTable())) {
            processes.putIfAbsent(proc.key(), new Seen(proc.pid(), proc.startTicks(), proc.commandLine()));
            List<String> argv = List.of(proc.commandLine().split(" "));
            if (isPostmaster(argv)) {
                // A server's children carry its command line for a moment after they fork: they
                // are counted with it, by data directory.
                Server server = servers.computeIfAbsent(argv.get(argv.indexOf("-D") + 1), Server::empty);
                server.ports().add(Integer.parseInt(argv.get(argv.indexOf("-p") + 1)));
                server.sharedMemoryFiles().addAll(sharedMemoryFiles(proc.pid()));
                server.sysvSegments().putAll(sysvSegmentsCreatedSince(proc.pid(), startedAt(proc)));
            }
        }
    }

    List<Seen> processesSeen() {
        return List.copyOf(processes.values());
    }

    /** The servers seen (initdb's single-user server, which has no port, is not one). */
    List<Server> serversSeen() {
        return List.copyOf(servers.values());
    }

    /** The server whose data directory lies in the work directory of the given drill. */
    Optional<Server> serverOf(String drillId) {
        return servers.values().stream().filter(s -> s.dataDir().contains(WorkDirs.PREFIX + drillId + "-")).findFirst();
    }

    private static boolean isPostmaster(List<String> argv) {
        int d = argv.indexOf("-D");
        int p = argv.indexOf("-p");
        return argv.get(0).endsWith("/postgres") && d > 0 && d + 1 < argv.size() && p > 0 && p + 1 < argv.size();
    }

    /**
     * {@link #stillThere()}, after giving what is on its way out up to {@code grace} to finish:
     * {@code pg_ctl stop -w} returns once the server removed its pid file, a moment before the
     * server process itself has exited.
     */
    List<String> stillThereAfter(java.time.Duration grace) throws InterruptedException {
        long until = System.nanoTime() + grace.toNanos();
        List<String> found = stillThere();
        while (!found.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
            found = stillThere();
        }
        return found;
    }

    /**
     * Everything seen that is still there, one line each: a process (same pid and start time) or
     * any process now under the roots; a listening TCP socket held by either; a seen /dev/shm
     * file; a seen System V segment (same id, same creator).
     */
    List<String> stillThere() {
        List<String> found = new ArrayList<>();
        Map<Long, Proc> now = processTable();
        Map<Long, Proc> alive = new HashMap<>();
        for (Seen seen : processes.values()) {
            Proc proc = now.get(seen.pid());
            if (proc != null && proc.startTicks() == seen.startTicks() && !proc.exited()) {
                alive.put(proc.pid(), proc);
                found.add("process " + seen.pid() + " still running: " + seen.commandLine());
            }
        }
        for (Proc proc : ours(now)) {
            if (!processes.containsKey(proc.key()) && !proc.exited()) {
                alive.put(proc.pid(), proc);
                found.add("process " + proc.pid() + " running under the drill's directories: " + proc.commandLine());
            }
        }
        Map<Long, Integer> listening = ProcNet.listeningSockets();
        for (Proc proc : alive.values()) {
            for (long inode : ProcNet.socketInodes(proc.pid())) {
                if (listening.containsKey(inode)) {
                    found.add("port " + listening.get(inode) + " still listening, held by process " + proc.pid());
                }
            }
        }
        Map<String, Long> segments = sysvSegmentsCreatedBy(null);
        for (Server server : servers.values()) {
            for (String file : server.sharedMemoryFiles()) {
                if (Files.exists(Path.of(file))) {
                    found.add("shared memory " + file + " of the server in " + server.dataDir() + " still exists");
                }
            }
            server.sysvSegments().forEach((id, creator) -> {
                if (creator.equals(segments.get(id))) {
                    found.add("System V shared memory segment " + id + " of the server in " + server.dataDir() + " still exists");
                }
            });
        }
        return found;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- /proc ---------------------------------------------------------------------------------

    private boolean mentionsRoot(String commandLine) {
        return roots.stream().anyMatch(commandLine::contains);
    }

    /** The processes whose command line names a root, and all their descendants. */
    private List<Proc> ours(Map<Long, Proc> table) {
        Set<Long> selected = new HashSet<>();
        for (Proc proc : table.values()) {
            if (mentionsRoot(proc.commandLine())) {
                selected.add(proc.pid());
            }
        }
        Map<Long, List<Long>> children = new HashMap<>();
        table.values().forEach(p -> children.computeIfAbsent(p.parent(), k -> new ArrayList<>()).add(p.pid()));
        List<Long> queue = new ArrayList<>(selected);
        while (!queue.isEmpty()) {
            for (long child : children.getOrDefault(queue.remove(queue.size() - 1), List.of())) {
                if (selected.add(child)) {
                    queue.add(child);
                }
            }
        }
        return selected.stream().map(table::get).toList();
    }

    private static Map<Long, Proc> processTable() {
        Map<Long, Proc> table = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                read(entry).ifPresent(p -> table.put(p.pid(), p));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return table;
    }

    /** When a process started, in whole seconds since the epoch, one second early (/proc counts in clock ticks). */
    private static long startedAt(Proc proc) {
        return BOOT_EPOCH_SECOND + proc.startTicks() / CLOCK_TICKS_PER_SECOND - 1;
    }

    private static long bootEpochSecond() {
        try {
            return Files.readAllLines(Path.of("/proc/stat")).stream().filter(line -> line.startsWith("btime "))
                    .mapToLong(line -> Long.parseLong(line.substring("btime ".length()).trim())).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A process that exits while it is read is simply not there. */
    private static Optional<Proc> read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            // The command name in parentheses may hold spaces: fields are counted after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
            String commandLine = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return Optional.of(new Proc(Long.parseLong(dir.getFileName().toString()), fields[0], Long.parseLong(fields[1]),
                    Long.parseLong(fields[19]), commandLine));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Set<String> sharedMemoryFiles(long pid) {
        try {
            Set<String> files = new HashSet<>();
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
                int at = line.indexOf("/dev/shm/");
                if (at >= 0) {
                    files.add(line.substring(at).replace(" (deleted)", ""));
                }
            }
            return files;
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** System V segments by shmid → creator pid; only those created by {@code pid}, or all when it is null. */
    private static Map<String, Long> sysvSegmentsCreatedBy(Long pid) {
        return sysvSegmentsCreatedSince(pid, 0);
    }

    /**
     * The same, created at or after {@code sinceEpochSecond}. A killed server's segment outlives it, with its pid as
     * creator; pids wrap (at 32768 here), so a later server, or any of its children for the moment they carry its
     * command line, may have the pid of a dead one. Only a segment created once that process had started is its own.
     */
    private static Map<String, Long> sysvSegmentsCreatedSince(Long pid, long sinceEpochSecond) {
        Map<String, Long> segments = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/sysvipc/shm"));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                long creator = Long.parseLong(fields[4]);
                long created = Long.parseLong(fields[13]);
                if ((pid == null || pid == creator) && created >= sinceEpochSecond) {
                    segments.put(fields[1], creator);
                }
            }
        } catch (IOException e) {
            // No System V IPC on this kernel: nothing to leak.
        }
        return segments;
    }
}
