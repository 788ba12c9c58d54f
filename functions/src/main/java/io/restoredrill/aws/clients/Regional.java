package io.restoredrill.aws.clients;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * One SDK client per region, built on first use and kept for the container's life. Steps take a
 * {@code Function<String, C>} (region to client), so tests hand them clients pointed at moto.
 */
public final class Regional<C extends SdkClient> implements Function<String, C>, AutoCloseable {

    private final Function<Region, C> factory;
    private final Map<String, C> clients = new ConcurrentHashMap<>();

    public Regional(Function<Region, C> factory) {
        this.factory = factory;
    }

    @Override
    public C apply(String region) {
        return clients.computeIfAbsent(region, r -> factory.apply(Region.of(r)));
    }

    /**
     * Builds the clients of these regions now rather than in the first invocation.
     */
    public Regional<C> warm(java.util.Collection<String> regions) {
        regions.forEach(this::apply);
        return this;
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
