package io.restoredrill.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The kernel's view of sockets and open files, read from /proc so nothing is sent to find out. */
final class ProcNet {

    private static final String LISTEN = "0A";

    private ProcNet() {
    }

    /** Every listening TCP socket (IPv4 and IPv6): socket inode → local port. */
    static Map<Long, Integer> listeningSockets() {
        Map<Long, Integer> sockets = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields[3].equals(LISTEN)) {
                        sockets.put(Long.parseLong(fields[9]), Integer.parseInt(fields[1].split(":")[1], 16));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
            }
        }
        return sockets;
    }

    /** Inodes of the sockets a process has open; empty when it is gone. */
    static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        openFiles(Path.of("/proc", Long.toString(pid), "fd")).values().forEach(target -> {
            if (target.startsWith("socket:[")) {
                inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
            }
        });
        return inodes;
    }

    /** This JVM's open file descriptors: number → what it points at (a path, socket:[inode], pipe:[…]). */
    static Map<Integer, String> openFilesOfThisJvm() {
        return openFiles(Path.of("/proc/self/fd"));
    }

    private static Map<Integer, String> openFiles(Path fdDir) {
        Map<Integer, String> files = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    files.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // Closed while listed (the listing's own descriptor among them).
                }
            }
        } catch (IOException e) {
            return files;
        }
        return files;
    }

    /** Local addresses (hex, as /proc/net shows them) of every listening TCP socket on the port. */
    static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format("%04X", port);
        List<String> addresses = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (local[1].equals(hexPort) && fields[3].equals(LISTEN)) {
                    addresses.add(local[0]);
                }
            }
        }
        return addresses;
    }
}
