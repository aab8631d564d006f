package dev.perfgate.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit checked out in the git work tree around a folder, read from the {@code .git} files (no {@code git}
 * process is needed): a baseline says which code it measured.
 */
public final class GitCommit {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private GitCommit() {
    }

    /** The commit of the work tree containing {@code start}, or empty outside one. */
    public static Optional<String> of(Path start) {
        for (Path current = start.toAbsolutePath().normalize(); current != null; current = current.getParent()) {
            Path dotGit = current.resolve(".git");
            try {
                if (Files.isDirectory(dotGit)) {
                    return head(dotGit);
                }
                if (Files.isRegularFile(dotGit)) { // a linked work tree or submodule: "gitdir: <path>"
                    String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                    if (pointer.startsWith("gitdir:")) {
                        return head(current.resolve(pointer.substring("gitdir:".length()).trim()).normalize());
                    }
                    return Optional.empty();
                }
            }
            catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> head(Path gitDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref:")) {
            return hash(head);
        }
        String ref = head.substring("ref:".length()).trim();
        Path common = gitDir;
        Path commonDir = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonDir)) {
            common = gitDir.resolve(Files.readString(commonDir, StandardCharsets.UTF_8).trim()).normalize();
        }
        for (Path dir : List.of(gitDir, common)) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return hash(Files.readString(loose, StandardCharsets.UTF_8).trim());
            }
            Path packed = dir.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return hash(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        }
        return Optional.empty(); // a branch without commits
    }

    private static Optional<String> hash(String text) {
        return HASH.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }
}
