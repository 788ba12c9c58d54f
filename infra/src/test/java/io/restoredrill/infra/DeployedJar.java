package io.restoredrill.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The functions jar the stacks deploy, loaded in its own class loader, so tests can hand the
 * functions' own code what the stacks configure (execution inputs, environments) and see it accepted.
 */
final class DeployedJar implements AutoCloseable {

    private final URLClassLoader loader;

    DeployedJar(Path jar) {
        try {
            this.loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeployedJar example() {
        return new DeployedJar(Synthesized.INFRA.resolve(AppInputs.DEFAULT_JAR).normalize());
    }

    /** {@code DrillDefaults.fromEnvironment(env)}: the Plan function's view of its environment. */
    Object drillDefaults(Map<String, String> env) {
        return invokeStatic("io.restoredrill.aws.plan.DrillDefaults", "fromEnvironment", env);
    }

    /** {@code PublishSettings.fromEnvironment(env)}. */
    Object publishSettings(Map<String, String> env) {
        return invokeStatic("io.restoredrill.aws.publish.PublishSettings", "fromEnvironment", env);
    }

    /** {@code new InputParser(DrillDefaults.fromEnvironment(env), clock).parse(json)}: what Plan makes of an input. */
    Object parseExecutionInput(Map<String, String> env, String json) {
        try {
            Class<?> defaults = loader.loadClass("io.restoredrill.aws.plan.DrillDefaults");
            Class<?> parser = loader.loadClass("io.restoredrill.aws.plan.InputParser");
            Object instance = parser.getConstructor(defaults, Clock.class).newInstance(drillDefaults(env), Clock.systemUTC());
            return parser.getMethod("parse", String.class).invoke(instance, json);
        } catch (InvocationTargetException e) {
            throw new AssertionError("Plan refused the input: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record component or no-argument method of an object from the jar. */
    static Object get(Object record, String accessor) {
        try {
            var method = record.getClass().getMethod(accessor);
            method.setAccessible(true);
            return method.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object invokeStatic(String type, String method, Map<String, String> argument) {
        try {
            return loader.loadClass(type).getMethod(method, Map.class).invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
