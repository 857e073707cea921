#!/usr/bin/env python3
"""checksrc: the project's C style rules that a compiler does not check.

In the spirit of curl's checksrc: a few rules, each precise enough to hold
with no exceptions in the tree.  Usage:

    tests/checksrc/checksrc.py [FILE|DIR ...]
    tests/checksrc/checksrc.py --list-rules

With no arguments it checks every .c and .h file under core/, providers/,
tui/ and tests/ of the source tree (but not the fixtures in
tests/checksrc/).  Each finding is printed as "FILE:LINE: rule: text"; the
exit status is 1 when there is any, 0 when there is none, 2 on a usage
error.

Rules (also in docs/ARCHITECTURE.md, "Build and tests"):

  assign-in-cond   an assignment (=, +=, ...) inside the condition of an
                   if, while, do-while, switch or the test of a for:
                   assign on its own line first.
  banned-func      atoi, atol, atoll, atof, sprintf, vsprintf, strcpy,
                   stpcpy, strcat, strncat, strtok, strtok_r, gets.
  strtol           strtol and its family (strtoul, strtoll, strtoull,
                   strtoimax, strtoumax, strtod, strtof, strtold) called
                   with a NULL end pointer, without "errno = 0" on one of
                   the 3 lines before it, or without errno and the end
                   pointer both read on the 3 lines after it.
  buf-unchecked    buf_add, buf_add_str or buf_add_printf whose result is
                   thrown away (a call that is a whole statement, also
                   through a (void) cast): a capped buffer that hit its
                   cap is freed, so the caller must stop.
  buf-uncapped     buf_init with no cap: (size_t)-1, SIZE_MAX or ~0.
  copy-unbounded   memcpy, memmove or strncpy into a fixed char array of
                   the file with a length taken from strlen() of the
                   source instead of the array's size.
  positional-init  a table (an array of structs) initialised with
                   positional entries { a, b } instead of designated
                   ones { .x = a, .y = b } (the zero entry { 0 } and
                   { NULL } is allowed, and so are entries made only
                   of number literals, such as the code point ranges
                   { 0x300, 0x36f } of core/text.c).
  cause-null       in a function taking "char **cause", reading or
                   writing *cause (xfree(cause) is fine: xfree
                   takes a NULL pointer) with no
                   "cause != NULL" (or "== NULL") test before it in the
                   function: callers may pass NULL (core/error.h).

Relaxed in the test programs (tests/unit/ and tests/e2e/, whose tables of
cases read best in columns and which parse their own fixtures):
positional-init does not apply, and the strtol rule only bans a NULL end
pointer there.  The emulators, the fuzz targets and the benchmarks follow
every rule.
"""

import os
import re
import sys

RULES = (
    "assign-in-cond",
    "banned-func",
    "strtol",
    "buf-unchecked",
    "buf-uncapped",
    "copy-unbounded",
    "positional-init",
    "cause-null",
)

# Directories checked by default, from the top of the source tree.
DEFAULT_DIRS = ("core", "providers", "tui", "tests")
# Never checked by default: the checker's own fixtures break rules on
# purpose.
DEFAULT_SKIP = (os.path.join("tests", "checksrc"),)

# Test programs, where some rules are relaxed (see above).
TEST_PROGRAMS = ("tests/unit/", "tests/e2e/")

BANNED = ("atoi", "atol", "atoll", "atof", "sprintf", "vsprintf", "strcpy",
          "stpcpy", "strcat", "strncat", "strtok", "strtok_r", "gets")
STRTO = ("strtol", "strtoul", "strtoll", "strtoull", "strtoimax",
         "strtoumax", "strtod", "strtof", "strtold")
BUF_ADD = ("buf_add", "buf_add_str", "buf_add_printf")
COPIES = ("memcpy", "memmove", "strncpy")

IDENT = re.compile(r"[A-Za-z_]\w*")


def strip_code(text):
    """Blank out comments and the insides of string and character
    literals, keeping every offset and newline, so that the rules only
    ever see code."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "*":
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            for k in range(i, end):
                if out[k] != "\n":
                    out[k] = " "
            i = end
        elif c == "/" and i + 1 < n and text[i + 1] == "/":
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
        elif c in "\"'":
            q = c
            i += 1
            while i < n and text[i] != q and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n:
                    out[i] = " "
                    i += 1
                out[i] = " " if text[i] != "\n" else "\n"
                i += 1
            i += 1
        else:
            i += 1
    return "".join(out)


class Source:
    def __init__(self, path, display):
        with open(path, encoding="utf-8", errors="replace") as f:
            self.text = f.read()
        self.code = strip_code(self.text)
        self.display = display
        rel = display.replace(os.sep, "/")
        self.is_test = rel.startswith(TEST_PROGRAMS)
        self.starts = [0]
        for m in re.finditer("\n", self.code):
            self.starts.append(m.end())
        self.found = []

    def line_of(self, pos):
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def line_text(self, line):
        """The code (comments and literals blanked) of a 1-based line."""
        if line < 1 or line > len(self.starts):
            return ""
        end = self.starts[line] if line < len(self.starts) else len(
            self.code)
        return self.code[self.starts[line - 1]:end]

    def report(self, pos, rule, msg):
        self.found.append((self.line_of(pos), rule, msg))

    def match_close(self, pos):
        """Offset of the bracket closing the one at pos, or -1."""
        pairs = {"(": ")", "[": "]", "{": "}"}
        want = [pairs[self.code[pos]]]
        i = pos + 1
        while i < len(self.code):
            c = self.code[i]
            if c in pairs:
                want.append(pairs[c])
            elif c in ")]}":
                if c != want[-1]:
                    return -1
                want.pop()
                if not want:
                    return i
            i += 1
        return -1

    def match_open(self, pos):
        """Offset of the bracket opening the one closing at pos, or -1."""
        pairs = {")": "(", "]": "[", "}": "{"}
        want = [pairs[self.code[pos]]]
        i = pos - 1
        while i >= 0:
            c = self.code[i]
            if c in pairs:
                want.append(pairs[c])
            elif c in "([{":
                if c != want[-1]:
                    return -1
                want.pop()
                if not want:
                    return i
            i -= 1
        return -1

    def split_top(self, start, end, sep):
        """Split code[start:end] at sep characters outside brackets;
        returns (offset, text) pieces."""
        parts, depth, last = [], 0, start
        for i in range(start, end):
            c = self.code[i]
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
            elif c == sep and depth == 0:
                parts.append((last, self.code[last:i]))
                last = i + 1
        parts.append((last, self.code[last:end]))
        return parts

    def calls(self, names):
        """(name, offset of name, offset of its open paren) for each call
        of one of the functions, not a member or a longer identifier."""
        pat = re.compile(r"(?<![\w.])(?<!->)\b(" + "|".join(names) +
                         r")\s*\(")
        for m in pat.finditer(self.code):
            yield m.group(1), m.start(1), m.end() - 1

    def prev_char(self, pos):
        i = pos - 1
        while i >= 0 and self.code[i].isspace():
            i -= 1
        return i


def find_assignment(src, start, end):
    """Offset of the first assignment operator (=, +=, <<=, ...) in
    code[start:end] outside braces (a compound literal's designators are
    not assignments), or -1."""
    code = src.code
    depth = 0
    for i in range(start, end):
        c = code[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "=" and depth == 0:
            if code[i + 1:i + 2] == "=" or code[i - 1] in "=!":
                continue		# == or !=
            if code[i - 1] in "<>":
                if code[i - 2:i] in ("<<", ">>"):
                    return i - 2	# <<= or >>=
                continue		# <= or >=
            return i - 1 if code[i - 1] in "-+*/%&|^" else i
    return -1


def rule_assign_in_cond(src):
    for m in re.finditer(r"\b(if|while|switch|for)\s*\(", src.code):
        open_ = m.end() - 1
        close = src.match_close(open_)
        if close < 0:
            continue
        if m.group(1) == "for":
            parts = src.split_top(open_ + 1, close, ";")
            if len(parts) != 3:
                continue
            start, text = parts[1]
            end = start + len(text)
        else:
            start, end = open_ + 1, close
        at = find_assignment(src, start, end)
        if at >= 0:
            src.report(at, "assign-in-cond",
                       "assignment inside the condition of '%s'; assign "
                       "on its own line first" % m.group(1))


def rule_banned(src):
    for name, pos, _ in src.calls(BANNED):
        # A declaration of our own function with that name does not
        # exist in the tree; every match is a call.
        src.report(pos, "banned-func", "%s() is banned" % name)


def rule_strtol(src):
    for name, pos, open_ in src.calls(STRTO):
        close = src.match_close(open_)
        if close < 0:
            continue
        args = [a.strip() for _, a in src.split_top(open_ + 1, close, ",")]
        if len(args) < 2:
            continue
        endarg = re.sub(r"\s+", "", args[1])
        if endarg in ("NULL", "0", "(char**)NULL", "(char**)0"):
            src.report(pos, "strtol", "%s() with a NULL end pointer: "
                       "check the end (and errno), or use a checked "
                       "reader" % name)
            continue
        if src.is_test:
            continue
        endname = endarg.lstrip("&")
        line = src.line_of(pos)
        before = "".join(src.line_text(k) for k in range(line - 3, line))
        before += src.code[src.starts[line - 1]:pos]
        if not re.search(r"\berrno\s*=\s*0\b", before):
            src.report(pos, "strtol", "%s() without 'errno = 0' just "
                       "before it" % name)
            continue
        after = src.code[close + 1:src.starts[min(line + 3,
                                                  len(src.starts) - 1)]]
        if line + 3 >= len(src.starts):
            after = src.code[close + 1:]
        if not (re.search(r"\berrno\b", after) and
                re.search(r"(?<![\w.])(?<!->)" + re.escape(endname) +
                          r"\b", after)):
            src.report(pos, "strtol", "%s(): check errno and the end "
                       "pointer '%s' right after the call" %
                       (name, endname))


def statement_start(src, pos):
    """True when the expression at pos starts a statement; also True after
    a (void) cast that starts one."""
    i = src.prev_char(pos)
    if i < 0:
        return True
    c = src.code[i]
    if c in ";{}":
        return True
    if c == ":":
        # A label or a case, not the middle of a ?: (never used for a
        # call whose result is thrown away).
        return True
    if c == ")":
        o = src.match_open(i)
        if o < 0:
            return False
        if src.code[o + 1:i].strip() == "void":
            return statement_start(src, o)
        j = src.prev_char(o)
        word = re.search(r"(\w+)$", src.code[max(0, j - 15):j + 1])
        return word is not None and word.group(1) in ("if", "while",
                                                       "for", "switch")
    word = re.search(r"(\w+)$", src.code[max(0, i - 15):i + 1])
    return word is not None and word.group(1) in ("else", "do")


def rule_buf(src):
    for name, pos, open_ in src.calls(BUF_ADD):
        close = src.match_close(open_)
        if close < 0:
            continue
        nxt = close + 1
        while nxt < len(src.code) and src.code[nxt].isspace():
            nxt += 1
        if src.code[nxt:nxt + 1] == ";" and statement_start(src, pos):
            src.report(pos, "buf-unchecked", "%s() result not checked: "
                       "a buffer over its cap is freed" % name)
    for name, pos, open_ in src.calls(("buf_init",)):
        close = src.match_close(open_)
        if close < 0:
            continue
        args = src.split_top(open_ + 1, close, ",")
        if len(args) != 2:
            continue
        cap = re.sub(r"\s+", "", args[1][1])
        if cap in ("(size_t)-1", "-1", "SIZE_MAX", "~0", "~0u", "~0U",
                   "(size_t)~0", "~(size_t)0", "(size_t)(-1)"):
            src.report(pos, "buf-uncapped", "buf_init() without a cap: "
                       "use a named cap from core/buf.h")


def rule_copy(src):
    arrays = set(re.findall(r"\bchar\s+(\w+)\s*\[[^\]]+\]", src.code))
    for name, pos, open_ in src.calls(COPIES):
        close = src.match_close(open_)
        if close < 0:
            continue
        args = [a for _, a in src.split_top(open_ + 1, close, ",")]
        if len(args) != 3:
            continue
        dst = IDENT.search(args[0].lstrip(" \t\n&("))
        if dst is None or dst.group(0) not in arrays:
            continue
        if re.search(r"\bstrlen\s*\(", args[2]) and \
                not re.search(r"\bsizeof\b", args[2]):
            src.report(pos, "copy-unbounded", "%s() into the fixed array "
                       "'%s' with the source's length: bound it by "
                       "sizeof" % (name, dst.group(0)))


NUMBERS = re.compile(r"\{[\s,]*(?:[-+]?\w+[\s,]*)*\}".replace(
    r"\w+", r"(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*"))
TABLE = re.compile(r"\b(\w+)\s*((?:\[[^\]\[;=]*\]\s*)+)=\s*\{")


def rule_positional(src):
    if src.is_test:
        return
    for m in TABLE.finditer(src.code):
        if m.group(2).count("[") != 1:
            continue		# an array of arrays, not of structs
        open_ = m.end() - 1
        close = src.match_close(open_)
        if close < 0:
            continue
        for start, item in src.split_top(open_ + 1, close, ","):
            body = item.strip()
            if not body.startswith("{"):
                # Scalars, designated [index] = { ... } entries and
                # macro-made entries are fine.
                continue
            inner = body[1:].lstrip()
            if inner.startswith((".", "[")):
                continue
            if re.fullmatch(r"\{\s*(0|NULL)?\s*\}", body):
                continue
            if NUMBERS.fullmatch(body):
                continue	# a range or code table: data, not records
            src.report(start + item.index("{"), "positional-init",
                       "table '%s' has a positional entry: use .field = "
                       "initializers" % m.group(1))
            break


def function_bodies(src):
    """(signature, body start, body end) of each function definition:
    a top-level brace block whose head ends with a parameter list."""
    code = src.code
    depth, head = 0, 0
    i = 0
    while i < len(code):
        c = code[i]
        if c == "{" and depth == 0:
            close = src.match_close(i)
            sig = code[head:i]
            if close < 0:
                return
            if re.search(r"\)\s*$", sig) and "=" not in sig:
                yield sig, i, close
            i = close + 1
            head = i
            continue
        if c in ";}" and depth == 0:
            head = i + 1
        elif c == "\n" and code[head:i].lstrip().startswith("#"):
            head = i + 1		# a preprocessor line
        i += 1


CAUSE_USE = re.compile(r"(?<![\w)\]*])\*\s*cause\b|\bx?free\s*\(\s*"
                       r"\*\s*cause\s*\)")
CAUSE_TEST = re.compile(r"\bcause\s*[!=]=\s*NULL\b|\bNULL\s*[!=]=\s*"
                        r"cause\b|\bif\s*\(\s*!?\s*cause\s*\)")


def rule_cause(src):
    for sig, start, end in function_bodies(src):
        if not re.search(r"\*\s*\*\s*cause\b", sig):
            continue
        for m in CAUSE_USE.finditer(src.code, start, end):
            if CAUSE_TEST.search(src.code, start, m.start()):
                continue
            src.report(m.start(), "cause-null", "'%s' without a test "
                       "that cause is not NULL (callers may pass NULL)" %
                       re.sub(r"\s+", "", m.group(0)))


def check_file(path, display):
    src = Source(path, display)
    rule_assign_in_cond(src)
    rule_banned(src)
    rule_strtol(src)
    rule_buf(src)
    rule_copy(src)
    rule_positional(src)
    rule_cause(src)
    src.found.sort()
    for line, rule, msg in src.found:
        print("%s:%d: %s: %s" % (display, line, rule, msg))
    return len(src.found)


def collect(args, top):
    files = []
    if not args:
        for d in DEFAULT_DIRS:
            for root, dirs, names in os.walk(os.path.join(top, d)):
                rel = os.path.relpath(root, top)
                if any(rel == s or rel.startswith(s + os.sep)
                       for s in DEFAULT_SKIP):
                    dirs[:] = []
                    continue
                dirs.sort()
                for n in sorted(names):
                    if n.endswith((".c", ".h")):
                        p = os.path.join(root, n)
                        files.append((p, os.path.relpath(p, top)))
        return files
    for a in args:
        if os.path.isdir(a):
            for root, dirs, names in os.walk(a):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith((".c", ".h")):
                        p = os.path.join(root, n)
                        files.append((p, p))
        elif os.path.isfile(a):
            files.append((a, a))
        else:
            print("checksrc: %s: no such file or directory" % a,
                  file=sys.stderr)
            sys.exit(2)
    return files


def main(argv):
    if argv[1:2] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if argv[1:2] == ["--list-rules"]:
        print("\n".join(RULES))
        return 0
    top = os.path.normpath(os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "..", ".."))
    total = 0
    for path, display in collect(argv[1:], top):
        total += check_file(path, display)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
