package dev.perfgate.marketplace.install;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * The versions an install will put in place: the requested package and everything it needs, one version each.
 *
 * @param root        the requested package's chosen version
 * @param requirement what the request asked of it, e.g. {@code ^1.2} ({@code *} when no requirement was given)
 * @param packages    every chosen version by package, the root included, sorted by id
 */
public record Resolution(PackageMetadata root, VersionRequirement requirement, Map<PackageId, PackageMetadata> packages) {

    public Resolution {
        packages = Collections.unmodifiableMap(new TreeMap<>(packages));
        if (!root.equals(packages.get(root.id()))) {
            throw new IllegalArgumentException("root " + root.coordinates() + " is not among the packages "
                    + packages.keySet());
        }
    }

    /** How many packages the root needs, directly or not (the root itself not counted). */
    public int transitiveDependencyCount() {
        return packages.size() - 1;
    }
}
