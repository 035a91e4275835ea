#!/usr/bin/env python3
"""Build rigcheck's JSON Schemas (draft-07) from one set of shared definitions.

Each schema file must be self-contained (editors and `rigcheck schema KIND` read one file), so the
definitions that several kinds share -- gear, ports, cables, unit strings -- are written once here
and copied into every schema that uses them.

    python3 schemas/generate.py           write rig, catalog, pack and config schemas
    python3 schemas/generate.py --check   exit 1 when a written schema differs from this source
"""

import json
import sys
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent
DRAFT = "http://json-schema.org/draft-07/schema#"
BASE_URL = "https://rigcheck.dev/schemas/"


def ref(name, description):
    """A property that takes the shape of a shared definition."""
    return {"$ref": "#/definitions/" + name, "description": description}


def string_list(description, item_description, **item):
    return {"description": description, "type": "array",
            "items": {"description": item_description, "type": "string", **item}}


# -------------------------------------------------------------------------------------------------
# Values with units (SPEC §2). A bare number is read in the base unit; YAML `length: 15` is a
# number, so each quantity accepts a JSON number as well as a string.

UNSIGNED = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
SIGNED = r"[+-]?" + UNSIGNED
NONNEGATIVE = r"\+?" + UNSIGNED
SPACE = r"[ \t]*"


def quantity(description, pattern, minimum=None, exclusive_minimum=None):
    number = {"type": "number"}
    if minimum is not None:
        number["minimum"] = minimum
    if exclusive_minimum is not None:
        number["exclusiveMinimum"] = exclusive_minimum
    return {"description": description,
            "anyOf": [{"type": "string", "pattern": "^(?:" + pattern + ")$"}, number]}


QUANTITIES = {
    "length": quantity(
        "A length: a number in metres, or a string with one of the units m, cm, mm, ft, in "
        "(`15 m`, `50 ft`). Never negative.",
        NONNEGATIVE + SPACE + "(?:m|cm|mm|ft|in)?", minimum=0),
    "level": quantity(
        "A signal level: a number in dBu, or a string in dBu, dBV (dBu = dBV + 2.2185), or rms "
        "V / mV (`+4 dBu`, `-10 dBV`, `775 mV`).",
        SIGNED + SPACE + "(?:dBu|dBV)?|" + NONNEGATIVE + SPACE + "(?:V|mV)"),
    "gain": quantity(
        "A gain, pad or CMRR: a number in dB, or a string with the unit dB (`20 dB`, `-6 dB`).",
        SIGNED + SPACE + "(?:dB)?"),
    "impedance": quantity(
        "An impedance or resistance: a number in ohms, or a string with one of the units ohm, Ω, "
        "k, kohm, kΩ, M, Mohm, MΩ (`600 ohm`, `10 kohm`, `1 MΩ`). Never negative.",
        NONNEGATIVE + SPACE + "(?:ohm|Ω|k|kohm|kΩ|M|Mohm|MΩ)?", minimum=0),
    "capacitance": quantity(
        "A cable capacitance per length: a number in pF/m, or a string in pF/m or pF/ft "
        "(`100 pF/m`, `30 pF/ft`). Never negative.",
        NONNEGATIVE + SPACE + "(?:pF/m|pF/ft)?", minimum=0),
    "voltage": quantity(
        "A voltage: a number in volts, or a string with the unit V (`48 V`).",
        NONNEGATIVE + SPACE + "V?", minimum=0),
    "sensitivity": quantity(
        "A microphone sensitivity: a number in dBV/Pa, or a string in dBV/Pa or mV/Pa "
        "(`-54.5 dBV/Pa`, `1.9 mV/Pa`).",
        SIGNED + SPACE + "(?:dBV/Pa)?|" + NONNEGATIVE + SPACE + "mV/Pa"),
    "soundPressure": quantity(
        "A sound pressure: a number in dB SPL, or a string with the unit `dB SPL` (`100 dB SPL`).",
        SIGNED + SPACE + "(?:dB SPL)?"),
    "frequency": quantity(
        "A frequency: a number in Hz, or a string in Hz or kHz (`20 kHz`). Never negative.",
        NONNEGATIVE + SPACE + "(?:Hz|kHz)?", minimum=0),
    "inductance": quantity(
        "An inductance: a number in henries, or a string in H or mH (`2.5 H`, `800 mH`). "
        "Always positive.",
        NONNEGATIVE + SPACE + "(?:H|mH)?", exclusive_minimum=0),
    "gainRange": {
        "description": "A gain range `LOW..HIGH dB`, for example `0..60 dB` or `-10..46 dB`.",
        "type": "string",
        "pattern": "^" + SIGNED + SPACE + r"\.\." + SPACE + SIGNED + SPACE + "(?:dB)?$",
    },
    "ratio": {
        "description": "A transformer ratio, a QUOTED string \"N:1\" (`ratio: \"12:1\"` is "
                       "-21.58 dB). Unquoted, YAML 1.1 reads 12:1 as the number 721, which is "
                       "invalid.",
        "type": "string",
        "pattern": r"^\d+(\.\d+)?:1$",
    },
}

# -------------------------------------------------------------------------------------------------
# Enumerations and identifiers (SPEC §3, §4, §5, §9).

CONNECTOR_TYPES = ["xlr3", "xlr4", "xlr5", "ts-6.35", "ts-3.5", "trs-6.35", "trs-3.5", "trrs-3.5",
                   "rca", "speakon-nl2", "speakon-nl4", "db25", "bantam"]
PLUGS_AND_SOCKETS = [t + g for t in CONNECTOR_TYPES for g in ("-male", "-female")]
CONTACT = r"(?:[1-9]|1[0-9]|2[0-5]|[12][+-]|T|R|R1|R2|S)"
ROLE = r"(?:ch[1-9][0-9]*\.)?(?:hot|cold|ground|left|right|send|return|nc)"
NAME = r"[^.\s]+"
# The id rules of include/rigcheck/model/ids.hpp: no blanks or control characters, no `->`, and
# no dot in a device id (DEVICE.PORT splits at the first one).
PRINTABLE = r"[^\s\u0000-\u001f\u007f-\u009f]"
DEVICE = r"[^.\s\u0000-\u001f\u007f-\u009f]"

ENUMS = {
    "connector": {
        "description": "A port's connector, `TYPE-male` (a plug) or `TYPE-female` (a panel "
                       "jack), or `combo`: an XLR-female and trs-6.35 socket in one, whose "
                       "fields per face go under `faces`.",
        "enum": PLUGS_AND_SOCKETS + ["combo", "combo-female"],
    },
    "cableConnector": {
        "description": "The connector at a cable end, `TYPE-male` (a plug) or `TYPE-female` "
                       "(a line socket).",
        "enum": PLUGS_AND_SOCKETS,
    },
    "direction": {
        "description": "`in`, `out`, or `insert` (send on the tip and return on the ring of one "
                       "jack, by default).",
        "enum": ["in", "out", "insert"],
    },
    "interface": {
        "description": "The drive of an output or the receiver of an input: `unbalanced`; "
                       "`balanced` (active, its cold must not be grounded, -6.02 dB driven "
                       "single-ended); `balanced-transformer` and `impedance-balanced` (cold may "
                       "be grounded, level unchanged); `balanced-servo` (cross-coupled: ground "
                       "the cold only at the source end).",
        "enum": ["unbalanced", "balanced", "balanced-transformer", "balanced-servo",
                 "impedance-balanced"],
    },
    "signal": {
        "description": "The signal class, which sets the defaults of nominal level, impedance "
                       "and max level.",
        "enum": ["mic", "instrument", "line", "consumer-line", "phono", "speaker", "headphone"],
    },
    "power": {
        "description": "How the gear is powered; two `mains-earthed` devices joined by an "
                       "unbalanced link risk a ground loop.",
        "enum": ["mains-earthed", "mains-floating", "battery", "phantom", "passive"],
    },
    "category": {
        "description": "What kind of gear this is; visible to rules as `gear.category`.",
        "enum": ["mic", "ribbon-mic", "instrument", "keyboard", "di", "mixer", "interface",
                 "stage-box", "preamp", "phono-preamp", "amp", "power-amp", "speaker", "monitor",
                 "effect", "playback", "turntable", "other"],
    },
    "phantom": {
        "description": "Phantom power the input can supply: `p48`, `p24` or `p12`.",
        "enum": ["p48", "p24", "p12"],
    },
    "isolation": {
        "description": "`transformer`: the path is galvanically isolated, which breaks ground "
                       "loops; `none` (the default): it is not.",
        "enum": ["none", "transformer"],
    },
    "severity": {
        "description": "`error`, `warning` or `info`.",
        "enum": ["error", "warning", "info"],
    },
    "scope": {
        "description": "What the rule is checked on, once per subject: `connection`, `path` "
                       "(source output to sink input), `port`, `device`, `rig`, or `cycle` (a "
                       "loop in the signal graph, as `feedback-loop` uses).",
        "enum": ["connection", "path", "port", "device", "rig", "cycle"],
    },
    "ruleLevel": {
        "description": "A rule's severity in this project: `error`, `warning`, `info`, or `off` "
                       "to disable it. (A YAML 1.1 reader turns an unquoted off into false, which "
                       "means the same.)",
        "anyOf": [{"enum": ["error", "warning", "info", "off"]}, {"const": False}],
    },
    "failOn": {
        "description": "The lowest severity that makes `rigcheck check` exit 1: `error` (the "
                       "default), `warning`, `info`, or `never`.",
        "enum": ["error", "warning", "info", "never"],
    },
    "pinoutName": {
        "description": "A named pinout (SPEC §4).",
        "enum": ["xlr-pin2-hot", "xlr-pin3-hot", "xlr-unbalanced", "trs-balanced", "trs-stereo",
                 "trs-insert", "trs-insert-tip-return", "ts", "rca", "db25-aes59"],
    },
    "flag": {
        "description": "A switch: `on`/`off`, or `true`/`false`.",
        "anyOf": [{"type": "boolean"}, {"enum": ["on", "off"]}],
    },
}

IDS = {
    "gearId": {
        "description": "A gear id, `vendor/model` (`acme/x100`, `generic/dynamic-mic`).",
        "type": "string", "pattern": r"^[^/\s\u0000-\u001f\u007f-\u009f]+/[^/\s\u0000-\u001f\u007f-\u009f]+$",
    },
    "cableId": {
        "description": "A cable id: a builtin one (`xlr`, `ts-to-xlr-male`, ...) or one defined "
                       "in a catalog or the rig (`house/xlr-to-ts-100r`).",
        "type": "string", "pattern": "^" + PRINTABLE + "+$",
    },
    "deviceId": {
        "description": "A device id: no dots, blanks, control characters or `->`.",
        "type": "string", "pattern": "^(?!.*->)" + DEVICE + "+$",
    },
    "portId": {
        "description": "A port id, unique within its gear: no blanks, control characters or `->`.",
        "type": "string", "pattern": "^(?!.*->)" + PRINTABLE + "+$",
    },
    "portRef": {
        "description": "A port of a device in the rig, `DEVICE.PORT` (`desk.in-1`).",
        "type": "string", "pattern": "^(?!.*->)" + DEVICE + r"+\." + PRINTABLE + "+$",
    },
    "cableContact": {
        "description": "A contact of a cable end, `END.CONTACT` (`a.2`, `b.T`, `send.S`).",
        "type": "string", "pattern": "^" + NAME + r"\." + CONTACT + "$",
    },
    "ruleId": {
        "description": "A rule id, lower-case words joined by hyphens (`missing-di`).",
        "type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    },
    "exemptionId": {
        "description": "An exemption id, lower-case words joined by hyphens "
                       "(`short-run-high-level`); it shares one namespace with rule ids.",
        "type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    },
    "paramName": {
        "description": "A parameter name, an identifier usable as `params.NAME` in expressions.",
        "type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$",
    },
    "params": {
        "description": "Parameters: name -> plain number.",
        "type": "object",
        "propertyNames": {"$ref": "#/definitions/paramName"},
        "additionalProperties": {"description": "The parameter's value, a plain number.",
                                 "type": "number"},
    },
    "pinoutMap": {
        "description": "An explicit pinout: contact -> role (`{1: ground, 2: cold, 3: hot}`). "
                       "Roles are hot, cold, ground, left, right, send, return, nc, optionally "
                       "on a channel (`ch3.hot`).",
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": "^" + CONTACT + "$"},
        "additionalProperties": {"description": "The contact's role: hot, cold, ground, left, "
                                                "right, send, return or nc, optionally `chN.`-"
                                                "prefixed.",
                                 "type": "string", "pattern": "^" + ROLE + "$"},
    },
    "pinout": {
        "description": "Which signal role each contact carries: a named pinout (`xlr-pin2-hot`, "
                       "`xlr-pin3-hot`, `trs-balanced`, ...) or an explicit map. Left out, it "
                       "follows from the connector, interface and direction.",
        "anyOf": [{"$ref": "#/definitions/pinoutName"}, {"$ref": "#/definitions/pinoutMap"}],
    },
}

# -------------------------------------------------------------------------------------------------
# Gear (SPEC §5).

FACE_PROPERTIES = {
    "interface": ref("interface", "The drive of an output or the receiver of an input."),
    "signal": ref("signal", "The signal class; it sets the defaults of nominal, impedance and "
                            "max."),
    "pinout": ref("pinout", "Contact -> role: a named pinout or an explicit map. Left out, it "
                            "follows from connector, interface and direction."),
    "nominal": ref("level", "The nominal level; the signal class's default when left out. An "
                            "output that no internal path feeds is a source at this level."),
    "max": ref("level", "Input: the clip level. Output: the maximum output level."),
    "impedance": ref("impedance", "Input: the load impedance. Output: the source impedance."),
    "gain": ref("gainRange", "The input gain range of a preamp (`0..60 dB`); the rig's "
                             "`settings` choose a gain within it."),
    "pad": ref("gain", "A switchable pad (`20 dB`), engaged by the rig's `settings`."),
    "cmrr": ref("gain", "Common-mode rejection of a balanced input (`60 dB`)."),
    "sensitivity": ref("sensitivity", "A microphone output's sensitivity (`-54.5 dBV/Pa`); its "
                                      "level is then set by the device's `spl`."),
    "inductance": ref("inductance", "Source inductance of an output such as a passive pickup "
                                    "(`2.5 H`), for the cable resonance."),
}

PORT_PROPERTIES = {
    "id": ref("portId", "The port id, unique within the gear (`in-1`, `main-l`)."),
    "direction": ref("direction", "`in`, `out` or `insert`."),
    "connector": ref("connector", "`TYPE-male`, `TYPE-female`, or `combo`."),
    "phantom": ref("phantom", "The phantom power this input can supply; on a combo it reaches "
                              "only the XLR face."),
    **FACE_PROPERTIES,
    "faces": {
        "description": "Combo ports only: each face's fields. Fields outside `faces` are "
                       "shared; the mating plug decides which face applies.",
        "type": "object",
        "properties": {
            "xlr": ref("portFace", "The XLR face, selected by an xlr3-male plug."),
            "jack": ref("portFace", "The jack face, selected by a ts-6.35-male or "
                                    "trs-6.35-male plug."),
        },
        "required": ["xlr", "jack"],
        "additionalProperties": False,
    },
}

COMBO = {"properties": {"connector": {"enum": ["combo", "combo-female"]}},
         "required": ["connector"]}


def face_needs(field):
    """On a combo, a field not given on the port must be given on both faces."""
    face = {"required": [field]}
    return {"if": {**COMBO, "not": {"required": [field]}},
            "then": {"properties": {"faces": {"properties": {"xlr": face, "jack": face}}}}}


GEAR_DEFINITIONS = {
    "portFace": {
        "description": "The electrical description of one face of a combo socket.",
        "type": "object",
        "properties": FACE_PROPERTIES,
        "additionalProperties": False,
    },
    "port": {
        "description": "A port of the gear: its connector and pinout, and its electrical "
                       "description.",
        "type": "object",
        "properties": PORT_PROPERTIES,
        "required": ["id", "direction", "connector"],
        "additionalProperties": False,
        "allOf": [
            {"if": COMBO,
             "then": {"properties": {"direction": {"const": "in"}},
                      "required": ["faces"], "not": {"required": ["pinout"]}},
             "else": {"required": ["interface", "signal"], "not": {"required": ["faces"]}}},
            face_needs("interface"),
            face_needs("signal"),
        ],
    },
    "path": {
        "description": "Internal signal flow from one port of the gear to another.",
        "type": "object",
        "properties": {
            "from": ref("portId", "The port the signal enters by."),
            "to": ref("portId", "The port the signal leaves by."),
            "gain": {
                "description": "A fixed gain (`0 dB`), or `setting`: the gain comes from the "
                               "rig's `settings` of the `from` port.",
                "anyOf": [{"const": "setting"}, {"$ref": "#/definitions/gain"}],
            },
            "ratio": ref("ratio", "A transformer ratio, quoted: `\"12:1\"` is -21.58 dB."),
            "isolation": ref("isolation", "`transformer`: galvanic isolation, which breaks "
                                          "ground loops."),
        },
        "required": ["from", "to"],
        "additionalProperties": False,
    },
    "gear": {
        "description": "A piece of audio gear: its ports and its internal signal paths.",
        "type": "object",
        "properties": {
            "id": ref("gearId", "The gear id, unique, `vendor/model`."),
            "manufacturer": {"description": "The manufacturer's name.", "type": "string"},
            "model": {"description": "The model name.", "type": "string"},
            "description": {"description": "What the gear is.", "type": "string"},
            "category": ref("category", "The kind of gear: mic, ribbon-mic, di, mixer, ..."),
            "power": ref("power", "How the gear is powered."),
            "quirks": {
                "description": "Free tags, visible to rules as `gear.quirks` (`[pin3-hot]`).",
                "type": "array", "uniqueItems": True,
                "items": {"description": "A quirk tag.", "type": "string", "minLength": 1},
            },
            "ports": {"description": "The gear's ports.", "type": "array",
                      "items": {"$ref": "#/definitions/port"}},
            "paths": {"description": "Internal signal flow, needed for level propagation.",
                      "type": "array", "items": {"$ref": "#/definitions/path"}},
        },
        "required": ["id", "ports"],
        "additionalProperties": False,
    },
}

# -------------------------------------------------------------------------------------------------
# Cables (SPEC §6).

CABLE_DEFINITIONS = {
    "cable": {
        "description": "A cable or adapter: its named ends, the nets that join their contacts, "
                       "its shield, series resistors and capacitance.",
        "type": "object",
        "properties": {
            "id": ref("cableId", "The cable id, unique."),
            "description": {"description": "What the cable is.", "type": "string"},
            "ends": {
                "description": "End name -> connector. Two or more ends; two-ended cables name "
                               "them `a` (first) and `b` (last).",
                "type": "object",
                "minProperties": 2,
                "propertyNames": {"pattern": "^" + NAME + "$"},
                "additionalProperties": ref("cableConnector", "The connector at this end."),
            },
            "wiring": {
                "description": "The nets: each entry lists the contacts it joins "
                               "(`[a.1, a.3, b.S]`).",
                "type": "array",
                "items": {"description": "One net: two or more contacts joined together.",
                          "type": "array", "minItems": 2, "uniqueItems": True,
                          "items": {"$ref": "#/definitions/cableContact"}},
            },
            "shield": {
                "description": "The contacts the shield is bonded to; leave an end out to lift "
                               "the shield there.",
                "type": "array", "uniqueItems": True,
                "items": {"$ref": "#/definitions/cableContact"},
            },
            "series": {
                "description": "Series resistors: contact -> resistance (`{a.2: 100 ohm}`).",
                "type": "object",
                "propertyNames": {"$ref": "#/definitions/cableContact"},
                "additionalProperties": ref("impedance", "The resistance between the contact "
                                                         "and its net."),
            },
            "capacitance": ref("capacitance", "Capacitance per length; 100 pF/m by default."),
            "adapter": {"description": "`true`: a zero-length adapter.", "type": "boolean"},
        },
        "required": ["id", "ends", "wiring"],
        "additionalProperties": False,
    },
}

LIBRARY_PROPERTIES = {
    "gear": {"description": "Gear definitions.", "type": "array",
             "items": {"$ref": "#/definitions/gear"}},
    "cables": {"description": "Cable and adapter definitions.", "type": "array",
               "items": {"$ref": "#/definitions/cable"}},
}

# -------------------------------------------------------------------------------------------------
# Rigs (SPEC §7).

RIG_DEFINITIONS = {
    "setting": {
        "description": "The settings of one input port.",
        "type": "object",
        "properties": {
            "gain": ref("gain", "The gain of every `gain: setting` path leaving this port; "
                                "within the port's gain range."),
            "pad": ref("flag", "`on`: subtract the port's pad."),
            "phantom": ref("flag", "`on`: phantom power is switched on; the port must be able "
                                   "to supply it."),
        },
        "additionalProperties": False,
    },
    "device": {
        "description": "A device of the rig: an instance of a gear.",
        "type": "object",
        "properties": {
            "gear": ref("gearId", "The device's gear: a builtin `generic/...` id, or one from "
                                  "an included catalog or the rig's `gear`."),
            "label": {"description": "A display label (`Yamaha S70XS`).", "type": "string"},
            "power": ref("power", "Overrides the gear's power."),
            "spl": ref("soundPressure", "The sound pressure this device's microphones are "
                                        "driven at; 94 dB SPL by default."),
            "settings": {
                "description": "Input port id -> its settings (gain, pad, phantom).",
                "type": "object",
                "propertyNames": {"$ref": "#/definitions/portId"},
                "additionalProperties": {"$ref": "#/definitions/setting"},
            },
        },
        "required": ["gear"],
        "additionalProperties": False,
    },
    "ignore": {
        "description": "Suppresses one rule's diagnostics on this connection.",
        "type": "object",
        "properties": {
            "rule": ref("ruleId", "The rule to suppress."),
            "reason": {"description": "Why the rule does not apply here; required.",
                       "type": "string", "pattern": r"\S"},
        },
        "required": ["rule", "reason"],
        "additionalProperties": False,
    },
    "connection": {
        "description": "A cable (or a chain of cables) between ports: `from` and `to`, or "
                       "`ends` for a cable with more than two ends.",
        "type": "object",
        "properties": {
            "from": ref("portRef", "`DEVICE.PORT` at the cable's first end."),
            "to": ref("portRef", "`DEVICE.PORT` at the cable's last end."),
            "ends": {
                "description": "Cable end name -> `DEVICE.PORT`, for multi-end cables "
                               "(`{a: desk.ins-1, send: comp.in, return: comp.out}`).",
                "type": "object",
                "minProperties": 2,
                "propertyNames": {"pattern": "^" + NAME + "$"},
                "additionalProperties": ref("portRef", "The port this cable end plugs into."),
            },
            "cable": {
                "description": "A cable id, or a list of ids for a chain of cables and "
                               "adapters, first to last.",
                "anyOf": [{"$ref": "#/definitions/cableId"},
                          {"type": "array", "minItems": 1,
                           "items": {"$ref": "#/definitions/cableId"}}],
            },
            "length": ref("length", "The run's length; rules that need one skip a connection "
                                    "without it."),
            "ignore": {"description": "Rules to suppress on this connection, each with a reason.",
                       "type": "array", "items": {"$ref": "#/definitions/ignore"}},
        },
        "required": ["cable"],
        "additionalProperties": False,
        "oneOf": [
            {"required": ["from", "to"], "not": {"required": ["ends"]}},
            {"required": ["ends"], "not": {"anyOf": [{"required": ["from"]},
                                                     {"required": ["to"]}]}},
        ],
    },
}

# -------------------------------------------------------------------------------------------------
# Rule packs (SPEC §9).

SCALAR_GEAR_FIELDS = ["id", "manufacturer", "model", "description", "category", "power"]
GEAR_PROPERTIES = GEAR_DEFINITIONS["gear"]["properties"]

PACK_DEFINITIONS = {
    "expression": {
        "description": "An expression in rigcheck's CEL subset, type-checked when the pack "
                       "loads.",
        "type": "string", "minLength": 1,
    },
    "exemption": {
        "description": "A named condition that rules can list under `unless`.",
        "type": "object",
        "properties": {
            "id": ref("exemptionId", "The exemption id; unique across all packs and rules."),
            "description": {"description": "What the exemption allows, and why.",
                            "type": "string"},
            "when": ref("expression", "The condition under which the exemption holds."),
        },
        "required": ["id", "description", "when"],
        "additionalProperties": False,
    },
    "rule": {
        "description": "A rule: when its condition holds on a subject, it reports a diagnostic.",
        "type": "object",
        "properties": {
            "id": ref("ruleId", "The rule id; unique across all packs and exemptions."),
            "scope": ref("scope", "What the rule is checked on."),
            "severity": ref("severity", "The severity of its diagnostics."),
            "description": {"description": "What the rule checks, and why.", "type": "string"},
            "when": ref("expression", "The condition that makes the rule fire."),
            "unless": {"description": "Exemption ids, builtin or from any loaded pack; the rule "
                                      "does not fire when one of them holds.",
                       "type": "array", "items": {"$ref": "#/definitions/exemptionId"}},
            "supersedes": {"description": "Rule ids silenced on the same subject when this "
                                          "rule fires.",
                           "type": "array", "items": {"$ref": "#/definitions/ruleId"}},
            "message": {"description": "The diagnostic's message; `{expr}` interpolates, with "
                                       "an optional format (`{signal.level_dbu:.1f}`).",
                        "type": "string", "minLength": 1},
            "fix": {"description": "How to fix it; interpolated like `message`.",
                    "type": "string"},
            "tags": string_list("Free tags.", "A tag.", minLength=1),
        },
        "required": ["id", "scope", "severity", "description", "when", "message"],
        "additionalProperties": False,
    },
    "portPatch": {
        "description": "Port fields to set on every matching port.",
        "type": "object",
        "properties": {k: v for k, v in PORT_PROPERTIES.items() if k != "id"},
        "minProperties": 1,
        "additionalProperties": False,
    },
    "gearOverride": {
        "description": "A quirk overlay, applied to all gear (builtin, catalog, inline) after "
                       "loading.",
        "type": "object",
        "properties": {
            "match": {
                "description": "Gear field -> glob (`{manufacturer: Acme, model: \"X-1*\"}`); "
                               "every field named must match.",
                "type": "object",
                "minProperties": 1,
                "properties": {
                    field: {"description": "A glob on the gear's `%s`." % field,
                            "type": "string"}
                    for field in SCALAR_GEAR_FIELDS
                },
                "additionalProperties": False,
            },
            "set": {
                "description": "Gear fields to replace on matching gear (`{quirks: [pin3-hot]}`).",
                "type": "object",
                "minProperties": 1,
                "properties": {k: GEAR_PROPERTIES[k] for k in
                               ["manufacturer", "model", "description", "category", "power",
                                "quirks"]},
                "additionalProperties": False,
            },
            "ports": {
                "description": "Port id glob -> port fields to set on each matching port of "
                               "matching gear (`\"out-*\": {pinout: xlr-pin3-hot}`).",
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"$ref": "#/definitions/portPatch"},
            },
        },
        "required": ["match"],
        "anyOf": [{"required": ["set"]}, {"required": ["ports"]}],
        "additionalProperties": False,
    },
}

DEFINITIONS = {**QUANTITIES, **ENUMS, **IDS, **GEAR_DEFINITIONS, **CABLE_DEFINITIONS,
               **RIG_DEFINITIONS, **PACK_DEFINITIONS}

# -------------------------------------------------------------------------------------------------
# The four kinds of file (SPEC §1).


def version(kind):
    return {"description": "The %s format version; must be 1." % kind,
            "type": "integer", "const": 1}


def path_list(description):
    return string_list(description, "A path, relative to the directory of this file.",
                       minLength=1)


KINDS = {
    "rig": {
        "title": "rigcheck rig",
        "description": "A rig: devices (instances of gear) and the cables between them.",
        "properties": {
            "rigcheck": version("rig"),
            "name": {"description": "The rig's name.", "type": "string"},
            "include": path_list("Catalog files to load, relative to this file."),
            **LIBRARY_PROPERTIES,
            "devices": {"description": "Device id -> device.", "type": "object",
                        "propertyNames": {"$ref": "#/definitions/deviceId"},
                        "additionalProperties": {"$ref": "#/definitions/device"}},
            "connections": {"description": "The cables between devices.", "type": "array",
                            "items": {"$ref": "#/definitions/connection"}},
        },
        "required": ["rigcheck"],
    },
    "catalog": {
        "title": "rigcheck catalog",
        "description": "A catalog of reusable gear and cable definitions.",
        "properties": {"rigcheck-catalog": version("catalog"),
                       **LIBRARY_PROPERTIES},
        "required": ["rigcheck-catalog"],
    },
    "pack": {
        "title": "rigcheck rule pack",
        "description": "A rule pack: params, exemptions, rules and gear overrides.",
        "properties": {
            "rigcheck-rules": version("rule pack"),
            "pack": {"description": "The pack's name (`acme-quirks`).", "type": "string",
                     "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
            "description": {"description": "What the pack is for.", "type": "string"},
            "params": ref("params", "New params of this pack, or new values of existing ones; "
                                    "plain numbers."),
            "exemptions": {"description": "Named conditions that rules can list under `unless`.",
                           "type": "array", "items": {"$ref": "#/definitions/exemption"}},
            "rules": {"description": "The pack's rules.", "type": "array",
                      "items": {"$ref": "#/definitions/rule"}},
            "gear-overrides": {"description": "Quirk overlays applied to all gear after "
                                              "loading.",
                               "type": "array", "items": {"$ref": "#/definitions/gearOverride"}},
        },
        "required": ["rigcheck-rules", "pack"],
    },
    "config": {
        "title": "rigcheck configuration",
        "description": "A `.rigcheck.yaml` configuration, found from the rig's directory "
                       "upward or given with --config.",
        "properties": {
            "rigcheck-config": version("configuration"),
            "packs": path_list("Rule pack files to load, relative to this file."),
            "catalogs": path_list("Catalog files to load, relative to this file."),
            "rules": {"description": "Rule id -> `error`, `warning`, `info` or `off`.",
                      "type": "object",
                      "propertyNames": {"$ref": "#/definitions/ruleId"},
                      "additionalProperties": {"$ref": "#/definitions/ruleLevel"}},
            "params": ref("params", "Param values; they override the packs' and are "
                                    "overridden by --param."),
            "fail-on": ref("failOn", "The lowest severity that makes `rigcheck check` exit 1."),
        },
        "required": ["rigcheck-config"],
    },
}


def references(node):
    """The definition names that a schema fragment refers to."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[1]
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def needed_definitions(root):
    """Every definition reachable from `root`; all unit quantities once any is used."""
    needed, pending = set(), list(references(root))
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending.extend(references(DEFINITIONS[name]))
        if name in QUANTITIES:
            pending.extend(QUANTITIES)
    return {name: DEFINITIONS[name] for name in DEFINITIONS if name in needed}


def build_schemas():
    """File name -> schema, for every kind."""
    schemas = {}
    for kind, spec in KINDS.items():
        body = {
            "type": "object",
            "properties": spec["properties"],
            "required": spec["required"],
            "additionalProperties": False,
        }
        schema = {
            "$schema": DRAFT,
            "$id": BASE_URL + kind + ".schema.json",
            "title": spec["title"],
            "description": spec["description"],
            **body,
        }
        definitions = needed_definitions(body)
        if definitions:
            schema["definitions"] = definitions
        schemas[kind + ".schema.json"] = schema
    return schemas


def render(schema):
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    stale = []
    for name, schema in build_schemas().items():
        path = SCHEMA_DIR / name
        text = render(schema)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date, run python3 schemas/generate.py: " + ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
