#!/usr/bin/env python3
"""Records what Jinja2 (python3-jinja2, the renderer of Maestro-NG) does with each template of
cases.json: its output, or the class and message of the error it raises. JinjaReferenceTest compares
the Java renderer with the recorded verdicts, and with a live run of this script where python3 and
jinja2 are installed. Usage: record-verdicts.py cases.json > verdicts.json"""
import json
import sys

import jinja2

ENV = {"IMAGE_TAG": "41", "REGISTRY": "registry.example.com:5000", "EMPTY": "", "N": "7"}


def verdict(template):
    environment = jinja2.Environment(loader=jinja2.DictLoader({"ships.yaml": "ships: {{ env.N }}"}))
    try:
        output = environment.from_string(template).render(env=ENV)
        return {"template": template, "ok": True, "output": output}
    except RecursionError:
        return {"template": template, "ok": False, "error": "RecursionError"}
    except Exception as e:  # every refusal of Jinja2 (and of Python under it) counts
        return {"template": template, "ok": False, "error": type(e).__name__ + ": " + str(e)[:200]}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump({"jinja2": jinja2.__version__, "env": ENV, "cases": [verdict(t) for t in cases]},
              sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
