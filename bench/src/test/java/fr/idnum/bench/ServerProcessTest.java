package fr.idnum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class ServerProcessTest {

    @Test
    void findsTheProcessListeningOnAPortAndReadsItsAccounting() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            ServerProcess found = ServerProcess.listeningOn("this test", socket.getLocalPort()).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), found.pid());
            assertTrue(found.cpuSeconds() > 0, "a JVM that ran tests has used CPU");
            assertTrue(found.rssMiB() > 10);
            assertTrue(found.threads() > 1);
        }
    }

    @Test
    void findsNothingOnAPortNobodyListensOn() throws Exception {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        assertTrue(ServerProcess.listeningOn("nobody", free).isEmpty());
    }
}
