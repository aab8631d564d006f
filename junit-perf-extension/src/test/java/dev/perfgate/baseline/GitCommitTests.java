package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTests {

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tree;

    @Test
    void readsALooseBranchRefFromASubfolder() throws Exception {
        Files.createDirectories(tree.resolve(".git/refs/heads"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(tree.resolve(".git/refs/heads/main"), HASH + "\n");
        Path module = Files.createDirectories(tree.resolve("module/src"));

        assertThat(GitCommit.of(module)).contains(HASH);
    }

    @Test
    void readsAPackedRefAndADetachedHead() throws Exception {
        Files.createDirectories(tree.resolve(".git"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(tree.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + HASH + " refs/heads/main\n");

        assertThat(GitCommit.of(tree)).contains(HASH);

        Files.writeString(tree.resolve(".git/HEAD"), HASH.replace('0', 'f') + "\n");
        assertThat(GitCommit.of(tree)).contains(HASH.replace('0', 'f'));
    }

    @Test
    void aBranchWithoutCommitsHasNoCommit() throws Exception {
        Files.createDirectories(tree.resolve(".git"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");

        assertThat(GitCommit.of(tree)).isEmpty();
    }
}
