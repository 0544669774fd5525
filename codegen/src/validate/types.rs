//! Type references (`String`, `Array of Placement`), params and fields, data types, their
//! `used_by` lists and cycles between them.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::{did_you_mean, Resolver};
use crate::ir::{Action, DataType, Field, TypeRef};
use crate::load::LoadedService;
use crate::naming::{self, Holder};
use crate::spec::ParamSpec;

const SCALARS: [&str; 5] = ["String", "Integer", "Float", "Boolean", "Timestamp"];

impl Resolver<'_> {
    /// Data type names first, so fields can reference types declared in later files.
    pub(super) fn declare_types(&mut self, loaded: &LoadedService) {
        for (type_file, ty) in &loaded.types {
            let path = format!("types.{}", ty.name);
            let name_ok = naming::check_type_name(&ty.name)
                .and_then(|()| match SCALARS.contains(&ty.name.as_str()) {
                    true => Err(format!(
                        "'{}' is a scalar type; a data type needs another name",
                        ty.name
                    )),
                    false => Ok(()),
                })
                .map_err(|why| self.error(type_file, &path, why))
                .is_ok();
            if let Some(previous) = self.type_names.get(&ty.name) {
                let message = format!("duplicate data type (also declared in {previous})");
                self.error(type_file, &path, message);
                self.duplicate_types.insert(type_file.clone());
                continue;
            }
            self.type_names.insert(ty.name.clone(), type_file.clone());
            let expected = format!("/types/{}.yaml", ty.name);
            if name_ok && !type_file.ends_with(&expected) {
                let message = format!(
                    "data type '{}' must live in types/{}.yaml",
                    ty.name, ty.name
                );
                self.error(type_file, &format!("{path}.name"), message);
            }
        }
    }

    /// The fields of every data type (duplicates, already reported, left out).
    pub(super) fn data_types(&mut self, loaded: &LoadedService) -> Vec<DataType> {
        let mut types = Vec::new();
        for (type_file, ty) in &loaded.types {
            if self.duplicate_types.contains(type_file) {
                continue;
            }
            let path = format!("types.{}", ty.name);
            let fields = self.fields(
                type_file,
                &format!("{path}.fields"),
                &ty.fields,
                &ty.name,
                Holder::DataType,
            );
            self.resolved_types.insert(ty.name.clone(), fields.clone());
            types.push(DataType {
                name: ty.name.clone(),
                doc: ty.doc.clone(),
                used_by: ty.used_by.clone(),
                fields,
            });
        }
        types
    }

    /// Every `used_by` entry names an action of the folder (one that did not load counts: its
    /// own error is reported).
    pub(super) fn check_used_by(&mut self, loaded: &LoadedService) {
        for (type_file, ty) in &loaded.types {
            let mut seen = BTreeSet::new();
            for (i, user) in ty.used_by.iter().enumerate() {
                let path = format!("types.{}.used_by[{i}]", ty.name);
                if !self.known_actions.contains(user) {
                    let hint = did_you_mean(user, self.known_actions.iter().map(String::as_str));
                    self.error(type_file, &path, format!("unknown action '{user}'{hint}"));
                } else if !seen.insert(user) {
                    self.error(type_file, &path, format!("'{user}' is listed twice"));
                }
            }
        }
    }

    /// Resolves params or fields of one struct (`owner` is its Rust name, for messages).
    pub(super) fn fields(
        &mut self,
        file: &str,
        path: &str,
        specs: &[ParamSpec],
        owner: &str,
        holder: Holder,
    ) -> Vec<Field> {
        let mut out = Vec::new();
        let mut wire_seen = BTreeSet::new();
        let mut rust_seen: HashMap<String, String> = HashMap::new();
        for p in specs {
            // Assume the param is lost until it is pushed.
            let lost_before = self.lost_value_sets;
            self.lost_value_sets |= !p.values.is_empty();
            let fpath = format!("{path}.{}", p.name);
            let name_ok = !p.name.is_empty()
                && p.name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !name_ok {
                let hint = if p.name.ends_with(".N") {
                    " (write arrays as `Name` with `type: Array of X`)"
                } else {
                    " (wire names are ASCII letters, digits, '_' and '-')"
                };
                self.error(
                    file,
                    &fpath,
                    format!("invalid param name '{}'{hint}", p.name),
                );
                continue;
            }
            if !wire_seen.insert(p.name.clone()) {
                self.error(file, &fpath, format!("duplicate name '{}'", p.name));
                continue;
            }
            let rust_name = naming::field_name_in(&p.name, holder);
            if rust_name.is_empty() {
                self.error(
                    file,
                    &fpath,
                    format!(
                        "'{}' does not make a Rust field name (it has no letter or digit)",
                        p.name
                    ),
                );
                self.broken.insert((owner.to_owned(), p.name.clone()));
                continue;
            }
            if let Some(other) = rust_seen.get(&rust_name) {
                let message = format!(
                    "'{}' collides with '{other}' after case conversion ('{rust_name}' in {owner})",
                    p.name
                );
                self.error(file, &fpath, message);
                self.broken.insert((owner.to_owned(), p.name.clone()));
                continue;
            }
            rust_seen.insert(rust_name.clone(), p.name.clone());
            let Some(ty) = self.type_ref(file, &fpath, p) else {
                self.broken.insert((owner.to_owned(), p.name.clone()));
                continue;
            };
            if p.sensitive && ty.element() != &TypeRef::String {
                self.error(
                    file,
                    &format!("{fpath}.sensitive"),
                    "only String values can be marked sensitive",
                );
            }
            let (min, max) = self.bounds(file, &fpath, p, &ty);
            let limits = self.limits(file, &fpath, p, &ty);
            if let Some(default) = &p.default {
                let dpath = format!("{fpath}.default");
                self.check_documented_value(file, &dpath, &ty, (min, max), default);
                self.check_text(file, &dpath, &ty, limits, default);
            }
            self.lost_value_sets = lost_before;
            out.push(Field {
                wire_name: p.name.clone(),
                rust_name,
                doc: p.doc.clone(),
                ty,
                // A later source's flag wins over the transcribed one (kept in the spec beside it).
                required: p
                    .update
                    .as_ref()
                    .and_then(|u| u.required)
                    .unwrap_or(p.required),
                sensitive: p.sensitive,
                default: p.default.clone(),
                min,
                max,
                boxed: false,
                limits,
            });
        }
        out
    }

    fn type_ref(&mut self, file: &str, path: &str, p: &ParamSpec) -> Option<TypeRef> {
        let (base, depth) = strip_arrays(&p.ty);
        let scalar = match base {
            "String" => TypeRef::String,
            "Integer" => TypeRef::Integer,
            "Float" => TypeRef::Float,
            "Boolean" => TypeRef::Boolean,
            "Timestamp" => TypeRef::Timestamp,
            name if self.type_names.contains_key(name) => TypeRef::Struct(name.to_owned()),
            // The data type's file did not load: its own error is reported.
            name if self.failed_types.contains(name) => return None,
            name => {
                let candidates = self.type_names.keys().map(String::as_str).chain(SCALARS);
                let hint = did_you_mean(name, candidates);
                self.error(file, path, format!("unknown type '{name}'{hint}"));
                return None;
            }
        };
        let element = match (&p.r#enum, p.values.is_empty()) {
            (None, true) => scalar,
            (None, false) => {
                self.error(
                    file,
                    &format!("{path}.values"),
                    "a value set needs an `enum:` name",
                );
                return None;
            }
            (Some(name), _) => {
                if scalar != TypeRef::String {
                    self.error(
                        file,
                        &format!("{path}.enum"),
                        format!("enum '{name}' needs a String param, not {base}"),
                    );
                    return None;
                }
                if let Err(why) = naming::check_type_name(name) {
                    self.error(file, &format!("{path}.enum"), why);
                    return None;
                }
                self.declare_enum(file, path, name, p);
                TypeRef::Enum(name.clone())
            }
        };
        let mut ty = element;
        for _ in 0..depth {
            ty = TypeRef::Array(Box::new(ty));
        }
        Some(ty)
    }

    /// A data type holding itself (`Node.Parent: Node`, or `A.B: B` and `B.A: A`) would have an
    /// infinite size: the fields closing such cycles are boxed. Arrays need no box. A cycle of
    /// required fields can never be built (each value needs another first) and is an error.
    pub(super) fn break_cycles(&mut self, types: &mut [DataType]) {
        let index: HashMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        // Direct (not array) struct fields: (type, field) -> target type.
        let edges = |required_only: bool| -> Vec<Vec<(usize, usize)>> {
            types
                .iter()
                .map(|t| {
                    t.fields
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.required || !required_only)
                        .filter_map(|(fi, f)| match &f.ty {
                            TypeRef::Struct(name) => index.get(name.as_str()).map(|&to| (fi, to)),
                            _ => None,
                        })
                        .collect()
                })
                .collect()
        };
        let all = edges(false);
        let required = edges(true);
        let component = strongly_connected(&all);
        let mut boxed = Vec::new();
        for (from, out) in all.iter().enumerate() {
            for &(field, to) in out {
                if component[from] == component[to] {
                    boxed.push((from, field));
                }
            }
        }
        for (t, f) in boxed {
            types[t].fields[f].boxed = true;
        }
        for t in types.iter() {
            self.resolved_types.insert(t.name.clone(), t.fields.clone());
        }

        let component = strongly_connected(&required);
        let mut reported = BTreeSet::new();
        for (start, out) in required.iter().enumerate() {
            let cyclic = out.iter().any(|&(_, to)| component[to] == component[start]);
            if !cyclic || !reported.insert(component[start]) {
                continue;
            }
            for (t, c) in component.iter().enumerate() {
                if *c == component[start] {
                    self.unbuildable.insert(types[t].name.clone());
                }
            }
            let steps = cycle_through(&required, &component, start);
            let Some(&(_, first)) = steps.first() else {
                continue;
            };
            let ty = &types[start];
            let file = self.type_names.get(&ty.name).cloned().unwrap_or_default();
            let first = &ty.fields[first].wire_name;
            let cycle: Vec<String> = steps
                .iter()
                .map(|&(t, f)| format!("{}.{}", types[t].name, types[t].fields[f].wire_name))
                .collect();
            let message = format!(
                "data type {} can never be built: its required fields form the cycle {} -> {} (make one of them optional or an array)",
                ty.name,
                cycle.join(" -> "),
                ty.name
            );
            self.error(&file, &format!("types.{}.fields.{first}", ty.name), message);
        }
    }

    /// Warns when an action reaches a data type whose `used_by` does not list it.
    pub(super) fn cross_check_used_by(&mut self, types: &[DataType], actions: &[Action]) {
        let by_name: HashMap<&str, &DataType> =
            types.iter().map(|t| (t.name.as_str(), t)).collect();
        for action in actions {
            let mut reached = BTreeSet::new();
            for f in action.input.iter().chain(&action.output) {
                collect_structs(&f.ty, &by_name, &mut reached);
            }
            for ty in reached {
                if let Some(t) = by_name.get(ty.as_str()) {
                    if !t.used_by.is_empty() && !t.used_by.contains(&action.name) {
                        self.warnings.push(format!(
                            "types.{ty}.used_by does not list {} although that action uses it",
                            action.name
                        ));
                    }
                }
            }
        }
    }
}

/// The shortest cycle from `start` back to itself, as (type, field) steps.
fn cycle_through(
    edges: &[Vec<(usize, usize)>],
    component: &[usize],
    start: usize,
) -> Vec<(usize, usize)> {
    // Breadth-first from `start`; `came_from[v]` is the step that reached v.
    let mut came_from: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &(field, to) in &edges[at] {
            if component[to] != component[start] {
                continue;
            }
            if to == start {
                let mut steps = vec![(at, field)];
                let mut node = at;
                while node != start {
                    let step = came_from[&node];
                    steps.push(step);
                    node = step.0;
                }
                steps.reverse();
                return steps;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = came_from.entry(to) {
                e.insert((at, field));
                queue.push_back(to);
            }
        }
    }
    Vec::new()
}

/// Tarjan's strongly connected components: the component of each node.
fn strongly_connected(edges: &[Vec<(usize, usize)>]) -> Vec<usize> {
    struct State<'a> {
        edges: &'a [Vec<(usize, usize)>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &(_, w) in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.components;
                if w == v {
                    break;
                }
            }
            s.components += 1;
        }
    }
    let n = edges.len();
    let mut state = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        components: 0,
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.component
}

fn collect_structs(ty: &TypeRef, by_name: &HashMap<&str, &DataType>, out: &mut BTreeSet<String>) {
    if let TypeRef::Struct(name) = ty.element() {
        if out.insert(name.clone()) {
            if let Some(t) = by_name.get(name.as_str()) {
                for f in &t.fields {
                    collect_structs(&f.ty, by_name, out);
                }
            }
        }
    }
}

fn strip_arrays(mut ty: &str) -> (&str, usize) {
    let mut depth = 0;
    while let Some(rest) = ty.strip_prefix("Array of ") {
        ty = rest.trim();
        depth += 1;
    }
    (ty.trim(), depth)
}

/// A field of a resolved data type, for tests.
#[cfg(test)]
fn field<'a>(service: &'a crate::ir::Service, ty: &str, field: &str) -> &'a Field {
    let t = service.types.iter().find(|t| t.name == ty).expect("type");
    t.fields
        .iter()
        .find(|f| f.wire_name == field)
        .expect("field")
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;
    use super::*;

    const NODE: &str = "name: Node\nfields:\n  - name: Parent\n    type: Node\n  - name: Children\n    type: Array of Node\n  - name: Name\n    type: String\n";

    #[test]
    fn type_references() {
        TestSpec::new()
            .edit_action("CreateWidget", "type: Array of Tag", "type: Array of Tga")
            .rejects(&["actions/CreateWidget.yaml: actions.CreateWidget.input.Tags: unknown type 'Tga' (did you mean 'Tag'?)"]);
        TestSpec::new()
            .edit_action("CreateWidget", "type: Integer", "type: Intger")
            .rejects(&["input.Count: unknown type 'Intger' (did you mean 'Integer'?)"]);
        TestSpec::new()
            .edit_action("CreateWidget", "type: Integer", "type: \"\"")
            .rejects(&["input.Count: unknown type ''"]);
        let service = TestSpec::new()
            .edit_action(
                "CreateWidget",
                "type: Array of Tag",
                "type: Array of Array of Tag",
            )
            .resolve()
            .unwrap();
        assert_eq!(
            service.actions[0].input[0].ty,
            TypeRef::Array(Box::new(TypeRef::Array(Box::new(TypeRef::Struct(
                "Tag".into()
            )))))
        );
    }

    #[test]
    fn a_type_whose_file_did_not_load_adds_no_errors() {
        TestSpec::new()
            .edit_action("CreateWidget", "type: Array of Tag", "type: Array of Label")
            .failed_type("Label")
            .resolve()
            .unwrap_or_else(|e| panic!("no follow-on error: {e:#?}"));
    }

    #[test]
    fn param_names() {
        for (name, why) in [
            ("\"\"", "invalid param name ''"),
            ("Zoné", "invalid param name 'Zoné' (wire names are ASCII"),
            (
                "InstanceIds.N",
                "(write arrays as `Name` with `type: Array of X`)",
            ),
            ("\"_\"", "'_' does not make a Rust field name"),
            ("\"--\"", "'--' does not make a Rust field name"),
        ] {
            TestSpec::new()
                .edit_action("CreateWidget", "name: Count", &format!("name: {name}"))
                .edit_action("CreateWidget", "      Count: \"2\"\n", "")
                .rejects(&["actions.CreateWidget.input.", why]);
        }
        TestSpec::new()
            .edit_action("CreateWidget", "name: Count", "name: Tags")
            .edit_action("CreateWidget", "      Count: \"2\"\n", "")
            .rejects(&["input.Tags: duplicate name 'Tags'"]);
        TestSpec::new()
            .edit_action("CreateWidget", "name: Count", "name: tags")
            .edit_action("CreateWidget", "      Count: \"2\"\n", "")
            .rejects(&["input.tags: 'tags' collides with 'Tags' after case conversion ('tags' in CreateWidgetRequest)"]);
    }

    #[test]
    fn derived_field_names_are_escaped_per_struct() {
        let service = TestSpec::new()
            .edit_action("CreateWidget", "name: Count", "name: State")
            .edit_action("CreateWidget", "Count: \"2\"", "State: \"2\"")
            .edit_action("CreateWidget", "name: WidgetIds", "name: Request_Id")
            .edit_action("CreateWidget", "WidgetIds", "Request_Id")
            .edit_type("Tag", "name: Value", "name: Build")
            .resolve()
            .unwrap();
        assert_eq!(service.actions[0].input[1].rust_name, "state_");
        assert_eq!(service.actions[0].output[0].rust_name, "request_id_");
        assert_eq!(field(&service, "Tag", "Build").rust_name, "build_");
        // Escaped names still collide with a param spelled like the escape... after case conversion.
        TestSpec::new()
            .edit_type("Tag", "name: Value", "name: Type")
            .edit_type("Tag", "fields:\n", "fields:\n  - name: type_\n    type: String\n")
            .rejects(&["types.Tag.fields.Type: 'Type' collides with 'type_' after case conversion ('type_' in Tag)"]);
    }

    #[test]
    fn recursive_fields_are_boxed_and_arrays_are_not() {
        let service = TestSpec::new().ty(NODE).resolve().unwrap();
        assert!(field(&service, "Node", "Parent").boxed);
        assert!(!field(&service, "Node", "Children").boxed);
        assert!(!field(&service, "Node", "Name").boxed);
        // A -> B -> A: both edges are inside the cycle; C -> A is not.
        let service = TestSpec::new()
            .ty("name: A\nfields:\n  - name: B\n    type: B\n")
            .ty("name: B\nfields:\n  - name: A\n    type: A\n")
            .ty("name: C\nfields:\n  - name: A\n    type: A\n")
            .resolve()
            .unwrap();
        assert!(field(&service, "A", "B").boxed);
        assert!(field(&service, "B", "A").boxed);
        assert!(!field(&service, "C", "A").boxed);
    }

    #[test]
    fn a_cycle_of_required_fields_can_never_be_built() {
        TestSpec::new()
            .ty("name: A\nfields:\n  - name: Next\n    type: B\n    required: true\n")
            .ty("name: B\nfields:\n  - name: Back\n    type: A\n    required: true\n")
            .rejects(&["spec/demo/v1/types/A.yaml: types.A.fields.Next: data type A can never be built: its required fields form the cycle A.Next -> B.Back -> A"]);
        TestSpec::new()
            .ty("name: Node\nfields:\n  - name: Parent\n    type: Node\n    required: true\n")
            .rejects(&["types.Node.fields.Parent: data type Node can never be built: its required fields form the cycle Node.Parent -> Node"]);
        // Through an array the cycle ends with an empty array.
        TestSpec::new()
            .ty("name: Node\nfields:\n  - name: Children\n    type: Array of Node\n    required: true\n")
            .resolve()
            .unwrap();
    }

    #[test]
    fn used_by() {
        TestSpec::new()
            .edit_type("Tag", "used_by: [CreateWidget]", "used_by: [CreateWidgets]")
            .rejects(&["types/Tag.yaml: types.Tag.used_by[0]: unknown action 'CreateWidgets' (did you mean 'CreateWidget'?)"]);
        TestSpec::new()
            .edit_type(
                "Tag",
                "used_by: [CreateWidget]",
                "used_by: [CreateWidget, CreateWidget]",
            )
            .rejects(&["types.Tag.used_by[1]: 'CreateWidget' is listed twice"]);
        // An action whose file did not load is not unknown.
        TestSpec::new()
            .edit_type(
                "Tag",
                "used_by: [CreateWidget]",
                "used_by: [CreateWidget, DeleteWidget]",
            )
            .failed_action("DeleteWidget")
            .resolve()
            .unwrap();
        let warnings = TestSpec::new()
            .edit_type("Tag", "used_by: [CreateWidget]", "used_by: [Other]")
            .failed_action("Other")
            .warnings();
        assert_eq!(
            warnings,
            ["types.Tag.used_by does not list CreateWidget although that action uses it"]
        );
    }

    #[test]
    fn a_data_type_named_like_a_scalar() {
        TestSpec::new()
            .ty("name: Timestamp\nfields: []\n")
            .rejects(&["types/Timestamp.yaml: types.Timestamp: 'Timestamp' is a scalar type; a data type needs another name"]);
    }

    #[test]
    fn a_data_type_lives_in_its_own_file() {
        let mut spec = TestSpec::new().ty("name: Label\nfields: []\n");
        spec.types[1].0 = "Labels".to_owned();
        spec.rejects(&[
            "types/Labels.yaml: types.Label.name: data type 'Label' must live in types/Label.yaml",
        ]);
    }

    #[test]
    fn duplicate_types_are_reported_once() {
        let mut spec = TestSpec::new().ty(super::super::testing::TAG);
        spec.types[1].0 = "Tag2".to_owned();
        spec.rejects(&["types/Tag2.yaml: types.Tag: duplicate data type (also declared in spec/demo/v1/types/Tag.yaml)"]);
    }
}
