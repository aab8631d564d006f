package dev.perfgate.memory;

import java.util.List;

import dev.perfgate.verdict.Units;
import dev.perfgate.verdict.Verdict;

/**
 * The outcome of a {@link LeakCheck}: how fast the used heap grew with the operations, how sure that is, and the
 * verdict.
 *
 * <pre>{@code
 * LeakReport report = LeakCheck.of(10_000).run(() -> service.handle(request));
 * report.verdict();   // FAIL
 * report.text();      // "heap grows 84.4 B/op (99.9 % lower bound 84.2 B/op), above the floor of 8 B/op: ..."
 * }</pre>
 *
 * @param operations                  operations run before each reading (not counting the warm-up round), from
 *                                    {@code 0}
 * @param readings                    the stable heap reading after each of those, in order
 * @param bytesPerOperation           the least-squares slope of used heap over operations, in bytes per operation
 * @param lowerBoundBytesPerOperation the slope's one-sided lower confidence bound at {@code 1 - alpha}
 * @param pValue                      the one-sided p-value of "the heap does not grow" against "it grows"
 * @param alpha                       the significance level
 * @param floorBytesPerOperation      growth at or below which the heap does not count as leaking
 * @param verdict                     FAIL when the lower bound is above the floor; WARN when only the estimate is, or
 *                                    when a reading was not stable; PASS otherwise
 */
public record LeakReport(
        List<Long> operations,
        List<HeapReading> readings,
        double bytesPerOperation,
        double lowerBoundBytesPerOperation,
        double pValue,
        double alpha,
        double floorBytesPerOperation,
        Verdict verdict) {

    public LeakReport {
        operations = List.copyOf(operations);
        readings = List.copyOf(readings);
        if (operations.size() != readings.size() || operations.size() < LeakCheck.MIN_ROUNDS + 1) {
            throw new IllegalArgumentException("a leak report needs the same number, at least "
                    + (LeakCheck.MIN_ROUNDS + 1) + ", of operation counts and readings; had " + operations.size()
                    + " and " + readings.size());
        }
        if (!(lowerBoundBytesPerOperation <= bytesPerOperation) || !(pValue >= 0 && pValue <= 1)
                || !(alpha > 0 && alpha < 1) || !(floorBytesPerOperation >= 0)) {
            throw new IllegalArgumentException("invalid leak report: " + bytesPerOperation + " B/op, lower bound "
                    + lowerBoundBytesPerOperation + ", p " + pValue + ", alpha " + alpha + ", floor "
                    + floorBytesPerOperation);
        }
    }

    /** Used heap at the last reading less at the first, in bytes. */
    public long growthBytes() {
        return readings.get(readings.size() - 1).usedBytes() - readings.get(0).usedBytes();
    }

    /** How many readings did not settle within their collections. */
    public int unstableReadings() {
        return (int) readings.stream().filter(reading -> !reading.stable()).count();
    }

    /**
     * The verdict and its evidence for people, e.g.
     * {@code heap grows 84.4 B/op (99.9 % lower bound 84.2 B/op), above the floor of 8 B/op: 5.54 MiB over 80,000
     * operations in 8 rounds}.
     */
    public String text() {
        String estimate = "heap grows " + Units.bytesPerOperation(bytesPerOperation) + " (" + Units.percent(1 - alpha)
                + " lower bound " + Units.bytesPerOperation(lowerBoundBytesPerOperation) + ")";
        String floor = Units.bytesPerOperation(floorBytesPerOperation);
        String evidence = Units.bytes(growthBytes()) + " over " + Units.count(operations.get(operations.size() - 1))
                + " operations in " + (operations.size() - 1) + " rounds";
        String unstable = unstableReadings() == 0 ? ""
                : "; " + unstableReadings() + " of " + readings.size() + " heap readings did not settle";
        return switch (verdict) {
            case FAIL -> estimate + ", above the floor of " + floor + ": " + evidence + unstable;
            case WARN -> bytesPerOperation > floorBytesPerOperation
                    ? estimate + ", above the floor of " + floor + " but not significantly: " + evidence + unstable
                    : estimate + ", within the floor of " + floor + ", but not confirmed: " + evidence + unstable;
            case PASS -> estimate + ", within the floor of " + floor + ": " + evidence;
        };
    }
}
