package io.polybridge.simulator;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own: {@code java ... io.polybridge.simulator.SimulatorMain [port] [apiKey]}. Seeds two
 * model syncs and two bulk syncs and prints their IDs; stops on Ctrl+C.
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        String apiKey = args.length > 1 ? args[1] : SimulatorOptions.DEFAULT_API_KEY;
        PolytomicSimulator simulator = PolytomicSimulator.start(
                SimulatorOptions.defaults().withPort(port).withApiKey(apiKey));
        for (int i = 0; i < 2; i++) {
            System.out.println("model sync "
                    + simulator.addModelSync(UUID.randomUUID(), true).id());
            System.out.println("bulk sync  "
                    + simulator
                            .addBulkSync(UUID.randomUUID(), true, "contact", "company")
                            .id());
        }
        System.out.println("Polytomic simulator at " + simulator.baseUrl() + " (Bearer " + apiKey + ")");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stop.countDown();
        }));
        stop.await();
    }
}
