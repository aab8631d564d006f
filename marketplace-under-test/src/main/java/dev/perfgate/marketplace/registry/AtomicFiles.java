package dev.perfgate.marketplace.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that a reader, or a restart after a crash, sees either the old content or the new, never a part:
 * the content goes to a temporary file in the same directory, which is then renamed over the target in one atomic
 * step. Temporary files start with {@value #TEMPORARY_PREFIX}; the registry deletes leftovers when it opens.
 */
public final class AtomicFiles {

    /** Prefix of the temporary files a crash may leave behind: {@value} */
    public static final String TEMPORARY_PREFIX = ".tmp-";

    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}, whose directory must exist.
     *
     * @param durable whether to force the content to the disk before the rename; without it a power cut (not a
     *                process crash) may leave an empty or partial file under the final name, which the registry then
     *                reports as corrupt
     */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        // unique without SecureRandom (which Files.createTempFile uses, at a cost a bulk import notices)
        Path temporary = target.resolveSibling(TEMPORARY_PREFIX + target.getFileName() + "-" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().getId() + "-" + COUNTER.incrementAndGet());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
