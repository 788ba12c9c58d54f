package io.restoredrill.infra;

import io.restoredrill.infra.config.ConfigLoader;
import io.restoredrill.infra.config.DrillConfig;
import software.amazon.awscdk.App;

/**
 * The CDK app: reads the one configuration file, validates it, and defines the source-region and
 * recovery-region stacks. Run by {@code cdk synth|deploy} in infra/ (cdk.json).
 */
public final class RestoreDrillApp {

    private RestoreDrillApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        AppInputs inputs = AppInputs.from(app.getNode(), System.getenv());
        DrillConfig config = ConfigLoader.load(inputs.configFile());
        RestoreDrillStacks.define(app, config, inputs);
        app.synth();
    }
}
