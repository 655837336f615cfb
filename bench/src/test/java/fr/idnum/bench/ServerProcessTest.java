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

    @Test
    void countsTheCpuOfChildrenAliveAndEnded() throws Exception {
        ServerProcess self = new ServerProcess("this test", ProcessHandle.current().pid());
        ServerProcess family = self.withChildren();
        double before = family.cpuSeconds();
        // A child that burns about half a second of CPU, then ends: its time moves to our account of ended children.
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done").start();
        assertEquals(0, child.waitFor());
        double spentByChild = family.cpuSeconds() - before;
        double spentByUs = self.cpuSeconds();
        assertTrue(spentByChild >= 0.1, "the ended child's CPU is counted: " + spentByChild + " s");
        assertTrue(family.cpuSeconds() >= spentByUs, "the family spent at least what the parent alone spent");
        assertTrue(family.threads() >= self.threads());
    }

    @Test
    void watchesTheWholeMachine() {
        ServerProcess machine = ServerProcess.machine();
        double before = machine.cpuSeconds();
        long end = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin++;
        }
        assertTrue(spin > 0);
        assertTrue(machine.cpuSeconds() - before >= 0.2, "the machine's busy time includes our 0.3 s spin");
        assertTrue(machine.rssMiB() > new ServerProcess("this test", ProcessHandle.current().pid()).rssMiB(),
                "the machine uses more memory than this JVM");
        assertTrue(machine.threads() > 1);
        assertTrue(machine.alive());
    }
}
