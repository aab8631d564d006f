package dev.perfgate.baseline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to a file for a read-modify-write, against other threads of this JVM and other JVMs (several
 * Surefire forks, several builds of one checkout).
 *
 * <p>An operating system file lock is held by the whole JVM, so threads of one JVM also need a lock of their own:
 * that map is process-wide state on purpose, one lock per file. The lock files live in the temporary folder, not
 * beside the locked file, so that a committed folder gains no noise.
 */
final class FileLocks {

    /** One in-process lock per locked file: JVM-wide, like the operating system's file lock it complements. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /** What runs while the lock is held. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the lock of {@code file}. */
    static <T> T withLock(Path file, Locked<T> action) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(absolute, key -> new ReentrantLock());
        lock.lock();
        try {
            Path lockFile = lockFile(absolute);
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.run();
            }
        }
        finally {
            lock.unlock();
        }
    }

    private static Path lockFile(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(file.toString().getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "perfgate-locks",
                    HexFormat.of().formatHex(digest, 0, 16) + ".lock");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
