// English verbs that start function names and summaries (shared by the name heuristic and the
// imperative-mood normalisation).
#pragma once

#include <string_view>

namespace axl::docstring {

// Verbs that read well as "<Verb> the <object>." when they start a function name.
inline constexpr std::string_view kVerbs[] = {
    "accept",       "acquire",     "activate",   "add",       "adjust",     "align",
    "allocate",     "append",      "apply",      "assert",    "assign",     "attach",
    "authenticate", "authorize",   "bind",       "broadcast", "build",      "calculate",
    "call",         "cancel",      "capture",    "change",    "check",      "clean",
    "cleanup",      "clear",       "clone",      "close",     "collect",    "combine",
    "commit",       "compare",     "compile",    "complete",  "compress",   "compute",
    "configure",    "connect",     "consume",    "convert",   "copy",       "count",
    "crop",         "decode",      "decompress", "decrypt",   "delete",     "deserialize",
    "destroy",      "detach",      "detect",     "disable",   "disconnect", "dispatch",
    "display",      "download",    "draw",       "drop",      "dump",       "emit",
    "enable",       "encode",      "encrypt",    "ensure",    "enqueue",    "escape",
    "evaluate",     "execute",     "expand",     "export",    "extend",     "extract",
    "fetch",        "fill",        "filter",     "find",      "finish",     "fit",
    "fix",          "flatten",     "flip",       "flush",     "format",     "free",
    "generate",     "grow",        "handle",     "hash",      "hide",       "ignore",
    "import",       "increment",   "index",      "insert",    "inspect",    "install",
    "invalidate",   "invoke",      "join",       "kill",      "launch",     "list",
    "listen",       "load",        "lock",       "log",       "lookup",     "map",
    "mark",         "match",       "measure",    "merge",     "migrate",    "mock",
    "modify",       "mount",       "move",       "normalize", "notify",     "open",
    "optimize",     "pack",        "pad",        "parse",     "patch",      "pause",
    "plot",         "poll",        "pop",        "populate",  "post",       "predict",
    "prepare",      "prepend",     "preprocess", "print",     "process",    "publish",
    "pull",         "push",        "put",        "query",     "queue",      "raise",
    "read",         "rebuild",     "receive",    "record",    "redirect",   "reduce",
    "refresh",      "register",    "reject",     "release",   "reload",     "remove",
    "rename",       "render",      "reorder",    "repair",    "repeat",     "replace",
    "report",       "request",     "reset",      "resize",    "resolve",    "restart",
    "restore",      "resume",      "retry",      "return",    "reverse",    "revert",
    "rotate",       "run",         "sample",     "sanitize",  "save",       "scale",
    "scan",         "schedule",    "search",     "select",    "send",       "serialize",
    "serve",        "show",        "shuffle",    "shutdown",  "sign",       "simulate",
    "skip",         "sort",        "split",      "start",     "stop",       "store",
    "strip",        "submit",      "subscribe",  "swap",      "sync",       "teardown",
    "terminate",    "toggle",      "track",      "train",     "transform",  "translate",
    "traverse",     "trigger",     "trim",       "truncate",  "unlock",     "unpack",
    "unregister",   "unsubscribe", "update",     "upgrade",   "upload",     "use",
    "validate",     "verify",      "visit",      "wait",      "walk",       "watch",
    "wrap",         "write"};

// Summary-leading verbs that are rarely function-name prefixes but often start a model's or a
// human's summary ("Returns the user.", "Gets ...").
inline constexpr std::string_view kSummaryVerbs[] = {
    "get",     "set",       "return",    "create",   "make",       "initialize", "iterate",
    "yield",   "test",      "determine", "provide",  "perform",    "take",       "give",
    "try",     "tell",      "produce",   "obtain",   "retrieve",   "construct",  "instantiate",
    "define",  "describe",  "represent", "contain",  "hold",       "keep",       "manage",
    "create",  "implement", "specify",   "override", "initialise", "serialise",  "normalise",
    "convert", "compute",   "check",     "look",     "turn",       "output",     "sum",
    "count",   "test",      "raise",     "wrap",     "open",       "close",      "build"};

} // namespace axl::docstring
