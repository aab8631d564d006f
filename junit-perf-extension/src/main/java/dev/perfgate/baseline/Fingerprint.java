package dev.perfgate.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import dev.perfgate.result.Environment;

/**
 * What must match for two measurements to be compared as equals: the machine and the software that measured.
 *
 * @param cpuModel        CPU model name
 * @param cores           processors available to the JVM
 * @param jvmVendor       JVM vendor
 * @param jvmVersion      JVM runtime version
 * @param os              operating system name and architecture
 * @param perfgateVersion the perfgate version that measured
 */
public record Fingerprint(String cpuModel, int cores, String jvmVendor, String jvmVersion, String os,
        String perfgateVersion) {

    private static final String PERFGATE_VERSION = readVersion();

    /** The fingerprint of this JVM. */
    public static Fingerprint current() {
        Environment environment = Environment.current();
        return new Fingerprint(environment.cpuModel(), environment.cores(), environment.jvmVendor(),
                environment.jvmVersion(), environment.osName() + " " + environment.osArch(), PERFGATE_VERSION);
    }

    /**
     * The differences that make a comparison with {@code other} unreliable: another CPU model, core count or JVM
     * major version. Other differences (a JVM patch release, the perfgate version) are recorded, not judged.
     */
    public List<String> significantDifferences(Fingerprint other) {
        List<String> differences = new ArrayList<>();
        if (!cpuModel.equals(other.cpuModel)) {
            differences.add("CPU model '" + other.cpuModel + "' then, '" + cpuModel + "' now");
        }
        if (cores != other.cores) {
            differences.add(other.cores + " cores then, " + cores + " now");
        }
        if (!jvmMajor(jvmVersion).equals(jvmMajor(other.jvmVersion))) {
            differences.add("Java " + jvmMajor(other.jvmVersion) + " then, Java " + jvmMajor(jvmVersion) + " now");
        }
        return differences;
    }

    /** {@code 17} for {@code 17.0.15+6-Debian-1deb12u1}, {@code 8} for {@code 1.8.0_392}. */
    static String jvmMajor(String version) {
        String[] parts = version.split("[.+_-]");
        if (parts.length > 1 && parts[0].equals("1")) {
            return parts[1];
        }
        return parts[0];
    }

    private static String readVersion() {
        try (InputStream in = Fingerprint.class.getResourceAsStream("/dev/perfgate/perfgate.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (IOException e) {
            return "unknown";
        }
    }
}
