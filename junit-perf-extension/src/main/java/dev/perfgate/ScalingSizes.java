package dev.perfgate;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.jspecify.annotations.Nullable;

import dev.perfgate.measure.Measurement;

/**
 * The invocations of a {@link ScalingTest}: their sizes, how the size reaches the method, and where each size's
 * measurement is kept until the verdict invocation reads them (the store of the template's context, which lives
 * as long as its invocations).
 */
final class ScalingSizes {

    private static final Namespace NAMESPACE = Namespace.create(ScalingSizes.class);
    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

    private ScalingSizes() {
    }

    /**
     * The sizes, checked: at least 3 distinct values, each at least 2, and a first parameter that can take them.
     *
     * @throws ExtensionConfigurationException naming the test, the attribute and the value
     */
    static long[] check(ScalingTest scaling, Method method, String testName) {
        long[] sizes = scaling.sizes();
        long distinct = Arrays.stream(sizes).distinct().count();
        if (distinct < 3 || Arrays.stream(sizes).anyMatch(size -> size < 2)) {
            throw new ExtensionConfigurationException("@ScalingTest(sizes=" + Arrays.toString(sizes) + ") on "
                    + testName + ": invalid sizes (expected at least 3 distinct sizes of at least 2, e.g. sizes ="
                    + " {10, 100, 1000, 10000})");
        }
        Class<?>[] parameters = method.getParameterTypes();
        boolean takesSize = parameters.length > 0 && List.of(int.class, long.class, Integer.class, Long.class)
                .contains(parameters[0]);
        if (!takesSize) {
            throw new ExtensionConfigurationException("@ScalingTest on " + testName + ": the first parameter must"
                    + " receive the size, an int or a long, e.g. void lookup(int peers, Bench bench)");
        }
        boolean intSize = parameters[0] == int.class || parameters[0] == Integer.class;
        if (intSize && Arrays.stream(sizes).anyMatch(size -> size > Integer.MAX_VALUE)) {
            throw new ExtensionConfigurationException("@ScalingTest(sizes=" + Arrays.toString(sizes) + ") on "
                    + testName + ": a size is too large for the int parameter; declare it long");
        }
        return sizes.clone();
    }

    /** Whether {@code context} is the invocation after the sizes', the one that holds the verdict. */
    static boolean isVerdictInvocation(ExtensionContext context, ScalingTest scaling) {
        return invocationNumber(context).map(number -> number == scaling.sizes().length + 1).orElse(false);
    }

    /** Keeps the measurement of a size's invocation for the verdict; nothing for other tests. */
    static void record(ExtensionContext context, Method method, Measurement measurement) {
        Optional<ScalingTest> scaling = AnnotationSupport.findAnnotation(method, ScalingTest.class);
        Optional<Integer> number = invocationNumber(context);
        if (scaling.isEmpty() || number.isEmpty() || number.get() > scaling.get().sizes().length
                || context.getParent().isEmpty()) {
            return;
        }
        measurements(context.getParent().get()).put(scaling.get().sizes()[number.get() - 1], measurement);
    }

    /** The measurements of the sizes measured so far, by size, from the context of any of the invocations. */
    static Map<Long, Measurement> measured(ExtensionContext invocation) {
        return invocation.getParent().map(ScalingSizes::measurements).orElse(Map.of());
    }

    @SuppressWarnings({"unchecked", "deprecation"})
    private static Map<Long, Measurement> measurements(ExtensionContext template) {
        return template.getStore(NAMESPACE).getOrComputeIfAbsent("measurements",
                key -> new ConcurrentSkipListMap<Long, Measurement>(), Map.class);
    }

    private static Optional<Integer> invocationNumber(ExtensionContext context) {
        Matcher matcher = INVOCATION.matcher(context.getUniqueId());
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** One invocation: its display name, and the size for the method's first parameter. */
    static final class Invocation implements TestTemplateInvocationContext {
        private final String displayName;
        private final long size;

        Invocation(String displayName, long size) {
            this.displayName = displayName;
            this.size = size;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return displayName;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new SizeResolver(size));
        }
    }

    private static final class SizeResolver implements ParameterResolver {
        private final long size;

        SizeResolver(long size) {
            this.size = size;
        }

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getIndex() == 0 && parameterContext.getDeclaringExecutable() instanceof Method
                    && AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), ScalingTest.class);
        }

        @Override
        public @Nullable Object resolveParameter(ParameterContext parameterContext,
                ExtensionContext extensionContext) {
            Class<?> type = parameterContext.getParameter().getType();
            return type == int.class || type == Integer.class ? (Object) Math.toIntExact(size) : (Object) size;
        }
    }
}
