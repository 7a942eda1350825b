package dev.serverlesscd.functions.run;

import dev.serverlesscd.functions.common.Env;

/** {@link RunRecorderHandler}'s configuration: {@code TABLE_NAME}, the pipeline table. */
public record RunRecorderConfig(String tableName) {

    public static RunRecorderConfig from(Env env) {
        return new RunRecorderConfig(env.require("TABLE_NAME"));
    }
}
