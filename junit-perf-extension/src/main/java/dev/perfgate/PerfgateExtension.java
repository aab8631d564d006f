package dev.perfgate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.jspecify.annotations.Nullable;

import dev.perfgate.config.Mode;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.TestSettings;
import dev.perfgate.measure.Harness;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.NanoClock;
import dev.perfgate.measure.Operation;
import dev.perfgate.result.ConsoleSummaryListener;
import dev.perfgate.result.Environment;
import dev.perfgate.result.ResultWriter;
import dev.perfgate.result.TestResult;
import dev.perfgate.verdict.Judgement;
import dev.perfgate.verdict.Messages;
import dev.perfgate.verdict.Verdict;

/**
 * Measures and judges test methods annotated with {@link Sla} or {@link Measure}.
 *
 * <p>It intercepts the test method's invocation, so JUnit runs {@code @BeforeEach} and {@code @AfterEach} once
 * around the whole measurement, as for any test. The real invocation is the first warmup invocation; the rest go
 * through a {@link MethodHandle} bound once to the test instance and arguments.
 */
final class PerfgateExtension implements InvocationInterceptor {

    private static final Namespace NAMESPACE = Namespace.create(PerfgateExtension.class);
    private static final String REPORT_KEY = ConsoleSummaryListener.REPORT_KEY;

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
        Optional<String> annotation = AnnotationSupport.isAnnotated(method, Sla.class) ? Optional.of("@Sla")
                : AnnotationSupport.isAnnotated(method, Measure.class) ? Optional.of("@Measure") : Optional.empty();
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
        String testName = testName(method, context);
        Found<Sla> sla = nearest(Sla.class, method, context);
        Found<Measure> measure = nearest(Measure.class, method, context);
        if (sla == null && measure == null) {
            invocation.proceed();
            return;
        }
        PerfgateConfiguration configuration = configuration(context);
        Mode mode = configuration.mode().effective();
        TestSettings settings = TestSettings.resolve(
                sla == null ? null : sla.annotation, sla == null ? testName : sla.source,
                measure == null ? null : measure.annotation, measure == null ? testName : measure.source,
                configuration);
        if (mode == Mode.DISABLED) {
            invocation.proceed();
            context.publishReportEntry(REPORT_KEY, "not measured: perfgate.mode="
                    + configuration.mode().name().toLowerCase(java.util.Locale.ROOT) + " (ran once as a plain test)");
            return;
        }

        Operation operation = boundOperation(method, invocationContext);
        // The real invocation, through every interceptor JUnit has, is the first warmup invocation.
        try {
            invocation.proceed();
        }
        catch (Exception firstInvocationError) {
            // a warmup invocation: errors are counted in the measurement, where the method runs many times
        }

        Harness harness = new Harness(NanoClock.SYSTEM);
        // More samples cannot undo a failure that is already significant: stop extending the measurement then.
        Predicate<Measurement> failed = partial -> Judgement.first(settings.objectives(), partial,
                configuration.alpha()).verdict() == Verdict.FAIL;
        Measurement measurement = harness.measure(operation, settings.plan(), failed);
        Judgement judgement = Judgement.first(settings.objectives(), measurement, configuration.alpha());
        for (int retry = 0; retry < configuration.confirmRetries() && judgement.needsConfirmation(); retry++) {
            measurement = harness.measure(operation, settings.plan().withoutWarmup(), failed);
            judgement = judgement.confirmWith(Judgement.first(settings.objectives(), measurement,
                    configuration.alpha()));
        }

        TestResult result = new TestResult(context.getUniqueId(), context.getDisplayName(), testName,
                fileName(method, context), method.getDeclaringClass().getName(), method.getName(), mode, settings,
                configuration, measurement, judgement, Instant.now(), Environment.current());
        ResultWriter.write(result, configuration.resultsDir());
        String summary = Messages.summary(result.verdict(), judgement, measurement);
        if (!result.failsTest() && result.verdict() == Verdict.FAIL) {
            summary += mode == Mode.REPORT ? " [not failing: perfgate.mode=report]"
                    : " [not failing: severity WARN]";
        }
        context.publishReportEntry(REPORT_KEY, summary);
        if (result.failsTest()) {
            throw new SlaViolationError(Messages.violation(testName, judgement, measurement),
                    Messages.expected(judgement), Messages.actual(judgement), judgement.results());
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

    /** The annotation on the method, else on the test class, its superclasses, then its enclosing classes. */
    private static <A extends java.lang.annotation.Annotation> @Nullable Found<A> nearest(Class<A> type, Method method,
            ExtensionContext context) {
        Optional<A> onMethod = AnnotationSupport.findAnnotation(method, type);
        if (onMethod.isPresent()) {
            return new Found<>(onMethod.get(), testName(method, context));
        }
        Class<?> testClass = context.getRequiredTestClass();
        for (Class<?> current = testClass; current != null; current = enclosingForNested(current)) {
            Optional<A> onClass = AnnotationSupport.findAnnotation(current, type);
            if (onClass.isPresent()) {
                return new Found<>(onClass.get(), className(current));
            }
        }
        return null;
    }

    private static @Nullable Class<?> enclosingForNested(Class<?> type) {
        return Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
    }

    /** {@code CacheTests.cacheHit()}, {@code Outer.Inner.lookup(int) [2] 100} for a parameterized invocation. */
    static String testName(Method method, ExtensionContext context) {
        String name = className(context.getTestClass().orElse(method.getDeclaringClass())) + "." + method.getName()
                + "(" + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")";
        String displayName = context.getDisplayName();
        boolean invocation = !displayName.equals(method.getName() + "()") && isTemplateInvocation(context);
        return invocation ? name + " " + displayName : name;
    }

    private static boolean isTemplateInvocation(ExtensionContext context) {
        return context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    }

    private static String fileName(Method method, ExtensionContext context) {
        String name = context.getRequiredTestClass().getName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","))
                + ")";
        if (isTemplateInvocation(context)) {
            String uniqueId = context.getUniqueId();
            int invocationIndex = uniqueId.lastIndexOf(":#");
            name += "[" + (invocationIndex >= 0 ? uniqueId.substring(invocationIndex + 2, uniqueId.length() - 1)
                    : Integer.toHexString(uniqueId.hashCode())) + "]";
        }
        return name.replaceAll("[^A-Za-z0-9._()\\[\\],$-]", "_");
    }

    private static String className(Class<?> type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            name.insert(0, outer.getSimpleName() + ".");
        }
        return name.toString();
    }

    private static final class Found<A> {
        final A annotation;
        final String source;

        Found(A annotation, String source) {
            this.annotation = annotation;
            this.source = source;
        }
    }

}
