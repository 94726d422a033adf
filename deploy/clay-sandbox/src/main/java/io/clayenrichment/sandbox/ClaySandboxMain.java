package io.clayenrichment.sandbox;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;

/** Runs the Clay sandbox as a program, configured by {@code SANDBOX_*} environment variables. */
public final class ClaySandboxMain {

    private ClaySandboxMain() {}

    public static void main(String[] args) {
        SandboxSettings settings;
        try {
            settings = SandboxSettings.fromEnv(Env.system());
        } catch (SettingsException e) {
            System.err.println("clay-sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        ClaySandbox sandbox = ClaySandbox.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
    }
}
