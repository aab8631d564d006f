package dev.perfgate.result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a measurement ran on: numbers from different machines are not comparable, so every result says
 * where it came from.
 *
 * @param jvmVendor   {@code java.vm.vendor}
 * @param jvmVersion  {@code java.runtime.version} ({@code java.version} when absent)
 * @param jvmName     {@code java.vm.name}
 * @param osName      {@code os.name}
 * @param osVersion   {@code os.version}
 * @param osArch      {@code os.arch}
 * @param cpuModel    the CPU model from {@code /proc/cpuinfo}, or {@code unknown}
 * @param cores       processors available to the JVM
 */
public record Environment(String jvmVendor, String jvmVersion, String jvmName, String osName, String osVersion,
        String osArch, String cpuModel, int cores) {

    private static final Environment CURRENT = detect();

    /** The environment of this JVM, read once. */
    public static Environment current() {
        return CURRENT;
    }

    private static Environment detect() {
        return new Environment(
                System.getProperty("java.vm.vendor", "unknown"),
                System.getProperty("java.runtime.version", System.getProperty("java.version", "unknown")),
                System.getProperty("java.vm.name", "unknown"),
                System.getProperty("os.name", "unknown"),
                System.getProperty("os.version", "unknown"),
                System.getProperty("os.arch", "unknown"),
                readCpuModel(),
                Runtime.getRuntime().availableProcessors());
    }

    private static String readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                List<String> lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
                for (String line : lines) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("model name") || lower.startsWith("hardware") || lower.startsWith("cpu model")) {
                        int colon = line.indexOf(':');
                        if (colon >= 0) {
                            return line.substring(colon + 1).trim();
                        }
                    }
                }
            }
            catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
        String identifier = System.getenv("PROCESSOR_IDENTIFIER");
        return identifier != null ? identifier : "unknown";
    }
}
