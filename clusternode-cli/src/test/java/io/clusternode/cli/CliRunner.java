package io.clusternode.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real command tree in-process with given input, environment and home, capturing its output. */
final class CliRunner {

    record Result(int code, String out, String err) {
    }

    private final Path home;
    private final Map<String, String> env;

    CliRunner(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                new ByteArrayInputStream(stdin.getBytes(Charset.defaultCharset())), env, home);
        int code = ClusterNodeCli.commandLine(environment, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
