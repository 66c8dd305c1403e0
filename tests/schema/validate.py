#!/usr/bin/python3
"""Validates YAML files against a JSON Schema the way a YAML language server
reads them (YAML 1.2 core: only true/false are booleans, dates stay text).
Usage: validate.py [--draft7] SCHEMA.json FILE.yaml...  Prints one line per file:
'ok PATH' or 'fail PATH: message' ('yaml PATH: ...' when the YAML itself
does not parse).  --draft7 validates as draft 7 does (what editors' YAML
language servers implement: no unevaluatedProperties).  Exit 0."""
import json, re, sys
import jsonschema, yaml

class Loader(yaml.SafeLoader):
    pass

# YAML 1.2 core schema: drop 1.1's yes/no/on/off booleans and timestamps
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in (
        'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:timestamp')]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver(
    'tag:yaml.org,2002:bool', re.compile(r'^(?:true|True|TRUE|false|False|FALSE)$'),
    list('tTfF'))

args = sys.argv[1:]
cls = jsonschema.Draft202012Validator
if args and args[0] == '--draft7':
    cls = jsonschema.Draft7Validator
    args = args[1:]
schema = json.load(open(args[0], encoding='utf-8'))
v = cls(schema)
for path in args[1:]:
    try:
        with open(path, encoding='utf-8') as f:
            doc = yaml.load(f, Loader=Loader)
    except Exception as e:
        print('yaml %s: %s' % (path, str(e).splitlines()[0]))
        continue
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errs:
        e = errs[0]
        print('fail %s: %s: %s' % (path, '/'.join(map(str, e.absolute_path)), e.message[:200]))
    else:
        print('ok %s' % path)
