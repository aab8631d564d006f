package dev.perfgate;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.jspecify.annotations.Nullable;
import org.opentest4j.IncompleteExecutionException;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.baseline.BaselineConfiguration;
import dev.perfgate.baseline.BaselineEntry;
import dev.perfgate.baseline.BaselineStore;
import dev.perfgate.baseline.Calibration;
import dev.perfgate.baseline.Fingerprint;
import dev.perfgate.baseline.GitCommit;
import dev.perfgate.baseline.RegressionObjective;
import dev.perfgate.baseline.RegressionTable;
import dev.perfgate.config.Mode;
import dev.perfgate.config.OverheadConfiguration;
import dev.perfgate.config.OverheadSettings;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.TestSettings;
import dev.perfgate.config.TestSettings.Found;
import dev.perfgate.measure.Harness;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.NanoClock;
import dev.perfgate.measure.Operation;
import dev.perfgate.otel.OverheadTelemetry;
import dev.perfgate.result.ConsoleSummaryListener;
import dev.perfgate.result.Environment;
import dev.perfgate.stats.ComplexityCeiling;
import dev.perfgate.stats.ComplexityFit;
import dev.perfgate.report.HtmlReport;
import dev.perfgate.result.OverheadResult;
import dev.perfgate.result.ResultWriter;
import dev.perfgate.result.TestResult;
import dev.perfgate.verdict.Judgement;
import dev.perfgate.verdict.Messages;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.Units;
import dev.perfgate.verdict.ConcurrencyEfficiency;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.OverheadAverage;
import dev.perfgate.verdict.OverheadEstimate;
import dev.perfgate.verdict.Verdict;

/**
 * Measures and judges test methods annotated with {@link Sla} or {@link Measure}.
 *
 * <p>It intercepts the test method's invocation, so JUnit runs {@code @BeforeEach} and {@code @AfterEach} once
 * around the whole measurement, as for any test. The real invocation is the first warmup invocation; the rest go
 * through a {@link MethodHandle} bound once to the test instance and arguments.
 */
final class PerfgateExtension
        implements InvocationInterceptor, ParameterResolver, AfterAllCallback, TestTemplateInvocationContextProvider {

    private static final Namespace NAMESPACE = Namespace.create(PerfgateExtension.class);
    private static final String REPORT_KEY = ConsoleSummaryListener.REPORT_KEY;
    /** Unique id segments of template invocations: {@code [test-template-invocation:#2]}. */
    private static final Pattern METHOD_INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]");
    private static final Pattern CLASS_INVOCATION = Pattern.compile("\\[class-template-invocation:#(\\d+)]");
    private static final Pattern ANY_INVOCATION = Pattern.compile("-invocation:#(\\d+)]");
    private static final Pattern LAST_INVOCATION = Pattern.compile("\\[([a-z-]+-invocation):#\\d+]$");
    /** A class context's list of the overhead estimates of its tests, for {@code averageMax}. */
    private static final String OVERHEAD_ESTIMATES = "otelOverheadEstimates";

    /**
     * Resolves an {@link OpenTelemetry} parameter of a test under {@code @OtelOverhead}, of its class's constructor,
     * {@code @BeforeAll} or {@code @BeforeEach} methods: the switchable instance of the outermost test class.
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == Bench.class) {
            // Only the test method's own parameter: a Bench measures that test.
            return extensionContext.getTestMethod().map(method -> method.equals(parameterContext.getDeclaringExecutable()))
                    .orElse(false);
        }
        return type == OpenTelemetry.class && underOverhead(extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() == Bench.class) {
            Method method = extensionContext.getRequiredTestMethod();
            Bench bench = new Bench(testName(method, extensionContext),
                    (operation, clock) -> measureAndJudge(extensionContext, method, operation, null, clock),
                    (units, build) -> retained(extensionContext, method, units, build));
            extensionContext.getStore(NAMESPACE).put(Bench.class, bench);
            return bench;
        }
        return telemetry(extensionContext).openTelemetry();
    }

    /** Judges {@code averageMax} of a class annotated with {@code @OtelOverhead}, over the tests it measured. */
    @Override
    public void afterAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<OtelOverhead> annotation = AnnotationSupport.findAnnotation(testClass, OtelOverhead.class);
        if (annotation.isEmpty()) {
            return;
        }
        double averageMax = OverheadSettings.averageMaxFraction(annotation.get(), className(testClass));
        @SuppressWarnings("unchecked")
        List<OverheadEstimate> estimates = context.getStore(NAMESPACE).get(OVERHEAD_ESTIMATES, List.class);
        if (Double.isNaN(averageMax) || estimates == null || estimates.isEmpty()) {
            return;
        }
        reportAlone(context, className(testClass), "violated its mean OpenTelemetry overhead limit",
                OverheadAverage.judge(estimates, averageMax), annotation.get().severity(), "");
    }

    /** The verdict invocation of a {@link ScalingTest}: fits the sizes' medians, fails when they grow too fast. */
    private void judgeScaling(ExtensionContext context, Method method, ScalingTest scaling) {
        String testName = className(context.getRequiredTestClass()) + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ") scaling";
        PerfgateConfiguration configuration = configuration(context);
        Map<Long, Measurement> measured = ScalingSizes.measured(context);
        long[] sizes = measured.entrySet().stream().filter(entry -> entry.getValue().samples() > 0)
                .mapToLong(Map.Entry::getKey).toArray();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "  %-10s %-10s %s%n", "N", "median",
                "p99"));
        for (long size : sizes) {
            Measurement measurement = measured.get(size);
            table.append(String.format(Locale.ROOT, "  %-10s %-10s %s%n", Units.count(size),
                    Units.duration(measurement.percentileNanos(50)), Units.duration(measurement.percentileNanos(99))));
        }
        String expected = "<= " + scaling.expect().notation();
        if (Arrays.stream(sizes).distinct().count() < 3) {
            context.publishReportEntry(REPORT_KEY, "WARN scaling not judged: " + sizes.length + " of "
                    + scaling.sizes().length + " sizes measured, at least 3 needed");
            return;
        }
        double[] medians = Arrays.stream(sizes).mapToDouble(size -> Math.max(1, measured.get(size).percentileNanos(50)))
                .toArray();
        ComplexityFit fit = ComplexityFit.of(sizes, medians);
        ComplexityCeiling ceiling = fit.judge(scaling.expect(), configuration.alpha());
        for (ComplexityFit.ClassFit each : fit.fits()) {
            table.append("  ").append(each.complexity() == fit.best().complexity() ? "best " : "     ")
                    .append(each).append('\n');
        }
        ObjectiveResult result = new ObjectiveResult("scaling", expected, fit.best().complexity().notation(),
                Double.NaN, Double.NaN, "class", ceiling.verdict(), ceiling.evidence());
        String fileName = (context.getRequiredTestClass().getName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","))
                + ")[scaling]").replaceAll("[^A-Za-z0-9._()\\[\\],$-]", "_");
        ResultWriter.writeScaling(configuration.resultsDir(), fileName, context.getUniqueId(), testName,
                method.getDeclaringClass().getName(), method.getName(), measured, fit, ceiling,
                failsBuild(configuration, ceiling.verdict(), scaling.severity()), Instant.now());
        reportAlone(context, testName, "grows faster than " + scaling.expect().notation(), result,
                scaling.severity(), table.toString().stripTrailing());
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(method -> AnnotationSupport.isAnnotated(method, ScalingTest.class))
                .orElse(false);
    }

    /** One invocation per size of a {@link ScalingTest}, then the one that holds the verdict. */
    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        ScalingTest scaling = AnnotationSupport.findAnnotation(method, ScalingTest.class).orElseThrow();
        long[] sizes = ScalingSizes.check(scaling, method, testName(method, context));
        Stream<TestTemplateInvocationContext> perSize = Arrays.stream(sizes)
                .mapToObj(size -> new ScalingSizes.Invocation("N = " + Units.count(size), size));
        return Stream.concat(perSize, Stream.of(new ScalingSizes.Invocation(ScalingTest.VERDICT_DISPLAY_NAME,
                sizes[sizes.length - 1])));
    }

    /** The verdict entry of a {@link ScalingTest} runs no {@code @BeforeEach}: it sets nothing up. */
    @Override
    public void interceptBeforeEachMethod(Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        skipForScalingVerdict(invocation, extensionContext);
    }

    /** The verdict entry of a {@link ScalingTest} runs no {@code @AfterEach} either. */
    @Override
    public void interceptAfterEachMethod(Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        skipForScalingVerdict(invocation, extensionContext);
    }

    private static void skipForScalingVerdict(Invocation<@Nullable Void> invocation, ExtensionContext context)
            throws Throwable {
        Optional<ScalingTest> scaling = context.getTestMethod()
                .flatMap(method -> AnnotationSupport.findAnnotation(method, ScalingTest.class));
        if (scaling.isPresent() && ScalingSizes.isVerdictInvocation(context, scaling.get())) {
            invocation.skip();
        }
        else {
            invocation.proceed();
        }
    }

    @Override
    public void interceptTestMethod(Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        measure(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        measure(invocation, invocationContext, extensionContext);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        Method method = invocationContext.getExecutable();
        Optional<String> annotation = MEASURING.stream().filter(type -> AnnotationSupport.isAnnotated(method, type))
                .map(type -> "@" + type.getSimpleName()).findFirst();
        if (annotation.isPresent()) {
            throw new ExtensionConfigurationException(annotation.get() + " on " + testName(method, extensionContext)
                    + ": dynamic tests (@TestFactory) cannot be measured: JUnit runs their executables without an"
                    + " interceptor that could repeat them; measure a @Test or @ParameterizedTest method instead");
        }
        extensionContext.publishReportEntry(REPORT_KEY, "not measured: " + testName(method, extensionContext)
                + " is a @TestFactory, and dynamic tests cannot be measured (the class-level @Sla/@Measure applies"
                + " to @Test, @RepeatedTest and @ParameterizedTest methods)");
        return invocation.proceed();
    }

    private void measure(Invocation<@Nullable Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        Optional<ScalingTest> scaling = AnnotationSupport.findAnnotation(method, ScalingTest.class);
        if (scaling.isPresent() && ScalingSizes.isVerdictInvocation(context, scaling.get())) {
            invocation.skip(); // the sizes were measured by the invocations before this one
            judgeScaling(context, method, scaling.get());
            return;
        }
        if (declaresBench(method)) {
            // The explicit style: the method sets up what it needs and measures through its Bench.
            invocation.proceed();
            Bench bench = context.getStore(NAMESPACE).get(Bench.class, Bench.class);
            if (bench != null && !bench.measured() && (!bench.retainedMeasured() || measuresOperations(method, context))) {
                // Objectives on the operation would otherwise pass without having been judged.
                throw new ExtensionConfigurationException(testName(method, context) + " declares a Bench parameter"
                        + " but never called bench.measure(...): call it with the operation to measure, e.g."
                        + " bench.measure(() -> market.search(\"web framework\"))");
            }
            return;
        }
        if (!measured(method, context)) {
            invocation.proceed();
            return;
        }
        measureAndJudge(context, method, boundOperation(method, invocationContext), invocation, NanoClock.SYSTEM);
    }

    /**
     * {@link Bench#retained}: measures the heap {@code build}'s result keeps alive, reports it, and judges it against
     * the nearest {@code @MemoryBudget(retainedPerUnit)}.
     */
    private double retained(ExtensionContext context, Method method, long units, Supplier<?> build) {
        PerfgateConfiguration configuration = configuration(context);
        if (configuration.mode().effective() == Mode.DISABLED) {
            context.publishReportEntry(REPORT_KEY, "retained heap not measured: perfgate.mode="
                    + configuration.mode().name().toLowerCase(Locale.ROOT));
            return Double.NaN;
        }
        List<Found<MemoryBudget>> memory = applicable(MemoryBudget.class, method, context);
        MemoryCheck.Retained retained = MemoryCheck.retained(units, build,
                memory.isEmpty() ? null : memory.get(0).annotation(), memory.isEmpty() ? "" : memory.get(0).source());
        List<Found<Sla>> slas = applicable(Sla.class, method, context);
        reportAlone(context, testName(method, context), "violated its retained heap budget", retained.result(),
                slas.isEmpty() ? Severity.FAIL : slas.get(0).annotation().severity(), "");
        return retained.bytesPerUnit();
    }

    /** The annotations that make perfgate measure a test, on the method or on its classes. */
    private static final List<Class<? extends Annotation>> MEASURING = List.of(Sla.class, Measure.class,
            Baseline.class, OtelOverhead.class, MemoryBudget.class, ConcurrencyScaling.class);

    /**
     * Publishes a verdict that stands on its own (a class's mean overhead, a scaling verdict, a retained heap) and
     * fails the test with it when the mode and the severity say so: the one place where such a verdict meets them.
     *
     * @param details lines shown under the verdict (a table), or empty
     */
    private static void reportAlone(ExtensionContext context, String subject, String headline, ObjectiveResult result,
            Severity severity, String details) {
        PerfgateConfiguration configuration = configuration(context);
        Mode mode = configuration.mode().effective();
        boolean fails = failsBuild(configuration, result.verdict(), severity);
        String summary = result.verdict() + " " + result.name() + " " + result.actual() + " " + result.expected()
                + " (" + result.evidence() + ")";
        if (result.verdict() == Verdict.FAIL && !fails) {
            summary += notFailing(mode, configuration);
        }
        String below = details.isEmpty() ? "" : "\n" + details;
        context.publishReportEntry(REPORT_KEY, summary + below);
        if (fails) {
            throw new SlaViolationError(subject + " " + headline + ":\n  " + result.name() + "  expected "
                    + result.expected() + "  but was " + result.actual() + "  (" + result.evidence() + ")" + below,
                    result.name() + " " + result.expected(), result.name() + " = " + result.actual(), List.of(result));
        }
    }

    /**
     * Attaches the test's percentile plot to it ({@code ExtensionContext.publishFile}), for IDEs and JUnit's reports.
     * Where nothing can take the file (no output directory), the test goes on without it.
     */
    private static void attachPlot(ExtensionContext context, TestResult result) {
        try {
            String svg = HtmlReport.svgPercentilePlot(ResultWriter.toJson(result));
            context.publishFile(result.fileName() + ".svg", MediaType.create("image", "svg+xml"),
                    path -> Files.writeString(path, svg));
        }
        catch (RuntimeException | LinkageError unavailable) {
            // a plot is a convenience; the JSON result and the report are written regardless
        }
    }

    /** Whether {@code verdict} fails the build: a FAIL in {@code enforce} mode of a {@code Severity.FAIL} objective. */
    private static boolean failsBuild(PerfgateConfiguration configuration, Verdict verdict, Severity severity) {
        return verdict == Verdict.FAIL && configuration.mode().effective() == Mode.ENFORCE && severity == Severity.FAIL;
    }

    /** Why a FAIL does not fail the build: {@code [not failing: perfgate.mode=report]}. */
    private static String notFailing(Mode mode, PerfgateConfiguration configuration) {
        return mode == Mode.ENFORCE ? " [not failing: severity WARN]"
                : " [not failing: perfgate.mode=" + configuration.mode().name().toLowerCase(Locale.ROOT) + "]";
    }

    /** Whether any of perfgate's annotations applies to {@code method}. */
    private static boolean measured(Method method, ExtensionContext context) {
        return AnnotationSupport.isAnnotated(method, ScalingTest.class)
                || MEASURING.stream().anyMatch(type -> !applicable(type, method, context).isEmpty());
    }

    /**
     * Whether something applies to {@code method} that judges a measured operation (every annotation but a
     * {@code @MemoryBudget} that only sets {@code retainedPerUnit}).
     */
    private static boolean measuresOperations(Method method, ExtensionContext context) {
        List<Found<MemoryBudget>> memory = applicable(MemoryBudget.class, method, context);
        boolean memoryOnOperations = !memory.isEmpty() && (!memory.get(0).annotation().perOperation().isBlank()
                || !memory.get(0).annotation().leak());
        return memoryOnOperations || AnnotationSupport.isAnnotated(method, ScalingTest.class)
                || MEASURING.stream().filter(type -> type != MemoryBudget.class)
                        .anyMatch(type -> !applicable(type, method, context).isEmpty());
    }

    static boolean declaresBench(Method method) {
        return Arrays.stream(method.getParameterTypes()).anyMatch(type -> type == Bench.class);
    }

    /**
     * Measures {@code operation} and judges it by the annotations that apply to {@code method}: the whole method
     * body (with JUnit's own invocation, {@code realInvocation}, as the first warmup call) or what a {@link Bench}
     * was given ({@code realInvocation} null: the method is running already).
     *
     * @return the last measurement, {@code null} when nothing was measured ({@code perfgate.mode=disabled})
     */
    @Nullable Measurement measureAndJudge(ExtensionContext context, Method method, Operation operation,
            @Nullable Invocation<@Nullable Void> realInvocation, NanoClock clock) throws Throwable {
        String testName = testName(method, context);
        List<Found<Sla>> slas = applicable(Sla.class, method, context);
        List<Found<Measure>> measures = applicable(Measure.class, method, context);
        List<Found<Baseline>> baselineAnnotations = applicable(Baseline.class, method, context);
        List<Found<OtelOverhead>> overheads = applicable(OtelOverhead.class, method, context);
        List<Found<ConcurrencyScaling>> concurrency = applicable(ConcurrencyScaling.class, method, context);
        List<Found<MemoryBudget>> memory = applicable(MemoryBudget.class, method, context);
        // The nearest @OtelOverhead applies as a whole; measured and judged before any other objective.
        OverheadSettings overheadSettings = overheads.isEmpty() ? null
                : OverheadSettings.resolve(overheads.get(0).annotation(), overheads.get(0).source());
        boolean coreMeasurement = !slas.isEmpty() || !measures.isEmpty() || !baselineAnnotations.isEmpty()
                || !concurrency.isEmpty() || !memory.isEmpty() || AnnotationSupport.isAnnotated(method, ScalingTest.class);
        int[] threadCounts = concurrency.isEmpty() ? null
                : ConcurrencyCheck.threads(concurrency.get(0).annotation(), concurrency.get(0).source());
        PerfgateConfiguration configuration = configuration(context);
        Mode mode = configuration.mode().effective();
        Found<Sla> sla = slas.isEmpty() ? null : slas.get(0); // the nearest @Sla applies as a whole
        TestSettings settings = TestSettings.resolve(sla == null ? null : sla.annotation(),
                sla == null ? testName : sla.source(), measures, configuration);
        if (!memory.isEmpty()) {
            // The nearest @MemoryBudget applies as a whole, like @Sla.
            settings = settings.withObjectives(MemoryCheck.objectives(memory.get(0).annotation(), memory.get(0).source()));
        }
        BaselineConfiguration baselines = baselineConfiguration(context);
        double maxRegressionPercent = maxRegressionPercent(baselineAnnotations, baselines);
        RegressionObjective regression = null;
        // An @OtelOverhead test alone has no measurement of its own to save or compare: its arms are the pairs'.
        if (baselines.active() && mode != Mode.DISABLED && coreMeasurement) {
            Calibration.Readings calibration = calibration(context);
            if (baselines.compareName() != null) {
                String className = context.getRequiredTestClass().getName();
                BaselineEntry entry = baselineEntries(context, baselines, baselines.compareName(), className)
                        .get(baselineKey(context));
                regression = new RegressionObjective(baselines.compareName(), entry, maxRegressionPercent,
                        calibration::best, Fingerprint.current(), baselines.strictEnvironment(), baselines.missingFails(),
                        baselines.regressionWarns(), context.getUniqueId().hashCode());
            }
            // A baseline needs blocks to resample, whether it is saved or compared against now; a test that has no
            // entry in the baseline compared (and is not saved) needs none, and is not extended for them.
            settings = settings.with(regression == null ? List.of() : List.of(regression),
                    baselines.saveName() != null ? RegressionObjective.MIN_BLOCKS_TO_SAVE : 0);
        }
        if (mode == Mode.DISABLED) {
            if (realInvocation != null) {
                realInvocation.proceed();
            }
            else {
                operation.run();
            }
            context.publishReportEntry(REPORT_KEY, "not measured: perfgate.mode="
                    + configuration.mode().name().toLowerCase(Locale.ROOT) + " (ran once as a plain test)");
            return null;
        }

        OverheadTelemetry telemetry = null;
        if (overheadSettings != null) {
            telemetry = existingTelemetry(context).orElseThrow(() -> new ExtensionConfigurationException(
                    "@OtelOverhead on " + overheads.get(0).source() + ": " + testName + " was not given the"
                    + " OpenTelemetry whose overhead is measured; declare an OpenTelemetry parameter (of the test"
                    + " method, a @BeforeEach or @BeforeAll method, or the constructor) and build the system under"
                    + " test with it, e.g. @BeforeEach void open(OpenTelemetry otel) { market = Marketplace.open(home,"
                    + " otel); }"));
        }

        // The real invocation, through every interceptor JUnit has, is the first warmup invocation.
        try {
            if (realInvocation != null) {
                realInvocation.proceed();
            }
        }
        catch (IncompleteExecutionException aborted) {
            throw aborted; // a failed assumption: the test is not to run, let alone be measured
        }
        catch (Exception firstInvocationError) {
            // a warmup invocation: errors are counted in the measurement, where the method runs many times
        }

        OverheadResult overhead = null;
        if (overheadSettings != null) {
            OverheadCheck check = new OverheadCheck(NanoClock.SYSTEM, overheadConfiguration(context),
                    configuration.alpha(), configuration.confirmRetries());
            overhead = check.run(operation, telemetry, overheadSettings, System.nanoTime() ^ context.getUniqueId().hashCode());
            if (overhead.estimate() != null && overhead.telemetry().any()) { // a vacuous estimate is no overhead
                collectForAverage(context, overhead.estimate());
            }
        }

        Harness harness = new Harness(clock, NanoClock.SYSTEM);
        // More samples cannot undo a failure that is already significant, so a measurement that has failed stops
        // being extended. Each interim look is a chance of a false FAIL: at alpha / looks per look, all of them
        // together add at most alpha (Bonferroni), and the confirming measurement still has to fail on its own.
        double interimAlpha = configuration.alpha() / Harness.MAX_INTERIM_LOOKS;
        List<Objective> objectives = settings.objectives();
        Predicate<Measurement> failed = partial -> Judgement.first(objectives, partial, interimAlpha)
                .verdict() == Verdict.FAIL;
        Measurement measurement;
        Judgement judgement;
        ConcurrencyEfficiency.Result efficiency = null;
        if (coreMeasurement || overhead == null) {
            // With @OtelOverhead, the other objectives are judged with telemetry on: what production runs.
            if (telemetry != null) {
                telemetry.openTelemetry().on();
            }
            try {
                measurement = harness.measure(operation, settings.plan(), failed);
                if (baselines.active()) {
                    calibration(context).read(); // now that this test's code is compiled: see Calibration.Readings
                }
                judgement = Judgement.first(settings.objectives(), measurement, configuration.alpha());
                for (int retry = 0; retry < configuration.confirmRetries() && judgement.needsConfirmation(); retry++) {
                    measurement = harness.measure(operation, settings.plan().withoutWarmup(), failed);
                    judgement = judgement.confirmWith(Judgement.first(settings.objectives(), measurement,
                            configuration.alpha()));
                }
                if (!memory.isEmpty() && !memory.get(0).annotation().leak()) {
                    judgement = judgement.and(MemoryCheck.leak(operation, measurement, configuration.alpha()));
                }
                if (threadCounts != null) {
                    efficiency = ConcurrencyCheck.run(harness, operation, settings.plan(), threadCounts,
                            concurrency.get(0).annotation(), configuration.alpha());
                    judgement = judgement.and(efficiency.result());
                }
            }
            finally {
                if (telemetry != null) {
                    telemetry.openTelemetry().off();
                }
            }
        }
        else {
            // @OtelOverhead alone: the "on" arm is the measurement the test's errors are judged on.
            measurement = overhead.measurement().on();
            List<ObjectiveResult> errors = Judgement.first(settings.objectives(), measurement, configuration.alpha())
                    .results();
            judgement = new Judgement(errors, overhead.measurements()); // so the message says what was confirmed
        }
        if (overhead != null) {
            judgement = judgement.and(overhead.result());
        }

        TestResult result = new TestResult(context.getUniqueId(), context.getDisplayName(), testName,
                fileName(method, context), method.getDeclaringClass().getName(), method.getName(), mode, settings,
                configuration, measurement, judgement, Instant.now(), Environment.current(), overhead);
        ResultWriter.write(result, configuration.resultsDir());
        attachPlot(context, result);
        String summary = Messages.summary(result.verdict(), judgement, measurement);
        if (overhead != null) {
            summary += "; overhead: " + overhead.describe();
        }
        if (efficiency != null) {
            summary += "; " + efficiency.summaryLine();
        }
        if (!result.failsTest() && result.verdict() == Verdict.FAIL) {
            summary += notFailing(mode, configuration);
        }
        if (baselines.saveName() != null && coreMeasurement) {
            Optional<String> refused = unfitForBaseline(measurement);
            if (refused.isPresent()) {
                summary += " [baseline '" + baselines.saveName() + "' not saved: " + refused.get() + "]";
            }
            else {
                new BaselineStore(baselines.directory()).save(baselines.saveName(),
                        context.getRequiredTestClass().getName(), BaselineEntry.of(baselineKey(context), testName,
                                measurement, calibration(context).best(), Fingerprint.current(),
                                GitCommit.of(Path.of("")).orElse(null)));
            }
        }
        context.publishReportEntry(REPORT_KEY, summary);
        ScalingSizes.record(context, method, measurement);
        if (regression != null) {
            recordRegression(context, configuration, testName, regression, judgement, measurement);
        }
        if (result.failsTest()) {
            String message = Messages.violation(testName, judgement, measurement);
            if (overhead != null) {
                message += "\n  overhead: " + overhead.describe();
            }
            if (efficiency != null) {
                message += "\n" + efficiency.table();
            }
            throw new SlaViolationError(message,
                    Messages.expected(judgement), Messages.actual(judgement), judgement.results());
        }
        return measurement;
    }

    /**
     * Why a measurement must not become a baseline, if it must not: one that recorded failures, or too few blocks
     * for any later comparison to resample, would make every comparison against it meaningless.
     */
    private static Optional<String> unfitForBaseline(Measurement measurement) {
        if (measurement.errors() > 0) {
            return Optional.of(Units.count(measurement.errors()) + " of " + Units.count(measurement.invocations())
                    + " invocations threw");
        }
        int blocks = measurement.blocks().nonEmptyMediansNanos().length;
        if (blocks < RegressionObjective.MIN_BLOCKS_TO_SAVE) {
            return Optional.of("only " + blocks + " measurement blocks, " + RegressionObjective.MIN_BLOCKS_TO_SAVE
                    + " needed (raise perfgate.measure.max-duration or the duration)");
        }
        return Optional.empty();
    }

    /**
     * The id a baseline entry is stored under: JUnit's unique id, with each template invocation's number replaced
     * by what identifies the invocation from one run to the next: its display name without the {@code [n]}
     * prefix ({@code [1] size=1000} becomes {@code size=1000}). Reordering a parameter source must not compare one
     * argument's measurement against another's.
     */
    static String baselineKey(ExtensionContext context) {
        String key = context.getUniqueId();
        for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
            Matcher segment = LAST_INVOCATION.matcher(current.getUniqueId());
            if (segment.find()) {
                String name = current.getDisplayName().replaceFirst("^\\[\\d+]\\s*", "");
                key = key.replace(segment.group(), "[" + segment.group(1) + ":" + name + "]");
            }
        }
        return key;
    }

    /** The regression limit: the nearest {@code @Baseline}'s, else {@code perfgate.baseline.max-regression.default}. */
    private static double maxRegressionPercent(List<Found<Baseline>> annotations, BaselineConfiguration baselines) {
        if (annotations.isEmpty() || annotations.get(0).annotation().maxRegression() == Baseline.DEFAULT_MAX_REGRESSION) {
            return baselines.defaultMaxRegressionPercent();
        }
        Found<Baseline> nearest = annotations.get(0);
        double percent = nearest.annotation().maxRegression();
        return BaselineConfiguration.checkPercent(percent,
                "@Baseline(maxRegression=" + percent + ") on " + nearest.source());
    }

    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: the API both Jupiter 5.14 and 6.x provide
    private static BaselineConfiguration baselineConfiguration(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(NAMESPACE).getOrComputeIfAbsent(BaselineConfiguration.class,
                key -> BaselineConfiguration.from(root::getConfigurationParameter, Path.of("")),
                BaselineConfiguration.class);
    }

    /** The run's calibration readings; taken only when baselines are saved or compared. */
    @SuppressWarnings("deprecation")
    private static Calibration.Readings calibration(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Calibration.Readings.class,
                key -> new Calibration.Readings(), Calibration.Readings.class);
    }

    /** A test class's entries in a baseline, read once per run and class. */
    @SuppressWarnings({"deprecation", "unchecked"})
    private static Map<String, BaselineEntry> baselineEntries(ExtensionContext context, BaselineConfiguration baselines,
            String name, String className) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("baseline:" + name + ":" + className,
                key -> new BaselineStore(baselines.directory()).load(name, className), Map.class);
    }

    @SuppressWarnings("deprecation")
    private static void recordRegression(ExtensionContext context, PerfgateConfiguration configuration,
            String testName, RegressionObjective regression, Judgement judgement, Measurement measurement) {
        Path folder = configuration.resultsDir().toAbsolutePath().getParent();
        RegressionTable table = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RegressionTable.class,
                key -> new RegressionTable(folder, System.out), RegressionTable.class);
        ObjectiveResult result = judgement.results().stream()
                .filter(objective -> objective.name().equals(regression.name())).findFirst().orElseThrow();
        table.add(RegressionTable.row(baselineKey(context), testName, regression,
                regression.compare(measurement, configuration.alpha()), measurement.percentileNanos(50),
                measurement.percentileNanos(99), result.verdict(), result.evidence()));
    }

    /** {@code perfgate.otel.*}, parsed once per run. */
    @SuppressWarnings("deprecation")
    private static OverheadConfiguration overheadConfiguration(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(NAMESPACE).getOrComputeIfAbsent(OverheadConfiguration.class,
                key -> OverheadConfiguration.from(root::getConfigurationParameter), OverheadConfiguration.class);
    }

    /**
     * Whether an {@code OpenTelemetry} parameter in {@code context} is perfgate's to resolve: in a test under
     * {@code @OtelOverhead}, or, for a constructor or {@code @BeforeAll} method, in a class that has such a test.
     */
    private static boolean underOverhead(ExtensionContext context) {
        Optional<Method> testMethod = context.getTestMethod();
        if (testMethod.isPresent()) {
            return !applicable(OtelOverhead.class, testMethod.get(), context).isEmpty();
        }
        for (Class<?> current = context.getTestClass().orElse(null); current != null;
                current = enclosingForNested(current)) {
            if (AnnotationSupport.isAnnotated(current, OtelOverhead.class)
                    || !AnnotationSupport.findAnnotatedMethods(current, OtelOverhead.class,
                            HierarchyTraversalMode.TOP_DOWN).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The telemetry of the outermost test class (the context just below the engine's): the system under test may
     * be built in its {@code @BeforeAll} and used by its {@code @Nested} classes' tests. The store closes it after
     * the class.
     */
    @SuppressWarnings("deprecation")
    private static OverheadTelemetry telemetry(ExtensionContext context) {
        ExtensionContext outermost = outermostClass(context);
        return outermost.getStore(NAMESPACE).getOrComputeIfAbsent(OverheadTelemetry.class,
                key -> OverheadTelemetry.start(className(outermost.getRequiredTestClass())), OverheadTelemetry.class);
    }

    private static Optional<OverheadTelemetry> existingTelemetry(ExtensionContext context) {
        return Optional.ofNullable(outermostClass(context).getStore(NAMESPACE).get(OverheadTelemetry.class,
                OverheadTelemetry.class));
    }

    private static ExtensionContext outermostClass(ExtensionContext context) {
        ExtensionContext outermost = context;
        for (Optional<ExtensionContext> parent = context.getParent(); parent.isPresent()
                && parent.get().getParent().isPresent(); parent = parent.get().getParent()) {
            outermost = parent.get();
        }
        return outermost;
    }

    /** Adds a test's overhead estimate to every enclosing class context, where {@link #afterAll} averages them. */
    @SuppressWarnings({"deprecation", "unchecked"})
    private static void collectForAverage(ExtensionContext context, OverheadEstimate estimate) {
        for (Optional<ExtensionContext> current = context.getParent(); current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext ancestor = current.get();
            if (ancestor.getTestClass().isPresent() && ancestor.getTestMethod().isEmpty()) {
                ancestor.getStore(NAMESPACE).getOrComputeIfAbsent(OVERHEAD_ESTIMATES,
                        key -> new CopyOnWriteArrayList<OverheadEstimate>(), List.class).add(estimate);
            }
        }
    }

    /** Parsed once per run and kept in the root store, as JUnit's own extensions keep their configuration. */
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: the API both Jupiter 5.14 and 6.x provide
    private static PerfgateConfiguration configuration(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(NAMESPACE).getOrComputeIfAbsent(PerfgateConfiguration.class,
                key -> PerfgateConfiguration.from(root::getConfigurationParameter), PerfgateConfiguration.class);
    }

    private static Operation boundOperation(Method method, ReflectiveInvocationContext<Method> invocationContext)
            throws IllegalAccessException {
        method.setAccessible(true);
        MethodHandle handle = MethodHandles.lookup().unreflect(method);
        if (!Modifier.isStatic(method.getModifiers())) {
            handle = handle.bindTo(invocationContext.getTarget().orElseThrow());
        }
        handle = MethodHandles.insertArguments(handle, 0, invocationContext.getArguments().toArray());
        MethodHandle invoker = handle.asType(MethodType.methodType(void.class));
        return () -> {
            invoker.invokeExact();
        };
    }

    /**
     * The annotations of {@code type} that apply to the test, nearest first: on the method, then on the test
     * class (and its superclasses, through {@code @Inherited}), then on the classes enclosing a {@code @Nested}
     * one.
     */
    private static <A extends Annotation> List<Found<A>> applicable(Class<A> type, Method method,
            ExtensionContext context) {
        List<Found<A>> found = new ArrayList<>();
        AnnotationSupport.findAnnotation(method, type)
                .ifPresent(annotation -> found.add(new Found<>(annotation, testName(method, context))));
        for (Class<?> current = context.getRequiredTestClass(); current != null; current = enclosingForNested(current)) {
            Class<?> annotated = current;
            AnnotationSupport.findAnnotation(current, type)
                    .ifPresent(annotation -> found.add(new Found<>(annotation, className(annotated))));
        }
        return found;
    }

    private static @Nullable Class<?> enclosingForNested(Class<?> type) {
        return Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
    }

    /**
     * {@code CacheTests.cacheHit()}; {@code Outer.Inner.lookup(int) [2] 100} for an invocation of a parameterized
     * method; {@code SearchTests[2].search()} for a test of the second invocation of a parameterized class.
     */
    static String testName(Method method, ExtensionContext context) {
        StringBuilder name = new StringBuilder(className(context.getTestClass().orElse(method.getDeclaringClass())));
        for (String number : invocationNumbers(context, CLASS_INVOCATION)) {
            name.append('[').append(number).append(']');
        }
        name.append('.').append(method.getName()).append('(')
                .append(Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")))
                .append(')');
        if (!invocationNumbers(context, METHOD_INVOCATION).isEmpty()) {
            name.append(' ').append(context.getDisplayName());
        }
        return name.toString();
    }

    /**
     * {@code com.acme.CacheTests.cacheHit()}, {@code com.acme.SearchTests.search(int)[2]}: readable, and unique
     * per test invocation (every template invocation the test is in adds its number).
     */
    private static String fileName(Method method, ExtensionContext context) {
        StringBuilder name = new StringBuilder(context.getRequiredTestClass().getName()).append('.')
                .append(method.getName()).append('(')
                .append(Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(",")))
                .append(')');
        for (String number : invocationNumbers(context, ANY_INVOCATION)) {
            name.append('[').append(number).append(']');
        }
        return name.toString().replaceAll("[^A-Za-z0-9._()\\[\\],$-]", "_");
    }

    /** The invocation numbers in the test's unique id that {@code segment} matches, outermost first. */
    private static List<String> invocationNumbers(ExtensionContext context, Pattern segment) {
        List<String> numbers = new ArrayList<>();
        Matcher matcher = segment.matcher(context.getUniqueId());
        while (matcher.find()) {
            numbers.add(matcher.group(1));
        }
        return numbers;
    }

    private static String className(Class<?> type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            name.insert(0, outer.getSimpleName() + ".");
        }
        return name.toString();
    }
}
