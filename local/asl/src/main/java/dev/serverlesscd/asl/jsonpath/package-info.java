/**
 * The JSONPath query language of the Amazon States Language, as pure static functions on Jackson {@code JsonNode}s.
 *
 * <ul>
 *   <li>{@link dev.serverlesscd.asl.jsonpath.JsonPaths}: paths, reference paths, ResultPath, path validation;
 *       {@code resolve} reads {@code $...} from the input, {@code $$...} from the context object and
 *       {@code $name...} from the variables.</li>
 *   <li>{@link dev.serverlesscd.asl.jsonpath.PayloadTemplates}: Parameters, ResultSelector, ItemSelector.</li>
 *   <li>{@link dev.serverlesscd.asl.jsonpath.Intrinsics}: the {@code States.*} intrinsic functions, a registry of
 *       {@code IntrinsicFunction}s (name, arity, argument rules, evaluation) grouped by theme.</li>
 *   <li>{@link dev.serverlesscd.asl.jsonpath.ChoiceRules}: JSONPath-mode Choice rules.</li>
 * </ul>
 *
 * <p>This package does not depend on the executor ({@code dev.serverlesscd.asl}); an ArchUnit test keeps it so.
 * Run-time failures are {@link dev.serverlesscd.asl.jsonpath.StatesError}s ({@code States.Runtime},
 * {@code States.ResultPathMatchFailure}, {@code States.IntrinsicFailure}); the cause texts follow AWS's where known
 * but carry no "An error occurred while executing the state 'X' (entered at the event id #N)." prefix: the executor
 * adds that. Malformed definitions (bad paths, malformed rules) are {@link java.lang.IllegalArgumentException}s at run
 * time and lists of problems from the {@code validate} functions.
 *
 * <p>Known differences from AWS:
 * <ul>
 *   <li>Cause texts of ResultPathMatchFailure, IntrinsicFailure and of a missing intrinsic path argument are ours
 *       (AWS does not document them); a missing path in an intrinsic argument is {@code States.Runtime}.</li>
 *   <li>{@code States.MathRandom}: start inclusive, end exclusive; a seed gives a repeatable number, but not the
 *       number AWS gives for that seed.</li>
 *   <li>The integer arguments of the array functions (States.ArrayRange, ArrayPartition, ArrayGetItem) must be
 *       integral numbers in the 32-bit range; other implementations round fractional ones, which the developer guide
 *       documents only for States.MathAdd and States.MathRandom (which round theirs here). A MathAdd sum outside that
 *       range fails.</li>
 *   <li>{@code States.StringSplit}: every character of the second argument is a delimiter and empty pieces are
 *       dropped (as {@link java.util.StringTokenizer}).</li>
 *   <li>{@code States.Format}: a template taken from a path has no escapes ({@code {}} are placeholders, all else is
 *       literal); a literal template honours {@code \' \{ \} \\}. Unescaped lone braces are kept literally rather
 *       than rejected.</li>
 *   <li>Array items past the end ({@code $.a[5]}) are "not found", as Jayway's default providers do, rather than
 *       JSON null as Jayway's Jackson provider would.</li>
 *   <li>Timestamps must have seconds, an uppercase {@code T} and {@code Z} or a numeric offset.</li>
 * </ul>
 */
package dev.serverlesscd.asl.jsonpath;
