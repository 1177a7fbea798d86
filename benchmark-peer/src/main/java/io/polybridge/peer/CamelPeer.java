package io.polybridge.peer;

import org.apache.camel.main.Main;

/**
 * The benchmark's peer: what a team would deploy instead of the bridge, built from off-the-shelf parts and configured
 * as their documentation recommends. A Camel Main application ({@code application.properties} beside it) running one
 * route, {@link CommandRoute}, which Camel Main finds in this package. Started by the benchmark as a process of its
 * own, like the bridge.
 */
public final class CamelPeer {

    private CamelPeer() {}

    public static void main(String[] args) throws Exception {
        new Main(CamelPeer.class).run(args);
    }
}
