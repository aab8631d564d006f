package dev.perfgate.marketplace.install;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * Chooses one version of every package an install needs: for each, the highest version that is not yanked and
 * satisfies every requirement stated on it by the chosen versions of the others.
 *
 * <p>A depth-first search that tries the highest candidate first and backtracks when a choice leads to a
 * requirement nothing satisfies. When no choice works, the error is the first dead end met on the most preferred
 * path: a requirement no version satisfies, or two requirements no version satisfies together, both named with who
 * stated them. A resolution whose chosen versions depend on each other in a circle is refused, naming the circle.
 * The search gives up after {@value #MAX_STEPS} choices, which a real dependency graph never needs.
 *
 * <pre>{@code Resolution r = new Resolver(registry::versions).resolve(PackageId.parse("acme/web"),
 *         VersionRequirement.parse("^2")); }</pre>
 */
public final class Resolver {

    static final int MAX_STEPS = 100_000;
    private static final String REQUEST = "the install request";
    private static final String TARGET_REQUEST = "the install target's lockfile";

    private final Function<PackageId, List<PackageMetadata>> versions;

    /** @param versions every version of a package, yanked ones included (the resolver skips them); empty if unknown */
    public Resolver(Function<PackageId, List<PackageMetadata>> versions) {
        this.versions = versions;
    }

    private record Constraint(String requiredBy, VersionRequirement requirement) {
    }

    private final class Search {
        final Map<PackageId, List<PackageMetadata>> available = new HashMap<>();
        final Map<PackageId, Version> preferred;
        @Nullable MarketplaceException firstDeadEnd;
        int steps;

        Search(Map<PackageId, Version> preferred) {
            this.preferred = preferred;
        }

        List<PackageMetadata> available(PackageId id) {
            return available.computeIfAbsent(id, k -> {
                List<PackageMetadata> usable = new ArrayList<>();
                for (PackageMetadata m : versions.apply(k)) {
                    if (!m.yanked()) {
                        usable.add(m);
                    }
                }
                usable.sort(Comparator.comparing(PackageMetadata::version).reversed());
                // a version already installed is tried first, so an install changes no more than it must
                Version keep = preferred.get(k);
                usable.sort(Comparator.comparing(m -> !m.version().equals(keep)));
                return usable;
            });
        }

        /** Chooses versions for every pending package; on success {@code chosen} holds the answer. */
        boolean solve(Map<PackageId, PackageMetadata> chosen, Map<PackageId, List<Constraint>> constraints,
                      Deque<PackageId> pending) {
            PackageId next = pending.pollFirst();
            while (next != null && chosen.containsKey(next)) {
                next = pending.pollFirst();
            }
            if (next == null) {
                return true;
            }
            List<Constraint> on = constraints.get(next);
            List<PackageMetadata> candidates = new ArrayList<>();
            for (PackageMetadata candidate : available(next)) {
                if (on.stream().allMatch(c -> c.requirement().isSatisfiedBy(candidate.version()))) {
                    candidates.add(candidate);
                }
            }
            if (candidates.isEmpty()) {
                deadEnd(next, on);
                return false;
            }
            for (PackageMetadata candidate : candidates) {
                if (++steps > MAX_STEPS) {
                    throw new MarketplaceException("dependency resolution gave up after " + MAX_STEPS
                            + " choices; the requirements on " + next + " leave too many combinations");
                }
                Map<PackageId, PackageMetadata> chosenNext = new LinkedHashMap<>(chosen);
                chosenNext.put(next, candidate);
                Map<PackageId, List<Constraint>> constraintsNext = new HashMap<>(constraints);
                Deque<PackageId> pendingNext = new ArrayDeque<>(pending);
                boolean consistent = true;
                for (Map.Entry<PackageId, VersionRequirement> dep : candidate.manifest().dependencies().entrySet()) {
                    List<Constraint> depConstraints = new ArrayList<>(constraintsNext.getOrDefault(dep.getKey(), List.of()));
                    depConstraints.add(new Constraint(candidate.coordinates(), dep.getValue()));
                    constraintsNext.put(dep.getKey(), depConstraints);
                    PackageMetadata already = chosenNext.get(dep.getKey());
                    if (already == null) {
                        pendingNext.addLast(dep.getKey());
                    } else if (!dep.getValue().isSatisfiedBy(already.version())) {
                        deadEnd(dep.getKey(), depConstraints);
                        consistent = false;
                        break;
                    }
                }
                if (consistent && solve(chosenNext, constraintsNext, pendingNext)) {
                    chosen.clear();
                    chosen.putAll(chosenNext);
                    return true;
                }
            }
            return false;
        }

        void deadEnd(PackageId id, List<Constraint> on) {
            if (firstDeadEnd == null) {
                firstDeadEnd = explain(id, on, available(id), versions.apply(id));
            }
        }
    }

    /**
     * Resolves the package and everything it needs.
     *
     * @throws MarketplaceException for an unknown package, a requirement nothing satisfies, a conflict or a cycle
     */
    public Resolution resolve(PackageId root, VersionRequirement requirement) {
        return resolve(root, requirement, Lockfile.empty());
    }

    /**
     * Resolves the package and everything it needs together with what an install target already holds: every
     * package its lockfile records as requested (except {@code root}, whose new requirement replaces the recorded
     * one) keeps its requirement, and the versions it holds are preferred. The resolution then holds every package
     * of the target that the requests need, so that installing it leaves a consistent target.
     *
     * @throws MarketplaceException for an unknown package, a requirement nothing satisfies, a conflict (also with
     *                              a requirement of the target) or a cycle
     */
    public Resolution resolve(PackageId root, VersionRequirement requirement, Lockfile target) {
        Map<PackageId, Version> installed = new HashMap<>();
        target.packages().forEach((id, entry) -> installed.put(id, entry.version()));
        installed.remove(root);
        Search search = new Search(installed);
        Map<PackageId, List<Constraint>> constraints = new HashMap<>();
        constraints.put(root, List.of(new Constraint(REQUEST, requirement)));
        Deque<PackageId> pending = new ArrayDeque<>(List.of(root));
        target.requested().forEach((id, recorded) -> {
            if (!id.equals(root)) {
                constraints.put(id, List.of(new Constraint(TARGET_REQUEST, recorded)));
                pending.addLast(id);
            }
        });
        List<PackageId> roots = List.copyOf(pending);
        Map<PackageId, PackageMetadata> chosen = new LinkedHashMap<>();
        if (!search.solve(chosen, constraints, pending)) {
            throw search.firstDeadEnd != null ? search.firstDeadEnd
                    : new MarketplaceException("cannot resolve " + root + "@" + requirement);
        }
        Map<PackageId, Boolean> state = new HashMap<>(); // false: on the current path, true: done
        for (PackageId id : roots) {
            if (!state.containsKey(id)) {
                visit(chosen.get(id), chosen, new ArrayDeque<>(), state);
            }
        }
        return new Resolution(chosen.get(root), requirement, chosen);
    }

    private static MarketplaceException explain(PackageId id, List<Constraint> on, List<PackageMetadata> usable,
                                                List<PackageMetadata> all) {
        if (all.isEmpty()) {
            Constraint by = on.get(on.size() - 1);
            return new MarketplaceException("unknown package " + id + (by.requiredBy().equals(REQUEST) ? ""
                    : " (required by " + by.requiredBy() + " as " + by.requirement() + ")"));
        }
        String availableText = usable.isEmpty() ? "every version is yanked"
                : "available: " + String.join(", ", usable.stream()
                .sorted(Comparator.comparing(PackageMetadata::version)).map(m -> m.version().toString()).toList());
        for (Constraint c : on) {
            if (usable.stream().noneMatch(m -> c.requirement().isSatisfiedBy(m.version()))) {
                return new MarketplaceException("no version of " + id + " satisfies " + c.requirement()
                        + " (required by " + c.requiredBy() + "; " + availableText + ")");
            }
        }
        for (int i = 0; i < on.size(); i++) {
            for (int j = i + 1; j < on.size(); j++) {
                Constraint a = on.get(i);
                Constraint b = on.get(j);
                if (usable.stream().noneMatch(m -> a.requirement().isSatisfiedBy(m.version())
                        && b.requirement().isSatisfiedBy(m.version()))) {
                    return new MarketplaceException("conflict on " + id + ": " + a.requiredBy() + " requires "
                            + a.requirement() + " and " + b.requiredBy() + " requires " + b.requirement()
                            + "; no version satisfies both (" + availableText + ")");
                }
            }
        }
        return new MarketplaceException("conflict on " + id + ": no version satisfies all of " + String.join(", ",
                on.stream().map(c -> c.requiredBy() + " requires " + c.requirement()).toList())
                + " (" + availableText + ")");
    }

    private static void visit(PackageMetadata node, Map<PackageId, PackageMetadata> chosen,
                              Deque<PackageMetadata> path, Map<PackageId, Boolean> state) {
        state.put(node.id(), false);
        path.addLast(node);
        for (PackageId dep : node.manifest().dependencies().keySet()) {
            Boolean depState = state.get(dep);
            if (depState == null) {
                visit(chosen.get(dep), chosen, path, state);
            } else if (!depState) {
                List<String> cycle = new ArrayList<>();
                boolean inCycle = false;
                for (PackageMetadata onPath : path) {
                    inCycle |= onPath.id().equals(dep);
                    if (inCycle) {
                        cycle.add(onPath.coordinates());
                    }
                }
                cycle.add(chosen.get(dep).coordinates());
                throw new MarketplaceException("dependency cycle: " + String.join(" -> ", cycle));
            }
        }
        path.removeLast();
        state.put(node.id(), true);
    }
}
