package dev.perfgate.verdict;

import java.util.ArrayList;
import java.util.List;

import dev.perfgate.measure.Measurement;

/**
 * The verdicts of a test's objectives over its first measurement and the measurements that confirm a failure.
 *
 * <p>An objective is FAIL only when it failed on every measurement; one that failed on some but not all is WARN
 * and says so. The numbers shown are those of the last measurement.
 *
 * @param results      one result per objective, in declaration order
 * @param measurements how many measurements were judged (1 when nothing failed)
 */
public record Judgement(List<ObjectiveResult> results, int measurements) {

    public Judgement {
        results = List.copyOf(results);
        if (measurements < 1) {
            throw new IllegalArgumentException("measurements must be at least 1, was " + measurements);
        }
    }

    /** Judges every objective on {@code measurement}. */
    public static Judgement first(List<Objective> objectives, Measurement measurement, double alpha) {
        List<ObjectiveResult> results = new ArrayList<>(objectives.size());
        for (Objective objective : objectives) {
            results.add(objective.judge(measurement, alpha));
        }
        return new Judgement(results, 1);
    }

    /** Whether an objective failed on every measurement so far: another measurement must confirm it. */
    public boolean needsConfirmation() {
        return verdict() == Verdict.FAIL;
    }

    /** Combines this judgement with the judgement of one more measurement of the same objectives. */
    public Judgement confirmWith(Judgement next) {
        if (next.results.size() != results.size()) {
            throw new IllegalArgumentException("judgements of different objectives");
        }
        int count = measurements + 1;
        List<ObjectiveResult> combined = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            ObjectiveResult before = results.get(i);
            ObjectiveResult now = next.results.get(i);
            boolean failedBefore = before.verdict() == Verdict.FAIL;
            boolean failedNow = now.verdict() == Verdict.FAIL;
            if (failedBefore && !failedNow) {
                combined.add(now.warn((measurements == 1 ? "FAIL on measurement 1" : "FAIL on measurements 1 to "
                        + measurements) + " of " + count + ", not confirmed by measurement " + count));
            }
            else if (!failedBefore && failedNow) {
                combined.add(now.warn("FAIL on measurement " + count + " of " + count
                        + " only, not on the earlier ones"));
            }
            else {
                combined.add(now);
            }
        }
        return new Judgement(combined, count);
    }

    /** The worst verdict over all objectives, PASS when nothing is asserted. */
    public Verdict verdict() {
        Verdict worst = Verdict.PASS;
        for (ObjectiveResult result : results) {
            worst = worst.worst(result.verdict());
        }
        return worst;
    }

    /** The results with the given verdict. */
    public List<ObjectiveResult> withVerdict(Verdict verdict) {
        return results.stream().filter(result -> result.verdict() == verdict).toList();
    }
}
