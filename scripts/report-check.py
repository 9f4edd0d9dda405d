#!/usr/bin/python3
# report-check.py: validates regsuite's reports with independent, packaged readers (Debian's
# python3-jsonschema and python3-junitparser; run by scripts/test.sh).
#   report-check.py json SCHEMA REPORT.json...   every report against the JSON Schema
#   report-check.py junit REPORT.xml...          each parsed by junitparser: the totals it counts
#                                                equal the attributes; merged, no suite name twice
# Prints one line per problem; exits 1 when there is one, 2 on a usage error.
import json
import sys


def check_json(schema_path, reports):
    import jsonschema
    schema = json.load(open(schema_path))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in reports:
        for e in v.iter_errors(json.load(open(path))):
            print(f"{path}: {e.json_path}: {e.message[:300]}")
            bad += 1
    return bad


def suite_counts(suite):
    from junitparser import Error, Failure, Skipped
    n = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for case in suite:
        n["tests"] += 1
        for r in case.result:
            n["failures"] += isinstance(r, Failure)
            n["errors"] += isinstance(r, Error)
            n["skipped"] += isinstance(r, Skipped)
    return n


def check_junit(reports):
    from junitparser import JUnitXml
    bad = 0
    names = {}
    for path in reports:
        xml = JUnitXml.fromfile(path)
        for suite in xml:
            n = suite_counts(suite)
            got = {"tests": suite.tests, "failures": suite.failures, "errors": suite.errors,
                   "skipped": suite.skipped}
            if n != got:
                print(f"{path}: suite {suite.name}: attributes {got}, testcases {n}")
                bad += 1
            if suite.name in names:
                print(f"{path}: suite {suite.name} also in {names[suite.name]}: merged reports collide")
                bad += 1
            names[suite.name] = path
            if not suite.timestamp or not suite.hostname or suite.time is None:
                print(f"{path}: suite {suite.name}: no timestamp, hostname or time")
                bad += 1
    return bad


def main(argv):
    if len(argv) >= 3 and argv[0] == "json":
        return 1 if check_json(argv[1], argv[2:]) else 0
    if len(argv) >= 2 and argv[0] == "junit":
        return 1 if check_junit(argv[1:]) else 0
    print("usage: report-check.py json SCHEMA REPORT.json... | junit REPORT.xml...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
