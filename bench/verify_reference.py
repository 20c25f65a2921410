#!/usr/bin/env python3
"""A straightforward Python re-implementation of annotation checking, for comparison.

For every record of a JSON Lines trace file: every GSM8K annotation <<expr=value>> in the steps
is re-computed exactly (fractions.Fraction, a small recursive-descent parser over re tokens)
and compared with the written value (float print noise and rounding to the written decimals
accepted); the final answer ("#### N" in the steps, or the "answer" field) is compared with
"gold". The record is written back with a "verdict". Only the standard library is used.

Usage: verify_reference.py IN OUT [--limit N]
Prints: traces=N bytes=B seconds=S mb_s=X cpu_seconds=C mb_per_cpu_s=Y
"""
import json
import re
import sys
import time
from fractions import Fraction

TOKEN = re.compile(r"\s*(?:(\$?\d[\d,]*\.?\d*(?:[eE][-+]?\d+)?%?|\$?\.\d+%?)|(\*\*|//|[-+*/^()x×÷]))")
ANNOTATION = re.compile(r"<<([^<>]*)>>")
HASHES = re.compile(r"####\s*(.+)")


def number(text):
    text = text.replace("$", "").replace(",", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    value = Fraction(text)
    return value / 100 if percent else value


def tokenize(expr):
    pos, out = 0, []
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise ValueError("bad token at %d" % pos)
        out.append(("num", number(m.group(1))) if m.group(1) else ("op", m.group(2)))
        pos = m.end()
    return out


class Parser:
    def __init__(self, tokens):
        self.t, self.i = tokens, 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def parse(self):
        v = self.sum()
        if self.i != len(self.t):
            raise ValueError("trailing input")
        return v

    def sum(self):
        v = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            r = self.product()
            v = v + r if op == "+" else v - r
        return v

    def product(self):
        v = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/", "//", "x", "×", "÷"):
            op = self.take()[1]
            r = self.unary()
            if op in ("/", "÷", "//") and r == 0:
                raise ZeroDivisionError
            v = v * r if op in ("*", "x", "×") else (v // r if op == "//" else v / r)
        return v

    def unary(self):
        if self.peek() in (("op", "-"), ("op", "+")):
            sign = self.take()[1]
            v = self.unary()
            return -v if sign == "-" else v
        return self.power()

    def power(self):
        base = self.primary()
        if self.peek() in (("op", "^"), ("op", "**")):
            self.take()
            exp = self.unary()
            if exp.denominator != 1 or abs(exp) > 4096:
                raise ValueError("exponent")
            return base ** int(exp)
        return base

    def primary(self):
        kind, val = self.take()
        if kind == "num":
            return val
        if val == "(":
            v = self.sum()
            if self.take() != ("op", ")"):
                raise ValueError("expected )")
            return v
        raise ValueError("expected a number")


def matches(exact, written_text):
    written = number(written_text)
    if written == exact:
        return True
    digits = len(re.sub(r"[^\d]", "", written_text).lstrip("0"))
    if digits >= 12 and exact != 0 and abs((written - exact) / exact) < Fraction(1, 10**9):
        return True  # float print noise
    if "." in written_text:  # a rounding to the written decimals
        places = len(written_text.split(".")[1].rstrip("%"))
        return abs(written - exact) <= Fraction(1, 2 * 10**places)
    return False


def check(record):
    findings = []
    for i, step in enumerate(record.get("steps", [])):
        text = step if isinstance(step, str) else step.get("text", "")
        for m in ANNOTATION.finditer(text):
            expr, _, written = m.group(1).rpartition("=")
            try:
                exact = Parser(tokenize(expr)).parse()
                ok = matches(exact, written.strip())
            except ZeroDivisionError:
                findings.append({"code": "division_by_zero", "step": i})
                continue
            except (ValueError, ArithmeticError):
                continue
            if not ok:
                findings.append({"code": "arith_mismatch", "step": i,
                                 "message": "%s = %s, not %s" % (expr, exact, written)})
    answer = record.get("answer")
    if answer is None:
        texts = [s if isinstance(s, str) else s.get("text", "") for s in record.get("steps", [])]
        found = HASHES.findall("\n".join(texts))
        answer = found[-1].strip() if found else None
    answer_ok = False
    gold = record.get("gold")
    if answer is None:
        findings.append({"code": "answer_missing", "step": None})
    elif gold is not None:
        try:
            answer_ok = number(str(answer)) == number(str(gold))
        except (ValueError, ZeroDivisionError):
            answer_ok = str(answer).strip() == str(gold).strip()
        if not answer_ok:
            findings.append({"code": "answer_mismatch", "step": None})
    steps = [f["step"] for f in findings if f["step"] is not None]
    return {"ok": not findings, "answer_ok": answer_ok,
            "first_error": min(steps) if steps else None, "findings": findings}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    start, cpu_start = time.perf_counter(), time.process_time()
    traces = size = 0
    with open(argv[1], encoding="utf-8") as src, open(argv[2], "w", encoding="utf-8") as dst:
        for line in src:
            if limit is not None and traces >= limit:
                break
            size += len(line.encode("utf-8"))
            record = json.loads(line)
            record["verdict"] = check(record)
            dst.write(json.dumps(record, ensure_ascii=False) + "\n")
            traces += 1
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print("traces=%d bytes=%d seconds=%.2f mb_s=%.2f cpu_seconds=%.2f mb_per_cpu_s=%.2f"
          % (traces, size, seconds, size / 1e6 / seconds, cpu, size / 1e6 / cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
