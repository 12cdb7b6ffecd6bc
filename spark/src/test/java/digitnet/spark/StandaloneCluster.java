package digitnet.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 from Spark's jars (SPARK_HOME/jars, see
 * /docs/spark.md): a master and {@code workers} workers of one core each, started as processes on free
 * ports; {@link #submit} runs SparkSubmit against it. {@link #close} kills every process it started.
 */
final class StandaloneCluster implements AutoCloseable {
    /** The JVM options Spark's own scripts add on Java 17 (org.apache.spark.launcher.JavaModuleOptions). */
    static final List<String> JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    /** spark/conf/log4j2.properties: Spark's console log off on the submitting machine. */
    static final Path LOG_CONFIG = Path.of(System.getProperty("digitnet.project.dir", ".."), "spark/conf/log4j2.properties")
            .toAbsolutePath().normalize();

    record Run(int code, String out, String err) {}

    private final Path home, dir;
    private final List<Process> processes = new ArrayList<>();
    final String master;

    StandaloneCluster(Path home, Path dir, int workers, String workerMemory) throws Exception {
        this.home = home;
        this.dir = dir;
        if (!Files.exists(home.resolve("RELEASE"))) {
            Files.createFile(home.resolve("RELEASE"));     // without it a worker cannot build its executors' classpath
        }
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        try {
            Path masterLog = dir.resolve("master.log");
            start(masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                    "--webui-port", "" + freePort());
            awaitLine(masterLog, "I have been elected leader");
            for (int w = 0; w < workers; w++) {
                Path log = dir.resolve("worker-" + w + ".log");
                Path work = Files.createDirectories(dir.resolve("work-" + w));
                start(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory",
                        workerMemory, "--port", "" + freePort(), "--webui-port", "" + freePort(), "--work-dir",
                        work.toString(), master);
                awaitLine(log, "Successfully registered with master");
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void start(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = java(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment());
        processes.add(pb.start());
    }

    private List<String> java(String mainClass) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JAVA_OPTIONS);
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", home.resolve("jars") + "/*", mainClass));
        return cmd;
    }

    private void environment(Map<String, String> env) {
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOG_DIR", dir.toString());
    }

    /** SparkSubmit of {@code mainClass} in {@code jar} on this cluster, one core and 1 GB per executor. */
    Run submit(Path jar, String mainClass, int executors, List<String> args) throws Exception {
        List<String> cmd = java("org.apache.spark.deploy.SparkSubmit");
        cmd.add(1, "-Dlog4j2.configurationFile=" + LOG_CONFIG);
        cmd.addAll(List.of("--master", master, "--conf", "spark.cores.max=" + executors, "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1g", "--conf",
                "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector",
                "--class", mainClass, jar.toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "submit", ".out"), err = Files.createTempFile(dir, "submit", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(pb.environment());
        Process p = pb.start();
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("spark-submit " + mainClass + " did not end within 6 minutes");
        }
        String errText = Files.readString(err, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.equals("WARNING: Using incubator modules: jdk.incubator.vector"))
                .reduce("", (a, b) -> a + b + "\n");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errText);
    }

    private static void awaitLine(Path log, String line) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(log + " did not say '" + line + "' within 90 s:\n" + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Kills the workers and the master (their executors die with them), and waits for them. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
