package dev.perfgate.perftests.seed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which row of the seed's benchmark plan ({@code ../shared/seeds/000_484d98ac721c3c92.txt}) a test checks. The
 * {@link SeedSummaryListener} prints, at the end of the run, every row with its limit, our figure and the verdict.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SeedRow {

    /** The seed's tier: 1 fails the build, 2 warns, 3 as the row says. */
    int tier();

    /** The row as the seed states it, e.g. {@code "DHT lookup @ 1000 peers < 500 ms (p95)"}. */
    String value();

    /**
     * On a {@code @ScalingTest} whose sizes check {@link #value()}: the row its "scaling" verdict checks, e.g.
     * {@code "Search scaling O(N)"}; empty when that verdict checks {@link #value()} too.
     */
    String scaling() default "";

    /** The tier of {@link #scaling()}. */
    int scalingTier() default 3;
}
