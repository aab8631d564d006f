package dev.perfgate.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.perfgate.measure.Measurement;

/**
 * The verdicts of a test's objectives over its first measurement and the measurements that confirm a failure.
 *
 * <p>An objective is FAIL only when it failed on every measurement; one that failed on some but not all is WARN
 * and says on which. The numbers shown are those of the last measurement.
 */
public final class Judgement {

    /** The last measurement's result of each objective, in declaration order. */
    private final List<ObjectiveResult> latest;
    /** For each objective, the numbers (from 1) of the measurements on which it failed. */
    private final List<List<Integer>> failedOn;
    private final int measurements;

    /**
     * The judgement of {@code measurements} measurements whose every FAIL in {@code results} failed on all of them
     * (as after a first measurement, where {@code measurements} is 1).
     */
    public Judgement(List<ObjectiveResult> results, int measurements) {
        this(results, failuresOnAll(results, measurements), measurements);
    }

    private Judgement(List<ObjectiveResult> latest, List<List<Integer>> failedOn, int measurements) {
        if (measurements < 1) {
            throw new IllegalArgumentException("measurements must be at least 1, was " + measurements);
        }
        this.latest = List.copyOf(latest);
        this.failedOn = List.copyOf(failedOn);
        this.measurements = measurements;
    }

    /** Judges every objective on {@code measurement}. */
    public static Judgement first(List<Objective> objectives, Measurement measurement, double alpha) {
        List<ObjectiveResult> results = new ArrayList<>(objectives.size());
        for (Objective objective : objectives) {
            results.add(objective.judge(measurement, alpha));
        }
        return new Judgement(results, 1);
    }

    /** How many measurements were judged (1 when nothing failed). */
    public int measurements() {
        return measurements;
    }

    /** Whether an objective failed on every measurement so far: another measurement must confirm it. */
    public boolean needsConfirmation() {
        return verdict() == Verdict.FAIL;
    }

    /** Combines this judgement with the judgement of one more measurement of the same objectives. */
    public Judgement confirmWith(Judgement next) {
        if (next.latest.size() != latest.size()) {
            throw new IllegalArgumentException("judgements of different objectives");
        }
        int count = measurements + 1;
        List<List<Integer>> failures = new ArrayList<>(latest.size());
        for (int i = 0; i < latest.size(); i++) {
            List<Integer> failed = new ArrayList<>(failedOn.get(i));
            if (next.latest.get(i).verdict() == Verdict.FAIL) {
                failed.add(count);
            }
            failures.add(List.copyOf(failed));
        }
        return new Judgement(next.latest, failures, count);
    }

    /**
     * This judgement with the result of one more objective, judged on measurements of its own (an overhead check's
     * paired ones): a FAIL in it counts as failed on every measurement of this judgement.
     */
    public Judgement and(ObjectiveResult result) {
        List<ObjectiveResult> results = new ArrayList<>(latest);
        results.add(Objects.requireNonNull(result, "result"));
        List<List<Integer>> failures = new ArrayList<>(failedOn);
        failures.addAll(failuresOnAll(List.of(result), measurements));
        return new Judgement(results, failures, measurements);
    }

    /**
     * One result per objective, in declaration order: the last measurement's, downgraded to WARN where the
     * objective failed on some measurements but not on all.
     */
    public List<ObjectiveResult> results() {
        List<ObjectiveResult> results = new ArrayList<>(latest.size());
        for (int i = 0; i < latest.size(); i++) {
            ObjectiveResult result = latest.get(i);
            List<Integer> failed = failedOn.get(i);
            if (failed.isEmpty() || failed.size() == measurements) {
                results.add(result);
            }
            else {
                List<Integer> passed = new ArrayList<>();
                for (int m = 1; m <= measurements; m++) {
                    if (!failed.contains(m)) {
                        passed.add(m);
                    }
                }
                results.add(result.warn("FAIL on " + measurementsText(failed) + " of " + measurements + ", not on "
                        + measurementsText(passed)));
            }
        }
        return Collections.unmodifiableList(results);
    }

    /** The worst verdict over all objectives, PASS when nothing is asserted. */
    public Verdict verdict() {
        Verdict worst = Verdict.PASS;
        for (ObjectiveResult result : results()) {
            worst = worst.worst(result.verdict());
        }
        return worst;
    }

    /** The results with the given verdict. */
    public List<ObjectiveResult> withVerdict(Verdict verdict) {
        return results().stream().filter(result -> result.verdict() == verdict).toList();
    }

    private static List<List<Integer>> failuresOnAll(List<ObjectiveResult> results, int measurements) {
        List<Integer> all = new ArrayList<>();
        for (int m = 1; m <= measurements; m++) {
            all.add(m);
        }
        List<List<Integer>> failures = new ArrayList<>(results.size());
        for (ObjectiveResult result : Objects.requireNonNull(results, "results")) {
            failures.add(result.verdict() == Verdict.FAIL ? List.copyOf(all) : List.of());
        }
        return failures;
    }

    /** {@code measurement 1}, {@code measurements 1 and 2}, {@code measurements 1, 2 and 3}. */
    private static String measurementsText(List<Integer> numbers) {
        if (numbers.size() == 1) {
            return "measurement " + numbers.get(0);
        }
        StringBuilder text = new StringBuilder("measurements ");
        for (int i = 0; i < numbers.size(); i++) {
            if (i > 0) {
                text.append(i == numbers.size() - 1 ? " and " : ", ");
            }
            text.append(numbers.get(i));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Judgement[" + results() + " over " + measurements + " measurements]";
    }
}
