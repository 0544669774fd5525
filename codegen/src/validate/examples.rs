//! Doc examples against the declared types: input params (flattened wire keys, every value a
//! string) and the output JSON, decoded the way the runtime decodes it (`runtime/de.rs`): the
//! documented leniencies are accepted, nothing else.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{did_you_mean, Resolver};
use crate::ir::{Example, Field, TypeRef};
use crate::spec::{ExampleSpec, ProtocolSpec};

/// How the generated code decodes a value at some place of a response.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A field (`Option<T>`): `null` is `None`; scalars decode leniently (numbers as strings,
    /// `"TRUE"` as true).
    Field,
    /// An element of an array of scalars (lenient too): `null` elements are dropped.
    LenientItem,
    /// An element of any other array (`Vec<T>` with serde's own rules): `null` is an error,
    /// and scalars of nested arrays must have their exact JSON type.
    Item,
}

/// Why a flattened example key addresses nothing.
struct PathError {
    message: String,
    /// The key prefix of the object (`""` for the params) that has no such param or field.
    unknown_in: Option<String>,
}

impl PathError {
    fn new(message: String) -> Self {
        PathError {
            message,
            unknown_in: None,
        }
    }
}

/// The leaf a flattened example key addresses: its type and, for a param or field itself (not
/// an array element), its bounds.
struct Leaf {
    ty: TypeRef,
    bounds: (Option<f64>, Option<f64>),
    limits: crate::ir::Limits,
    /// The data type values the key walks through: (their key prefix, data type, the field the
    /// key names in it).
    objects: Vec<(String, String, String)>,
}

impl Resolver<'_> {
    /// Checks one example of an action; `None` when it has errors.
    pub(super) fn example(
        &mut self,
        file: &str,
        path: &str,
        ex: &ExampleSpec,
        (input, request): (&[Field], &str),
        output: &[Field],
        response: &str,
    ) -> Option<Example> {
        let before = self.error_count();
        let mut leaves: BTreeSet<Vec<String>> = BTreeSet::new();
        // Key prefix of each data type value -> (data type, the fields the example gives it).
        let mut objects: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
        // Key prefixes of objects naming an unknown param or field: a typo there may be the
        // required one, so nothing there is reported missing. Messages already given: several
        // keys running into one mistake (`Placment.Zone`, `Placment.ProjectId`) report it once.
        let mut unknown_in: BTreeSet<String> = BTreeSet::new();
        let mut reported: BTreeSet<String> = BTreeSet::new();
        for (key, value) in &ex.input {
            let kpath = format!("{path}.input.{key}");
            let segments: Vec<&str> = key.split('.').collect();
            match self.resolve_example_path(&segments, input, request) {
                Ok(leaf) => {
                    self.check_documented_value(file, &kpath, &leaf.ty, leaf.bounds, value);
                    self.check_text(file, &kpath, &leaf.ty, leaf.limits, value);
                    for (prefix, ty, field) in leaf.objects {
                        objects
                            .entry(prefix)
                            .or_insert((ty, BTreeSet::new()))
                            .1
                            .insert(field);
                    }
                }
                Err(Some(e)) => {
                    unknown_in.extend(e.unknown_in);
                    if reported.insert(e.message.clone()) {
                        self.error(file, &kpath, e.message);
                    }
                }
                Err(None) => {}
            }
            leaves.insert(segments.iter().map(|s| s.to_string()).collect());
        }
        self.check_indices(file, path, &leaves);
        // A data type value the example builds has its required fields (else `build()` fails).
        for (prefix, (ty, given)) in objects {
            if self.unbuildable.contains(&ty) || unknown_in.contains(&prefix) {
                continue;
            }
            let fields = self.resolved_types.get(&ty).cloned().unwrap_or_default();
            for f in fields
                .iter()
                .filter(|f| f.required && !given.contains(&f.wire_name))
            {
                self.error(
                    file,
                    &format!("{path}.input.{prefix}"),
                    format!(
                        "required field '{}' of data type {ty} is missing",
                        f.wire_name
                    ),
                );
            }
        }
        let given: BTreeSet<&str> = ex
            .input
            .keys()
            .map(|k| k.split('.').next().unwrap_or_default())
            .collect();
        let mut missing_required = Vec::new();
        for f in input.iter().filter(|f| {
            f.required && !given.contains(f.wire_name.as_str()) && !unknown_in.contains("")
        }) {
            if ex.missing_required.contains(&f.wire_name) {
                missing_required.push(f.wire_name.clone());
            } else {
                self.error(file, &format!("{path}.input"), format!("required param '{}' is missing (list it in `missing_required` if the doc example omits it)", f.wire_name));
            }
        }
        for name in &ex.missing_required {
            if !missing_required.contains(name) {
                self.error(
                    file,
                    &format!("{path}.missing_required"),
                    format!("'{name}' is not a required param absent from the example"),
                );
            }
        }
        let parsed =
            ex.output
                .as_ref()
                .and_then(|text| match serde_json::from_str::<Value>(text) {
                    Ok(value) => Some(value),
                    Err(err) => {
                        self.error(
                            file,
                            &format!("{path}.output"),
                            format!("invalid JSON: {err}"),
                        );
                        None
                    }
                });
        if let Some(value) = &parsed {
            self.check_output(file, &format!("{path}.output"), value, output, response);
        }
        if self.error_count() > before {
            return None;
        }
        Some(Example {
            title: ex.title.clone(),
            input: ex
                .input
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            output: parsed,
            missing_required,
        })
    }

    /// Array indices must run 0, 1, 2 ... (QingCloud: 1, 2, 3 ...) without gaps, at every level.
    fn check_indices(&mut self, file: &str, path: &str, leaves: &BTreeSet<Vec<String>>) {
        let mut indices: BTreeMap<Vec<String>, BTreeSet<usize>> = BTreeMap::new();
        for key in leaves {
            for (i, seg) in key.iter().enumerate() {
                if let Some(n) = plain_index(seg) {
                    indices.entry(key[..i].to_vec()).or_default().insert(n);
                }
            }
        }
        let base = self.protocol.index_base();
        for (prefix, set) in indices {
            let expected: BTreeSet<usize> = (base..base + set.len()).collect();
            if set != expected {
                let message = format!(
                    "array indices must run {base}, {}, ... without gaps, found {set:?}",
                    base + 1
                );
                self.error(file, &format!("{path}.input.{}", prefix.join(".")), message);
            }
        }
    }

    /// The leaf a flattened example key addresses, e.g. `DataDisks.0.DiskSize` -> Integer.
    /// `Err(None)` when the key runs into a param or field whose own error was already reported.
    fn resolve_example_path(
        &self,
        segments: &[&str],
        input: &[Field],
        owner: &str,
    ) -> Result<Leaf, Option<PathError>> {
        let (first, rest) = segments
            .split_first()
            .ok_or(Some(PathError::new("empty key".to_owned())))?;
        let Some(field) = input.iter().find(|f| f.wire_name == *first) else {
            if self.broken.contains(&(owner.to_owned(), first.to_string())) {
                return Err(None);
            }
            let hint = did_you_mean(first, input.iter().map(|f| f.wire_name.as_str()));
            return Err(Some(PathError {
                message: format!("unknown param '{first}'{hint}"),
                unknown_in: Some(String::new()),
            }));
        };
        let mut leaf = Leaf {
            ty: field.ty.clone(),
            bounds: (field.min, field.max),
            limits: field.limits,
            objects: Vec::new(),
        };
        let mut walked = first.to_string();
        for seg in rest {
            leaf = match leaf.ty {
                TypeRef::Array(inner) => {
                    if plain_index(seg).is_none() {
                        let why = if seg.bytes().all(|b| b.is_ascii_digit()) && !seg.is_empty() {
                            format!("'{walked}' is an array: '{seg}' is not a plain index (no leading zeros)")
                        } else {
                            format!("'{walked}' is an array: expected an index, found '{seg}'")
                        };
                        return Err(Some(PathError::new(why)));
                    }
                    Leaf {
                        ty: *inner,
                        bounds: (None, None),
                        limits: crate::ir::Limits::default(),
                        objects: leaf.objects,
                    }
                }
                TypeRef::Struct(name) => {
                    let fields = self.resolved_types.get(&name).ok_or(None)?;
                    let Some(f) = fields.iter().find(|f| f.wire_name == *seg) else {
                        if self.broken.contains(&(name.clone(), seg.to_string())) {
                            return Err(None);
                        }
                        let hint = did_you_mean(seg, fields.iter().map(|f| f.wire_name.as_str()));
                        return Err(Some(PathError {
                            message: format!("unknown field '{seg}' of data type {name}{hint}"),
                            unknown_in: Some(walked),
                        }));
                    };
                    let mut objects = leaf.objects;
                    objects.push((walked.clone(), name.clone(), seg.to_string()));
                    Leaf {
                        ty: f.ty.clone(),
                        bounds: (f.min, f.max),
                        limits: f.limits,
                        objects,
                    }
                }
                _ => {
                    return Err(Some(PathError::new(format!(
                        "'{walked}' is a scalar; it has no '{seg}'"
                    ))))
                }
            };
            walked.push('.');
            walked.push_str(seg);
        }
        match leaf.ty {
            TypeRef::Array(_) => Err(Some(PathError::new(format!(
                "'{walked}' is an array: add an index ('{walked}.{}')",
                self.protocol.index_base()
            )))),
            TypeRef::Struct(name) => Err(Some(PathError::new(format!(
                "'{walked}' is data type {name}: name one of its fields"
            )))),
            _ => Ok(leaf),
        }
    }

    /// The whole output example: a successful response in the protocol's envelope, whose
    /// documented fields decode as their types.
    fn check_output(
        &mut self,
        file: &str,
        path: &str,
        body: &Value,
        output: &[Field],
        response: &str,
    ) {
        let protocol = self.protocol;
        let Some(object) = protocol.output_object(body) else {
            self.error(
                file,
                path,
                format!("expected {}", protocol.envelope_shape()),
            );
            return;
        };
        let path = match protocol {
            ProtocolSpec::TencentApi3 => format!("{path}.Response"),
            ProtocolSpec::TencentLegacyV2 | ProtocolSpec::Qingcloud => path.to_owned(),
        };
        match protocol {
            ProtocolSpec::TencentApi3 => {
                if object.get("Error").is_some_and(|e| !e.is_null()) {
                    self.error(
                        file,
                        &format!("{path}.Error"),
                        "this is an error response; an output example shows a successful one",
                    );
                    return;
                }
            }
            ProtocolSpec::TencentLegacyV2 | ProtocolSpec::Qingcloud => {
                let key = if protocol == ProtocolSpec::Qingcloud {
                    "ret_code"
                } else {
                    "code"
                };
                let code = object.get(key);
                if code.and_then(lenient_integer).flatten() != Some(0) {
                    let found = code.map_or("nothing".to_owned(), describe);
                    self.error(
                        file,
                        &format!("{path}.{key}"),
                        format!("a successful response has \"{key}\": 0, found {found}"),
                    );
                    return;
                }
            }
        }
        if let Some(id) = object.get("RequestId") {
            if id.is_array() || id.is_object() {
                let message = format!("{} is not a String (the request id)", describe(id));
                self.error(file, &format!("{path}.RequestId"), message);
            }
        }
        for (key, value) in object {
            match output.iter().find(|f| &f.wire_name == key) {
                Some(field) => self.check_json(
                    file,
                    &format!("{path}.{key}"),
                    &field.ty,
                    field.sensitive,
                    value,
                    Slot::Field,
                ),
                None => {
                    let documented = protocol.envelope_fields().contains(&key.as_str())
                        || self.broken.contains(&(response.to_owned(), key.clone()));
                    if !documented {
                        self.warnings.push(format!(
                            "{file}: {path}: field '{key}' is not a documented output field"
                        ));
                    }
                }
            }
        }
    }

    /// A JSON value of an output example against the type of the place it decodes into.
    fn check_json(
        &mut self,
        file: &str,
        path: &str,
        ty: &TypeRef,
        sensitive: bool,
        value: &Value,
        slot: Slot,
    ) {
        if value.is_null() {
            if slot == Slot::Item {
                let message = format!(
                    "null cannot be an element of an array of {} (only a whole field may be null)",
                    plural(ty)
                );
                self.error(file, path, message);
            }
            return;
        }
        let ok = match ty {
            TypeRef::String | TypeRef::Timestamp if sensitive || slot != Slot::Item => {
                is_scalar(value)
            }
            TypeRef::String | TypeRef::Timestamp => value.is_string(),
            TypeRef::Integer if slot == Slot::Item => value.as_i64().is_some(),
            TypeRef::Integer => lenient_integer(value).is_some(),
            TypeRef::Float if slot == Slot::Item => value.is_number(),
            TypeRef::Float => lenient_float(value),
            TypeRef::Boolean if slot == Slot::Item => value.is_boolean(),
            TypeRef::Boolean => lenient_boolean(value),
            TypeRef::Enum(name) => {
                if let Some(text) = scalar_text(value) {
                    self.expect_enum_value(file, path, name, &text);
                    return;
                }
                false
            }
            TypeRef::Struct(name) => {
                if let Value::Object(object) = value {
                    self.check_object(file, path, name, object);
                    return;
                }
                false
            }
            TypeRef::Array(inner) => {
                if let Value::Array(items) = value {
                    let lenient = !sensitive
                        && slot == Slot::Field
                        && matches!(
                            **inner,
                            TypeRef::String
                                | TypeRef::Timestamp
                                | TypeRef::Integer
                                | TypeRef::Float
                                | TypeRef::Boolean
                        );
                    let item_slot = if lenient {
                        Slot::LenientItem
                    } else {
                        Slot::Item
                    };
                    for (i, item) in items.iter().enumerate() {
                        self.check_json(
                            file,
                            &format!("{path}[{i}]"),
                            inner,
                            sensitive,
                            item,
                            item_slot,
                        );
                    }
                    return;
                }
                false
            }
        };
        if !ok {
            let strict = slot == Slot::Item
                && !sensitive
                && is_scalar(value)
                && !matches!(
                    ty,
                    TypeRef::Enum(_) | TypeRef::Struct(_) | TypeRef::Array(_)
                );
            let note = if strict {
                " (inside an array of arrays only that exact JSON type decodes)"
            } else {
                ""
            };
            let message = format!("{} is not {}{note}", describe(value), type_name(ty));
            self.error(file, path, message);
        }
    }

    fn check_object(
        &mut self,
        file: &str,
        path: &str,
        name: &str,
        object: &serde_json::Map<String, Value>,
    ) {
        let Some(fields) = self.resolved_types.get(name).cloned() else {
            return; // the data type's own error was reported
        };
        for (key, value) in object {
            if let Some(f) = fields.iter().find(|f| &f.wire_name == key) {
                self.check_json(
                    file,
                    &format!("{path}.{key}"),
                    &f.ty,
                    f.sensitive,
                    value,
                    Slot::Field,
                );
            }
        }
    }
}

/// `0`, `1`, `12`: an array index as the wire writes it (no sign, no leading zeros).
fn plain_index(seg: &str) -> Option<usize> {
    let plain = !seg.is_empty()
        && seg.bytes().all(|b| b.is_ascii_digit())
        && (seg == "0" || !seg.starts_with('0'));
    plain.then(|| seg.parse().ok()).flatten()
}

fn is_scalar(value: &Value) -> bool {
    !(value.is_array() || value.is_object())
}

/// What `runtime::de::integer` makes of a value: `Some(None)` for null or an empty string.
fn lenient_integer(value: &Value) -> Option<Option<i64>> {
    match value {
        Value::Null => Some(None),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Some(Some(i)),
            (None, Some(f)) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
                Some(Some(f as i64))
            }
            _ => None,
        },
        Value::String(s) if s.trim().is_empty() => Some(None),
        Value::String(s) => s.trim().parse().ok().map(Some),
        _ => None,
    }
}

/// Whether `runtime::de::float` decodes a value.
fn lenient_float(value: &Value) -> bool {
    match value {
        Value::Null | Value::Number(_) => true,
        Value::String(s) => s.trim().is_empty() || s.trim().parse::<f64>().is_ok(),
        _ => false,
    }
}

/// Whether `runtime::de::boolean` decodes a value.
fn lenient_boolean(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) => true,
        Value::Number(n) => !n.is_f64() && matches!(n.as_u64(), Some(0 | 1)),
        Value::String(s) => {
            let t = s.trim();
            t.eq_ignore_ascii_case("true")
                || t.eq_ignore_ascii_case("false")
                || matches!(t, "1" | "0" | "")
        }
        _ => false,
    }
}

/// The text an enum (or a secret) decodes from a scalar, as `runtime::de::enum_value` makes it.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        }),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A JSON value, short, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::String(s) if s.chars().count() > 40 => {
            let short: String = s.chars().take(40).collect();
            format!("\"{short}...\"")
        }
        other => other.to_string(),
    }
}

fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "a String".to_owned(),
        TypeRef::Timestamp => "a Timestamp (a string)".to_owned(),
        TypeRef::Integer => "an Integer".to_owned(),
        TypeRef::Float => "a Float".to_owned(),
        TypeRef::Boolean => "a Boolean".to_owned(),
        TypeRef::Enum(name) => format!("a value of enum {name}"),
        TypeRef::Struct(name) => format!("an object (data type {name})"),
        TypeRef::Array(inner) => format!("an array of {}", plural(inner)),
    }
}

fn plural(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Timestamp => "Timestamp".to_owned(),
        TypeRef::Integer => "Integer".to_owned(),
        TypeRef::Float => "Float".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Enum(name) | TypeRef::Struct(name) => name.clone(),
        TypeRef::Array(inner) => format!("arrays of {}", plural(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;
    use super::*;

    /// The base spec with `Out` as the output field of type `ty` (and `Tag` holding a Count),
    /// and `json` as its example value.
    fn output(ty: &str, json: &str) -> TestSpec {
        TestSpec::new()
            .edit_action(
                "CreateWidget",
                "  - name: WidgetIds\n    type: Array of String\n",
                &format!("  - name: Out\n    type: {ty}\n"),
            )
            .edit_action(
                "CreateWidget",
                "{\"WidgetIds\": [\"w-1\"], ",
                &format!("{{\"Out\": {json}, "),
            )
            .edit_type("Tag", "fields:\n", "fields:\n  - name: Count\n    type: Integer\n  - name: Size\n    type: String\n    enum: WidgetSize\n")
    }

    const PATH: &str =
        "actions/CreateWidget.yaml: actions.CreateWidget.examples[0].output.Response.Out";

    #[test]
    fn the_documented_leniencies_decode() {
        for (ty, json) in [
            ("Integer", "\"42\""),
            ("Integer", "\" 42 \""),
            ("Integer", "\"\""),
            ("Integer", "3.0"),
            ("Integer", "null"),
            ("Float", "\"0.34\""),
            ("Float", "7"),
            ("Boolean", "\"TRUE\""),
            ("Boolean", "\"false\""),
            ("Boolean", "1"),
            ("Boolean", "\"0\""),
            ("String", "7"),
            ("String", "true"),
            ("Timestamp", "\"2020-01-01T00:00:00Z\""),
            ("Array of Integer", "[\"1\", 2, null]"),
            ("Array of String", "[\"a\", 1, null]"),
            ("Array of Array of String", "[[\"a\"], []]"),
            (
                "Array of Tag",
                "[{\"Key\": \"k\", \"Count\": \"3\", \"Extra\": 1}]",
            ),
            ("Tag", "{\"Size\": \"LARGE\"}"),
            ("Array of Tag", "null"),
        ] {
            output(ty, json)
                .resolve()
                .unwrap_or_else(|e| panic!("{ty} {json}: {e:#?}"));
        }
    }

    #[test]
    fn wrong_values_name_their_path() {
        for (ty, json, at, why) in [
            ("Integer", "\"4x\"", "", "\"4x\" is not an Integer"),
            ("Integer", "1.5", "", "1.5 is not an Integer"),
            ("Integer", "true", "", "true is not an Integer"),
            (
                "Integer",
                "9223372036854775808",
                "",
                "9223372036854775808 is not an Integer",
            ),
            ("Float", "\"abc\"", "", "\"abc\" is not a Float"),
            ("Boolean", "\"yes\"", "", "\"yes\" is not a Boolean"),
            ("Boolean", "2", "", "2 is not a Boolean"),
            ("Boolean", "1.0", "", "1.0 is not a Boolean"),
            ("String", "{}", "", "an object is not a String"),
            (
                "Array of String",
                "\"a\"",
                "",
                "\"a\" is not an array of String",
            ),
            (
                "Array of Integer",
                "[1, \"x\"]",
                "[1]",
                "\"x\" is not an Integer",
            ),
            (
                "Array of Array of String",
                "[[1]]",
                "[0][0]",
                "1 is not a String (inside an array of arrays only that exact JSON type decodes)",
            ),
            (
                "Array of Array of String",
                "[null]",
                "[0]",
                "null cannot be an element of an array of arrays of String",
            ),
            (
                "Array of Tag",
                "[null]",
                "[0]",
                "null cannot be an element of an array of Tag",
            ),
            (
                "Array of Tag",
                "[{\"Count\": \"many\"}]",
                "[0].Count",
                "\"many\" is not an Integer",
            ),
            ("Tag", "[]", "", "an array is not an object (data type Tag)"),
            (
                "Tag",
                "{\"Size\": \"HUGE\"}",
                ".Size",
                "'HUGE' is not a documented value of enum WidgetSize",
            ),
            (
                "Array of Tag",
                "[{\"Size\": \"LARGER\"}]",
                "[0].Size",
                "'LARGER' is not a documented value of enum WidgetSize (did you mean 'LARGE'?)",
            ),
        ] {
            output(ty, json).rejects(&[&format!("{PATH}{at}: {why}")]);
        }
    }

    #[test]
    fn the_envelope_is_a_successful_response() {
        TestSpec::new()
            .edit_action(
                "CreateWidget",
                "\"RequestId\": \"r\"",
                "\"RequestId\": \"r\", \"Error\": {\"Code\": \"X\"}",
            )
            .rejects(&["examples[0].output.Response.Error: this is an error response"]);
        TestSpec::new()
            .edit_action("CreateWidget", "\"RequestId\": \"r\"", "\"RequestId\": [1]")
            .rejects(&["examples[0].output.Response.RequestId: an array is not a String"]);
        TestSpec::new()
            .edit_action("CreateWidget", "{\"Response\": {", "{\"Reply\": {")
            .rejects(&["examples[0].output: expected an object with a \"Response\" object"]);
        let legacy = TestSpec::new()
            .edit_service("protocol: tencent_api3", "protocol: tencent_legacy_v2")
            .edit_service("\"2020-01-01\"", "\"\"");
        legacy
            .clone()
            .edit_action(
                "CreateWidget",
                "{\"Response\": {\"WidgetIds\": [\"w-1\"], \"RequestId\": \"r\"}}",
                "{\"code\": \"0\", \"message\": \"\", \"WidgetIds\": [\"w-1\"]}",
            )
            .resolve()
            .unwrap();
        legacy
            .edit_action(
                "CreateWidget",
                "{\"Response\": {\"WidgetIds\": [\"w-1\"], \"RequestId\": \"r\"}}",
                "{\"code\": 4000, \"WidgetIds\": []}",
            )
            .rejects(&[
                "examples[0].output.code: a successful response has \"code\": 0, found 4000",
            ]);
    }

    #[test]
    fn undocumented_fields_are_warnings() {
        let warnings = TestSpec::new()
            .edit_action(
                "CreateWidget",
                "\"RequestId\": \"r\"",
                "\"RequestId\": \"r\", \"Extra\": 1",
            )
            .warnings();
        assert_eq!(warnings, ["spec/demo/v1/actions/CreateWidget.yaml: actions.CreateWidget.examples[0].output.Response: field 'Extra' is not a documented output field"]);
    }

    #[test]
    fn inputs() {
        let input = |from: &str, to: &str| TestSpec::new().edit_action("CreateWidget", from, to);
        input("Count: \"2\"", "Cuont: \"2\"")
            .rejects(&["examples[0].input.Cuont: unknown param 'Cuont' (did you mean 'Count'?)"]);
        input("Count: \"2\"", "Count: two")
            .rejects(&["examples[0].input.Count: 'two' is not an Integer"]);
        input("Count: \"2\"", "Tags.0.Key: a\n      Tags.2.Key: b").rejects(&[
            "examples[0].input.Tags: array indices must run 0, 1, ... without gaps, found {0, 2}",
        ]);
        input("Count: \"2\"", "Tags.00.Key: a").rejects(&[
            "examples[0].input.Tags.00.Key: 'Tags' is an array: '00' is not a plain index",
        ]);
        input("Count: \"2\"", "Tags.+0.Key: a")
            .rejects(&["'Tags' is an array: expected an index, found '+0'"]);
        input("Count: \"2\"", "Tags.0: a").rejects(&[
            "examples[0].input.Tags.0: 'Tags.0' is data type Tag: name one of its fields",
        ]);
        input("Count: \"2\"", "Tags: a")
            .rejects(&["examples[0].input.Tags: 'Tags' is an array: add an index ('Tags.0')"]);
        input("Count: \"2\"", "Tags.0.Kye: a")
            .rejects(&["unknown field 'Kye' of data type Tag (did you mean 'Key'?)"]);
        input("Count: \"2\"", "Count.X: \"2\"").rejects(&["'Count' is a scalar; it has no 'X'"]);
        input("Count: \"2\"", "Size: HUGE").rejects(&[
            "examples[0].input.Size: 'HUGE' is not a documented value of enum WidgetSize",
        ]);
        input("Count: \"2\"", "\"\": x").rejects(&["examples[0].input.: unknown param ''"]);
        input(
            "    input:\n",
            "    missing_required: [Count]\n    input:\n",
        )
        .rejects(&[
            "examples[0].missing_required: 'Count' is not a required param absent from the example",
        ]);
        input(
            "  - name: Count\n    type: Integer\n",
            "  - name: Count\n    type: Integer\n    required: true\n",
        )
        .edit_action(
            "CreateWidget",
            "      Count: \"2\"\n",
            "      Size: SMALL\n",
        )
        .rejects(&["examples[0].input: required param 'Count' is missing"]);
    }

    #[test]
    fn data_type_values_have_their_required_fields() {
        TestSpec::new()
            .edit_action("CreateWidget", "Count: \"2\"", "Tags.0.Value: v")
            .rejects(&[
                "examples[0].input.Tags.0: required field 'Key' of data type Tag is missing",
            ]);
        TestSpec::new()
            .edit_action(
                "CreateWidget",
                "Count: \"2\"",
                "Tags.0.Key: k\n      Tags.1.Key: k",
            )
            .resolve()
            .unwrap();
    }

    #[test]
    fn broken_params_add_nothing_to_examples() {
        TestSpec::new()
            .edit_action("CreateWidget", "type: Integer", "type: Integre")
            .rejects(&["input.Count: unknown type 'Integre'"]);
        TestSpec::new()
            .edit_type(
                "Tag",
                "name: Key\n    type: String",
                "name: Key\n    type: Strin",
            )
            .edit_action("CreateWidget", "Count: \"2\"", "Tags.0.Key: k")
            .rejects(&["types.Tag.fields.Key: unknown type 'Strin'"]);
    }

    #[test]
    fn helpers() {
        assert_eq!(plain_index("0"), Some(0));
        assert_eq!(plain_index("12"), Some(12));
        assert_eq!(plain_index("012"), None);
        assert_eq!(plain_index("+1"), None);
        assert_eq!(plain_index("99999999999999999999999"), None);
        assert_eq!(lenient_integer(&serde_json::json!("")), Some(None));
        assert_eq!(lenient_integer(&serde_json::json!(2.0)), Some(Some(2)));
        assert_eq!(scalar_text(&serde_json::json!(1.5)).as_deref(), Some("1.5"));
    }
}
