package dev.perfgate.marketplace.install;

import java.nio.file.Path;
import java.util.List;

import dev.perfgate.marketplace.PackageMetadata;

/**
 * A finished install.
 *
 * @param target    the directory the packages are in, each under {@code namespace/name/}
 * @param root      the requested package's installed version
 * @param installed every installed version, sorted by id
 * @param lockfile  the lockfile written in the target
 */
public record InstallResult(Path target, PackageMetadata root, List<PackageMetadata> installed, Path lockfile) {

    public InstallResult {
        installed = List.copyOf(installed);
    }
}
