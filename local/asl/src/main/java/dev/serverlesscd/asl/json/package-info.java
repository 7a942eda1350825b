/** JSON plumbing shared by the executor ({@code dev.serverlesscd.asl}) and the JSONPath functions. */
package dev.serverlesscd.asl.json;
