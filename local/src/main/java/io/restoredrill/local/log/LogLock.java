package io.restoredrill.local.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one log directory: an in-process lock (file locks are held per JVM, not per
 * thread) and then an OS lock on the lock file, which excludes other processes.
 */
final class LogLock implements AutoCloseable {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;

    private LogLock(ReentrantLock local, FileChannel channel) {
        this.local = local;
        this.channel = channel;
    }

    /** Blocks until this thread holds the directory; the directory must exist. */
    static LogLock exclusive(Path dir, String lockFileName) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir.toRealPath(), key -> new ReentrantLock());
        local.lock();
        try {
            FileChannel channel = FileChannel.open(dir.resolve(lockFileName),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new LogLock(local, channel);
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** Like {@link #exclusive}, but a reader of a read-only directory proceeds with the in-process lock only. */
    static LogLock forReading(Path dir, String lockFileName) throws IOException {
        try {
            return exclusive(dir, lockFileName);
        } catch (FileSystemException e) {
            ReentrantLock local = IN_PROCESS.computeIfAbsent(dir.toRealPath(), key -> new ReentrantLock());
            local.lock();
            return new LogLock(local, null);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            local.unlock();
        }
    }
}
