package dev.perfgate.baseline;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.jspecify.annotations.Nullable;

import dev.perfgate.config.PerfgateConfiguration;

/**
 * The run's baseline settings, read from configuration parameters.
 *
 * @param saveName                   {@code perfgate.baseline.save}, or null
 * @param compareName                {@code perfgate.baseline.compare}, or null
 * @param defaultMaxRegressionPercent {@code perfgate.baseline.max-regression.default}
 * @param directory                  {@code perfgate.baseline.dir}, or the nearest {@code baselines/} folder
 * @param strictEnvironment          {@code perfgate.baseline.strict-environment}
 * @param missingFails               {@code perfgate.baseline.missing=fail}
 */
public record BaselineConfiguration(
        @Nullable String saveName,
        @Nullable String compareName,
        double defaultMaxRegressionPercent,
        Path directory,
        boolean strictEnvironment,
        boolean missingFails,
        boolean regressionWarns) {

    /** Built-in default of {@code perfgate.baseline.max-regression.default}, in percent. */
    public static final double DEFAULT_MAX_REGRESSION_PERCENT = 10;

    static final String SAVE = "perfgate.baseline.save";
    static final String COMPARE = "perfgate.baseline.compare";
    static final String MAX_REGRESSION = "perfgate.baseline.max-regression.default";
    static final String DIR = "perfgate.baseline.dir";
    static final String STRICT = "perfgate.baseline.strict-environment";
    static final String MISSING = "perfgate.baseline.missing";
    static final String SEVERITY = "perfgate.baseline.severity";

    /** Baseline names become folder names: no separators, no dots at the start. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,99}");

    /** Whether this run saves or compares at all. */
    public boolean active() {
        return saveName != null || compareName != null;
    }

    /** The folder of baseline {@code name}. */
    public Path folder(String name) {
        return directory.resolve(name);
    }

    /**
     * Reads every key through {@code parameters}; {@code workingDirectory} is where the search for
     * {@code baselines/} starts.
     */
    public static BaselineConfiguration from(Function<String, Optional<String>> parameters, Path workingDirectory) {
        String save = parameters.apply(SAVE).map(String::trim).filter(value -> !value.isEmpty())
                .map(value -> name(SAVE, value)).orElse(null);
        String compare = parameters.apply(COMPARE).map(String::trim).filter(value -> !value.isEmpty())
                .map(value -> name(COMPARE, value)).orElse(null);
        double maxRegression = parameters.apply(MAX_REGRESSION)
                .map(value -> percent(MAX_REGRESSION, value))
                .orElse(DEFAULT_MAX_REGRESSION_PERCENT);
        Path directory = parameters.apply(DIR).map(value -> path(DIR, value))
                .orElseGet(() -> nearestBaselines(workingDirectory));
        boolean strict = parameters.apply(STRICT).map(value -> bool(STRICT, value)).orElse(false);
        boolean missingFails = parameters.apply(MISSING).map(value -> isFail(MISSING, value, "\"warn\" or \"fail\""))
                .orElse(false);
        boolean regressionWarns = parameters.apply(SEVERITY)
                .map(value -> !isFail(SEVERITY, value, "\"fail\" or \"warn\"")).orElse(false);
        return new BaselineConfiguration(save, compare, maxRegression, directory, strict, missingFails,
                regressionWarns);
    }

    /** Whether {@code value} of {@code key} is {@code fail} rather than {@code warn}; anything else is an error. */
    private static boolean isFail(String key, String value, String valid) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "warn":
                return false;
            case "fail":
                return true;
            default:
                throw invalid(key, value, valid);
        }
    }

    /** Checks a regression limit in percent, as given in {@code where}. */
    public static double checkPercent(double percent, String where) {
        if (!(percent > 0) || Double.isInfinite(percent)) {
            throw new ExtensionConfigurationException(where + ": invalid regression limit " + percent
                    + " (expected a positive percentage, e.g. 10 for 10 %)");
        }
        return percent;
    }

    /**
     * The nearest folder named {@code baselines} in {@code start} or above it, up to the root of the repository
     * ({@code .git}) it is in; {@code start/baselines} when there is none (it is created on the first save).
     */
    static Path nearestBaselines(Path start) {
        Path absolute = start.toAbsolutePath().normalize();
        for (Path current = absolute; current != null; current = current.getParent()) {
            Path candidate = current.resolve("baselines");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            if (Files.exists(current.resolve(".git"))) {
                break; // a baselines folder above the repository belongs to something else
            }
        }
        return absolute.resolve("baselines");
    }

    private static String name(String key, String value) {
        if (!NAME.matcher(value).matches()) {
            throw invalid(key, value, "a baseline name of letters, digits, '.', '_', '+' or '-', e.g. \"v2.3.0\"");
        }
        return value;
    }

    private static double percent(String key, String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > 0 && !Double.isInfinite(parsed)) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "a positive percentage, e.g. \"10\" for 10 %");
    }

    private static boolean bool(String key, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid(key, value, "\"true\" or \"false\"");
        }
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value.trim()).toAbsolutePath().normalize();
        }
        catch (InvalidPathException e) {
            throw invalid(key, value, "a folder such as \"baselines\"");
        }
    }

    private static ExtensionConfigurationException invalid(String key, String value, String expected) {
        return PerfgateConfiguration.invalid(key, value, expected);
    }
}
