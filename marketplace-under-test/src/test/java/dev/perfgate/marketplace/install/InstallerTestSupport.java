package dev.perfgate.marketplace.install;

import java.io.IOException;
import java.nio.file.Path;

/** Gives tests in other packages the installer's recursive delete. */
public final class InstallerTestSupport {

    private InstallerTestSupport() {
    }

    public static void deleteTree(Path root) throws IOException {
        Installer.deleteTree(root);
    }
}
