package dev.serverlesscd.local.build;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The shell script one phase runs as: restore the environment and directory the previous phase left, run each
 * command in turn (CodeBuild's log lines around it), stop at the first failure, run {@code finally}, and on exit
 * save the environment, the directory and the exported variables for the next phase and the result.
 */
final class PhaseScript {
    private PhaseScript() {
    }

    static String render(Buildspec.Phase phase, Buildspec buildspec, Path stateDir, boolean succeeding) {
        Set<String> carried = new LinkedHashSet<>(buildspec.variables().keySet());
        carried.addAll(buildspec.exportedVariables());
        String state = quote(stateDir.toString());
        StringBuilder s = new StringBuilder();
        s.append("__cb_state=").append(state).append('\n');
        s.append("__cb_save() {\n");
        s.append("  for __cb_name in ").append(names(carried)).append("; do\n");
        s.append("    if eval \"[ -n \\\"\\${$__cb_name+x}\\\" ]\"; then export \"$__cb_name\"; fi\n");
        s.append("  done\n");
        s.append("  export -p > \"$__cb_state/env.sh\"\n");
        s.append("  pwd > \"$__cb_state/pwd\"\n");
        s.append("  for __cb_name in ").append(names(buildspec.exportedVariables())).append("; do\n");
        s.append("    if eval \"[ -n \\\"\\${$__cb_name+x}\\\" ]\"; then eval \"printf '%s' \\\"\\$$__cb_name\\\"\" > \"$__cb_state/exported/$__cb_name\"; fi\n");
        s.append("  done\n");
        s.append("}\n");
        s.append("trap __cb_save EXIT\n");
        s.append("if [ -f \"$__cb_state/env.sh\" ]; then . \"$__cb_state/env.sh\"; fi\n");
        s.append("if [ -f \"$__cb_state/pwd\" ]; then cd \"$(cat \"$__cb_state/pwd\")\" || exit 1; fi\n");
        s.append("export CODEBUILD_BUILD_SUCCEEDING=").append(succeeding ? 1 : 0).append('\n');
        s.append("__cb_failed=\n");
        for (String command : phase.commands()) {
            s.append("if [ -z \"$__cb_failed\" ]; then\n");
            appendCommand(s, command);
            s.append("fi\n");
        }
        for (String command : phase.finallyCommands()) {
            appendCommand(s, command);
        }
        s.append("exit ${__cb_failed:-0}\n");
        return s.toString();
    }

    private static void appendCommand(StringBuilder s, String command) {
        String quoted = quote(command);
        s.append("printf '[Container] %s Running command %s\\n' \"$(date -u '+%Y/%m/%d %H:%M:%S')\" ").append(quoted).append('\n');
        s.append(command).append('\n');
        s.append("__cb_rc=$?\n");
        s.append("if [ \"$__cb_rc\" -ne 0 ]; then\n");
        s.append("  printf '[Container] %s Command did not exit successfully %s exit status %s\\n' \"$(date -u '+%Y/%m/%d %H:%M:%S')\" ")
                .append(quoted).append(" \"$__cb_rc\"\n");
        s.append("  if [ -z \"$__cb_failed\" ]; then __cb_failed=$__cb_rc; printf '%s' ").append(quoted)
                .append(" > \"$__cb_state/failed-command\"; fi\n");
        s.append("fi\n");
    }

    private static String names(java.util.Collection<String> names) {
        return names.isEmpty() ? "__cb_none" : String.join(" ", names);
    }

    /** A single-quoted shell word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
