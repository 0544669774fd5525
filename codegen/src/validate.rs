//! Validation and resolution of loaded specs into the [`crate::ir`].
//!
//! All naming happens here (through [`crate::naming`]); every error names its file and spec path.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::{
    Action, DataType, EnumDef, EnumValue, ErrorCode, Example, Field, Pagination, Region, Service,
    TypeRef, Waiter,
};
use crate::load::LoadedService;
use crate::naming;
use crate::spec::{ExampleSpec, ParamSpec, RegionRequirement};

/// Validates one service folder. Returns `None` when any error was recorded.
pub fn resolve_service(
    loaded: &LoadedService,
    diags: &mut Diagnostics,
) -> (Option<Service>, Vec<String>) {
    let before = diags.errors.len();
    let mut cx = Resolver {
        diags,
        warnings: Vec::new(),
        type_names: BTreeMap::new(),
        enums: BTreeMap::new(),
        resolved_types: HashMap::new(),
        pending_enum_values: Vec::new(),
        protocol: loaded.service.protocol,
        broken: BTreeSet::new(),
    };
    let service = cx.service(loaded);
    let warnings = std::mem::take(&mut cx.warnings);
    if diags.errors.len() > before {
        (None, warnings)
    } else {
        (Some(service), warnings)
    }
}

/// Where an enum's values were collected from, to merge them in a stable order.
struct EnumAcc {
    /// (file, spec path) of the first declaration, for messages.
    first: (String, String),
    values: Vec<EnumValue>,
    used_at: Vec<(String, String)>,
}

struct Resolver<'a> {
    diags: &'a mut Diagnostics,
    warnings: Vec<String>,
    /// Data type name -> declaring file.
    type_names: BTreeMap<String, String>,
    enums: BTreeMap<String, EnumAcc>,
    /// Resolved fields of each data type, for walking example paths.
    resolved_types: HashMap<String, Vec<Field>>,
    /// (file, path, enum, value) of defaults and example values, checked after all enums merged.
    pending_enum_values: Vec<(String, String, String, String)>,
    /// The service's wire protocol (array index base, response envelope).
    protocol: crate::spec::ProtocolSpec,
    /// (struct, field) pairs whose own error was reported: examples naming them stay quiet.
    broken: BTreeSet<(String, String)>,
}

impl Resolver<'_> {
    fn error(&mut self, file: &str, path: &str, message: impl Into<String>) {
        self.diags.push(SpecError::new(file, path, message));
    }

    fn service(&mut self, loaded: &LoadedService) -> Service {
        let spec = &loaded.service;
        let file = loaded.service_file.as_str();
        let module_path: Vec<String> = spec.module.split("::").map(str::to_owned).collect();
        for segment in &module_path {
            let ok = !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !segment.starts_with(|c: char| c.is_ascii_digit())
                && !naming::is_keyword(segment);
            if !ok {
                self.error(
                    file,
                    "module",
                    format!("'{}' is not a valid Rust module path", spec.module),
                );
            }
        }
        if spec.endpoint.host.is_empty() {
            self.error(file, "endpoint.host", "must not be empty");
        }
        if let Some(pattern) = &spec.endpoint.regional_host {
            if !pattern.contains("{region}") {
                self.error(file, "endpoint.regional_host", "must contain '{region}'");
            }
        }

        // Data type names first, so fields can reference types declared in later files.
        for (type_file, ty) in &loaded.types {
            let path = format!("types.{}", ty.name);
            if let Err(why) = naming::check_type_name(&ty.name) {
                self.error(type_file, &path, why);
            }
            if let Some(previous) = self.type_names.insert(ty.name.clone(), type_file.clone()) {
                self.error(
                    type_file,
                    &path,
                    format!("duplicate data type (also declared in {previous})"),
                );
            }
        }
        let action_names: BTreeSet<&str> = loaded
            .actions
            .iter()
            .map(|(_, a)| a.name.as_str())
            .collect();

        let mut common_errors = Vec::new();
        let mut seen_codes = HashMap::new();
        for (i, e) in spec.errors.iter().enumerate() {
            let path = format!("errors[{i}]");
            common_errors.push(self.error_code(file, &path, e, &mut seen_codes));
        }

        let mut types = Vec::new();
        for (type_file, ty) in &loaded.types {
            let path = format!("types.{}", ty.name);
            let fields = self.fields(type_file, &format!("{path}.fields"), &ty.fields, &ty.name);
            for (i, user) in ty.used_by.iter().enumerate() {
                if !action_names.contains(user.as_str()) {
                    self.error(
                        type_file,
                        &format!("{path}.used_by[{i}]"),
                        format!("unknown action '{user}'"),
                    );
                }
            }
            self.resolved_types.insert(ty.name.clone(), fields.clone());
            types.push(DataType {
                name: ty.name.clone(),
                doc: ty.doc.clone(),
                used_by: ty.used_by.clone(),
                fields,
            });
        }

        let mut actions = Vec::new();
        let mut snakes: HashMap<String, String> = HashMap::new();
        for (action_file, spec_action) in &loaded.actions {
            let path = format!("actions.{}", spec_action.name);
            let expected_file = format!("{}.yaml", spec_action.name);
            if !action_file.ends_with(&format!("/{expected_file}")) {
                self.error(
                    action_file,
                    &format!("{path}.name"),
                    format!(
                        "action '{}' must live in actions/{expected_file}",
                        spec_action.name
                    ),
                );
            }
            if let Some(action) = self.action(action_file, &path, spec_action, &common_errors) {
                if let Some(other) = snakes.insert(action.snake.clone(), action.name.clone()) {
                    self.error(
                        action_file,
                        &path,
                        format!(
                            "name collides with action '{other}' after case conversion ('{}')",
                            action.snake
                        ),
                    );
                }
                actions.push(action);
            }
        }

        let waiters = match &loaded.waiters {
            Some((file, spec)) => self.waiters(file, spec, &actions),
            None => Vec::new(),
        };
        let enums = self.finish_enums();
        self.check_namespace(loaded, &actions, &enums);
        self.cross_check_used_by(&types, &actions);

        Service {
            spec_dir: loaded.dir.clone(),
            name: spec.name.clone(),
            title: spec.title.clone(),
            doc: spec.doc.clone(),
            module_path,
            feature: spec.feature.clone(),
            version: spec.version.clone(),
            protocol: spec.protocol,
            host: spec.endpoint.host.clone(),
            regional_host: spec.endpoint.regional_host.clone(),
            path: spec.endpoint.path.clone(),
            regional_only: spec.endpoint.regional_only.clone(),
            signing_name: spec
                .signing_name
                .clone()
                .unwrap_or_else(|| spec.name.clone()),
            regions: spec
                .regions
                .iter()
                .map(|r| Region {
                    name: r.name.clone(),
                    doc: r.doc.clone(),
                })
                .collect(),
            common_errors,
            actions,
            types,
            enums,
            waiters,
        }
    }

    fn waiters(
        &mut self,
        file: &str,
        spec: &crate::spec::WaitersFile,
        actions: &[Action],
    ) -> Vec<Waiter> {
        let mut out: Vec<Waiter> = Vec::new();
        for w in &spec.waiters {
            let path = format!("waiters.{}", w.name);
            if let Err(why) = naming::check_type_name(&w.name) {
                self.error(file, &path, why);
                continue;
            }
            if out.iter().any(|o| o.name == w.name) {
                self.error(file, &path, format!("duplicate waiter '{}'", w.name));
                continue;
            }
            for (i, after) in w.after.iter().enumerate() {
                if !actions.iter().any(|a| &a.name == after) {
                    self.error(
                        file,
                        &format!("{path}.after[{i}]"),
                        format!("unknown action '{after}'"),
                    );
                }
            }
            let Some(poll) = actions.iter().position(|a| a.name == w.poll) else {
                self.error(
                    file,
                    &format!("{path}.poll"),
                    format!("unknown action '{}'", w.poll),
                );
                continue;
            };
            let action = &actions[poll];
            let is_strings = |t: &TypeRef| *t == TypeRef::Array(Box::new(TypeRef::String));
            let ids_param = self.find_field(
                file,
                &format!("{path}.ids_param"),
                &action.input,
                &w.ids_param,
                is_strings,
                "an `Array of String` input param",
            );
            let limit_param = w.limit_param.as_ref().and_then(|limit| {
                self.find_field(
                    file,
                    &format!("{path}.limit_param"),
                    &action.input,
                    limit,
                    |t| *t == TypeRef::Integer,
                    "an Integer input param",
                )
            });
            let is_struct_array = |t: &TypeRef| matches!(t, TypeRef::Array(inner) if matches!(**inner, TypeRef::Struct(_)));
            let items = self.find_field(
                file,
                &format!("{path}.items"),
                &action.output,
                &w.items,
                is_struct_array,
                "an output array of a data type",
            );
            let (Some(ids_param), Some(items)) = (ids_param, items) else {
                continue;
            };
            let TypeRef::Struct(item_type) = action.output[items].ty.element().clone() else {
                continue;
            };
            let fields = self
                .resolved_types
                .get(&item_type)
                .cloned()
                .unwrap_or_default();
            let mut field = |name: &str, key: &str| -> Option<String> {
                let found = fields.iter().find(|f| {
                    f.wire_name == name && matches!(f.ty, TypeRef::String | TypeRef::Enum(_))
                });
                if found.is_none() {
                    self.error(
                        file,
                        &format!("{path}.{key}"),
                        format!("'{name}' is not a String field of data type {item_type}"),
                    );
                }
                found.map(|f| f.rust_name.clone())
            };
            let (Some(id_field), Some(state_field)) = (
                field(&w.id_field, "id_field"),
                field(&w.state_field, "state_field"),
            ) else {
                continue;
            };
            if w.success.is_empty() {
                self.error(file, &format!("{path}.success"), "needs at least one state");
            }
            if w.min_delay_ms == 0 || w.min_delay_ms > w.max_delay_ms || w.max_wait_secs == 0 {
                self.error(
                    file,
                    &path,
                    "delays must satisfy 0 < min_delay_ms <= max_delay_ms, and max_wait_secs > 0",
                );
            }
            out.push(Waiter {
                name: w.name.clone(),
                method: format!("wait_until_{}", naming::action_snake(&w.name)),
                constant: naming::action_snake(&w.name).to_ascii_uppercase(),
                doc: w.doc.clone(),
                after: w.after.clone(),
                poll,
                ids_param,
                limit_param,
                items,
                id_field,
                state_field,
                success: w.success.clone(),
                failure: w.failure.clone(),
                retry_on: w.retry_on.clone(),
                min_delay_ms: w.min_delay_ms,
                max_delay_ms: w.max_delay_ms,
                max_wait_secs: w.max_wait_secs,
            });
        }
        out
    }

    fn error_code(
        &mut self,
        file: &str,
        path: &str,
        spec: &crate::spec::ErrorSpec,
        seen: &mut HashMap<String, String>,
    ) -> ErrorCode {
        let (code, doc) = (spec.code.as_str(), spec.doc.as_str());
        let valid = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-');
        if !valid {
            self.error(file, path, format!("invalid error code '{code}'"));
        }
        let variant = match &spec.name {
            Some(name) => {
                if let Err(why) = naming::check_type_name(name) {
                    self.error(file, &format!("{path}.name"), why);
                }
                name.clone()
            }
            None if code.starts_with(|c: char| c.is_ascii_digit()) => {
                self.error(
                    file,
                    path,
                    format!("numeric error code '{code}' needs a `name:` for its variant"),
                );
                naming::variant_name(code)
            }
            None => naming::variant_name(code),
        };
        if variant == "Unhandled" {
            self.error(
                file,
                path,
                format!("error code '{code}' collides with the catch-all variant 'Unhandled'"),
            );
        }
        if let Some(other) = seen.insert(variant.clone(), code.to_owned()) {
            if other == code {
                self.error(file, path, format!("duplicate error code '{code}'"));
            } else {
                self.error(file, path, format!("error code '{code}' collides with '{other}' after case conversion ('{variant}')"));
            }
        }
        ErrorCode {
            code: code.to_owned(),
            variant,
            doc: doc.to_owned(),
        }
    }

    fn action(
        &mut self,
        file: &str,
        path: &str,
        spec: &crate::spec::ActionSpec,
        common_errors: &[ErrorCode],
    ) -> Option<Action> {
        if let Err(why) = naming::check_type_name(&spec.name) {
            self.error(file, &format!("{path}.name"), why);
            return None;
        }
        let rate_limit = match spec.rate_limit.as_u64() {
            Some(n) if n >= 1 && n <= u64::from(u32::MAX) => n as u32,
            _ => {
                let shown = serde_yaml::to_string(&spec.rate_limit).unwrap_or_default();
                self.error(
                    file,
                    &format!("{path}.rate_limit"),
                    format!(
                        "must be a positive whole number of requests per second, found '{}'",
                        shown.trim()
                    ),
                );
                1
            }
        };
        let input = self.fields(
            file,
            &format!("{path}.input"),
            &spec.input,
            &format!("{}Request", spec.name),
        );
        let output = self.fields(
            file,
            &format!("{path}.output"),
            &spec.output,
            &format!("{}Response", spec.name),
        );
        if let Some(f) = output.iter().find(|f| f.wire_name == "RequestId") {
            self.error(
                file,
                &format!("{path}.output.{}", f.wire_name),
                "RequestId is part of every response; do not list it",
            );
        }

        let idempotency_token = spec.idempotency_token.as_ref().and_then(|name| {
            let found = input
                .iter()
                .position(|f| &f.wire_name == name && f.ty == TypeRef::String);
            if found.is_none() {
                self.error(
                    file,
                    &format!("{path}.idempotency_token"),
                    format!("'{name}' is not a String input param"),
                );
            }
            found
        });
        let pagination = spec.pagination.as_ref().and_then(|p| {
            let ppath = format!("{path}.pagination");
            let offset = self.find_field(
                file,
                &format!("{ppath}.offset"),
                &input,
                &p.offset,
                |t| *t == TypeRef::Integer,
                "an Integer input param",
            );
            let limit = self.find_field(
                file,
                &format!("{ppath}.limit"),
                &input,
                &p.limit,
                |t| *t == TypeRef::Integer,
                "an Integer input param",
            );
            let total = self.find_field(
                file,
                &format!("{ppath}.total_count"),
                &output,
                &p.total_count,
                |t| *t == TypeRef::Integer,
                "an Integer output field",
            );
            let items = self.find_field(
                file,
                &format!("{ppath}.items"),
                &output,
                &p.items,
                |t| matches!(t, TypeRef::Array(_)),
                "an array output field",
            );
            Some(Pagination {
                offset: offset?,
                limit: limit?,
                total_count: total?,
                items: items?,
            })
        });

        let mut seen_codes: HashMap<String, String> = HashMap::new();
        let mut errors = Vec::new();
        for (i, e) in spec.errors.iter().enumerate() {
            errors.push(self.error_code(file, &format!("{path}.errors[{i}]"), e, &mut seen_codes));
        }
        // Common codes share the enum: they must not collide with the action's own codes after case conversion.
        for common in common_errors {
            if let Some(own) = seen_codes.get(&common.variant) {
                if own != &common.code {
                    self.error(file, &format!("{path}.errors"), format!("error code '{own}' collides with common code '{}' after case conversion", common.code));
                }
            }
        }

        let examples = spec
            .examples
            .iter()
            .enumerate()
            .filter_map(|(i, ex)| {
                let owner = format!("{}Request", spec.name);
                self.example(
                    file,
                    &format!("{path}.examples[{i}]"),
                    ex,
                    &input,
                    &output,
                    &owner,
                )
            })
            .collect();

        Some(Action {
            name: spec.name.clone(),
            snake: naming::action_snake(&spec.name),
            doc: spec.doc.clone(),
            rate_limit,
            region_required: spec.region.unwrap_or(RegionRequirement::Required)
                == RegionRequirement::Required,
            finance_regions: spec.finance_regions,
            read_only: spec.read_only.unwrap_or_else(|| {
                ["Describe", "InquiryPrice", "Get", "List", "Query"]
                    .iter()
                    .any(|p| spec.name.starts_with(p))
            }),
            idempotency_token,
            pagination,
            input,
            output,
            errors,
            examples,
        })
    }

    fn find_field(
        &mut self,
        file: &str,
        path: &str,
        fields: &[Field],
        name: &str,
        ok: impl Fn(&TypeRef) -> bool,
        what: &str,
    ) -> Option<usize> {
        let found = fields.iter().position(|f| f.wire_name == name && ok(&f.ty));
        if found.is_none() {
            self.error(file, path, format!("'{name}' is not {what}"));
        }
        found
    }

    /// Resolves params or fields of one struct (`owner` is the Rust struct name, for messages).
    fn fields(&mut self, file: &str, path: &str, specs: &[ParamSpec], owner: &str) -> Vec<Field> {
        let mut out = Vec::new();
        let mut wire_seen = BTreeSet::new();
        let mut rust_seen: HashMap<String, String> = HashMap::new();
        for p in specs {
            let fpath = format!("{path}.{}", p.name);
            let name_ok = !p.name.is_empty()
                && p.name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !name_ok {
                let hint = if p.name.ends_with(".N") {
                    " (write arrays as `Name` with `type: Array of X`)"
                } else {
                    ""
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
            let rust_name = naming::field_name(&p.name);
            if let Some(other) = rust_seen.insert(rust_name.clone(), p.name.clone()) {
                self.error(file, &fpath, format!("'{}' collides with '{other}' after case conversion ('{rust_name}' in {owner})", p.name));
                continue;
            }
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
            if p.min.is_some() || p.max.is_some() {
                if !matches!(ty, TypeRef::Integer | TypeRef::Float) {
                    self.error(file, &fpath, "min/max apply only to Integer and Float");
                } else if let (Some(min), Some(max)) = (p.min, p.max) {
                    if min > max {
                        self.error(file, &fpath, format!("min {min} is greater than max {max}"));
                    }
                }
            }
            if let Some(default) = &p.default {
                self.check_value(file, &format!("{fpath}.default"), &ty, default);
            }
            out.push(Field {
                wire_name: p.name.clone(),
                rust_name,
                doc: p.doc.clone(),
                ty,
                required: p.required,
                sensitive: p.sensitive,
                default: p.default.clone(),
                min: p.min,
                max: p.max,
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
            name => {
                let scalars = ["String", "Integer", "Float", "Boolean", "Timestamp"];
                let hint = closest(
                    name,
                    self.type_names.keys().map(String::as_str).chain(scalars),
                )
                .map(|c| format!(" (did you mean '{c}'?)"))
                .unwrap_or_default();
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

    fn check_value(&mut self, file: &str, path: &str, ty: &TypeRef, value: &str) {
        if let TypeRef::Enum(name) = ty {
            self.pending_enum_values.push((
                file.to_owned(),
                path.to_owned(),
                name.clone(),
                value.to_owned(),
            ));
        } else if let Err(why) = check_scalar(ty, value) {
            self.error(file, path, why);
        }
    }

    fn declare_enum(&mut self, file: &str, path: &str, name: &str, p: &ParamSpec) {
        let acc = self
            .enums
            .entry(name.to_owned())
            .or_insert_with(|| EnumAcc {
                first: (file.to_owned(), path.to_owned()),
                values: Vec::new(),
                used_at: Vec::new(),
            });
        acc.used_at.push((file.to_owned(), path.to_owned()));
        let mut local = BTreeSet::new();
        let mut new_values = Vec::new();
        let mut problems = Vec::new();
        for (i, v) in p.values.iter().enumerate() {
            let vpath = format!("{path}.values[{i}]");
            if v.value.is_empty() {
                problems.push((vpath, "empty enum value".to_owned()));
                continue;
            }
            if !local.insert(v.value.clone()) {
                problems.push((vpath, format!("duplicate value '{}'", v.value)));
                continue;
            }
            let variant = naming::variant_name(&v.value);
            if variant == "Unknown" {
                problems.push((
                    vpath,
                    format!(
                        "value '{}' collides with the catch-all variant 'Unknown'",
                        v.value
                    ),
                ));
                continue;
            }
            if variant.is_empty() || naming::check_type_name(&variant).is_err() {
                problems.push((
                    vpath,
                    format!("value '{}' does not make a Rust variant name", v.value),
                ));
                continue;
            }
            match acc.values.iter().chain(&new_values).find(|e| e.variant == variant) {
                Some(existing) if existing.wire == v.value => {}
                Some(existing) => problems.push((
                    vpath,
                    format!("value '{}' collides with '{}' of enum {name} after case conversion ('{variant}')", v.value, existing.wire),
                )),
                None => new_values.push(EnumValue { wire: v.value.clone(), variant, doc: v.doc.clone() }),
            }
        }
        acc.values.extend(new_values);
        for (vpath, message) in problems {
            self.error(file, &vpath, message);
        }
    }

    fn finish_enums(&mut self) -> Vec<EnumDef> {
        let mut out = Vec::new();
        for (file, path, name, value) in std::mem::take(&mut self.pending_enum_values) {
            let known = self
                .enums
                .get(&name)
                .is_some_and(|acc| acc.values.iter().any(|v| v.wire == value));
            if !known {
                self.error(
                    &file,
                    &path,
                    format!("'{value}' is not a documented value of enum {name}"),
                );
            }
        }
        let enums = std::mem::take(&mut self.enums);
        for (name, acc) in enums {
            if acc.values.is_empty() {
                let (file, path) = &acc.first;
                self.error(
                    file,
                    &format!("{path}.enum"),
                    format!("enum '{name}' has no values anywhere in the spec"),
                );
                continue;
            }
            if let Some(type_file) = self.type_names.get(&name) {
                let (file, path) = &acc.first;
                let message = format!(
                    "enum '{name}' has the same name as the data type declared in {type_file}"
                );
                self.error(file, &format!("{path}.enum"), message);
                continue;
            }
            out.push(EnumDef {
                name,
                values: acc.values,
                used_at: acc.used_at,
            });
        }
        out
    }

    /// Every name the generated module declares must be unique.
    fn check_namespace(&mut self, loaded: &LoadedService, actions: &[Action], enums: &[EnumDef]) {
        let mut names: HashMap<String, String> = HashMap::new();
        let reserved = ["Client", "SERVICE", "Error"];
        for r in reserved {
            names.insert(r.to_owned(), "the generated module itself".to_owned());
        }
        let mut claim =
            |name: String, owner: String, file: &str, path: &str, diags: &mut Diagnostics| {
                if let Some(previous) = names.insert(name.clone(), owner.clone()) {
                    diags.push(SpecError::new(
                        file,
                        path,
                        format!("generated name '{name}' of {owner} collides with {previous}"),
                    ));
                }
            };
        for (file, ty) in &loaded.types {
            let path = format!("types.{}", ty.name);
            claim(
                ty.name.clone(),
                format!("data type {}", ty.name),
                file,
                &path,
                self.diags,
            );
            claim(
                format!("{}Builder", ty.name),
                format!("the builder of data type {}", ty.name),
                file,
                &path,
                self.diags,
            );
        }
        for e in enums {
            let (file, path) = &e.used_at[0];
            claim(
                e.name.clone(),
                format!("enum {}", e.name),
                file,
                &format!("{path}.enum"),
                self.diags,
            );
        }
        for (file, spec_action) in &loaded.actions {
            let Some(a) = actions.iter().find(|a| a.name == spec_action.name) else {
                continue;
            };
            let path = format!("actions.{}", a.name);
            for suffix in ["Request", "RequestBuilder", "Response", "Error"] {
                claim(
                    format!("{}{suffix}", a.name),
                    format!("action {}", a.name),
                    file,
                    &path,
                    self.diags,
                );
            }
        }
    }

    fn cross_check_used_by(&mut self, types: &[DataType], actions: &[Action]) {
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

    fn example(
        &mut self,
        file: &str,
        path: &str,
        ex: &ExampleSpec,
        input: &[Field],
        output: &[Field],
        owner: &str,
    ) -> Option<Example> {
        let before = self.diags.errors.len();
        let mut leaves: BTreeMap<Vec<String>, ()> = BTreeMap::new();
        for (key, value) in &ex.input {
            let kpath = format!("{path}.input.{key}");
            let segments: Vec<&str> = key.split('.').collect();
            match self.resolve_example_path(&segments, input, owner) {
                Ok(ty) => self.check_value(file, &kpath, &ty, value),
                Err(Some(why)) => self.error(file, &kpath, why),
                Err(None) => {}
            }
            leaves.insert(segments.iter().map(|s| s.to_string()).collect(), ());
        }
        // Array indices must be 0, 1, 2 ... without gaps, at every level.
        let mut indices: BTreeMap<Vec<String>, BTreeSet<usize>> = BTreeMap::new();
        for key in leaves.keys() {
            for (i, seg) in key.iter().enumerate() {
                if let Ok(n) = seg.parse::<usize>() {
                    indices.entry(key[..i].to_vec()).or_default().insert(n);
                }
            }
        }
        for (prefix, set) in indices {
            let base = self.protocol.index_base();
            let expected: BTreeSet<usize> = (base..base + set.len()).collect();
            if set != expected {
                let message = format!(
                    "array indices must run {base}, {}, ... without gaps, found {set:?}",
                    base + 1
                );
                self.error(file, &format!("{path}.input.{}", prefix.join(".")), message);
            }
        }
        let given: BTreeSet<&str> = ex
            .input
            .keys()
            .map(|k| k.split('.').next().unwrap_or_default())
            .collect();
        let mut missing_required = Vec::new();
        for f in input
            .iter()
            .filter(|f| f.required && !given.contains(f.wire_name.as_str()))
        {
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
        let parsed = ex.output.as_ref().and_then(|text| {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(value) => Some(value),
                Err(err) => {
                    self.error(
                        file,
                        &format!("{path}.output"),
                        format!("invalid JSON: {err}"),
                    );
                    None
                }
            }
        });
        if let Some(value) = &parsed {
            let protocol = self.protocol;
            match protocol.output_object(value) {
                Some(response) => {
                    for key in response.keys() {
                        let documented = protocol.envelope_fields().contains(&key.as_str())
                            || output.iter().any(|f| &f.wire_name == key);
                        if !documented {
                            self.warnings.push(format!("{file}: {path}.output: field '{key}' is not a documented output field"));
                        }
                    }
                }
                None => self.error(
                    file,
                    &format!("{path}.output"),
                    format!("expected {}", protocol.envelope_shape()),
                ),
            }
        }
        if self.diags.errors.len() > before {
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

    /// The leaf type a flattened example key addresses, e.g. `DataDisks.0.DiskSize` -> Integer.
    /// The leaf type a flattened example key addresses, e.g. `DataDisks.0.DiskSize` -> Integer.
    /// `Err(None)` when the key runs into a param or field whose own error was already reported.
    fn resolve_example_path(
        &self,
        segments: &[&str],
        input: &[Field],
        owner: &str,
    ) -> Result<TypeRef, Option<String>> {
        let (first, rest) = segments.split_first().ok_or(Some("empty key".to_owned()))?;
        let Some(field) = input.iter().find(|f| f.wire_name == *first) else {
            if self.broken.contains(&(owner.to_owned(), first.to_string())) {
                return Err(None);
            }
            let hint = closest(first, input.iter().map(|f| f.wire_name.as_str()))
                .map(|c| format!(" (did you mean '{c}'?)"))
                .unwrap_or_default();
            return Err(Some(format!("unknown param '{first}'{hint}")));
        };
        let mut ty = field.ty.clone();
        let mut walked = first.to_string();
        for seg in rest {
            ty = match ty {
                TypeRef::Array(inner) => {
                    seg.parse::<usize>().map_err(|_| {
                        Some(format!(
                            "'{walked}' is an array: expected an index, found '{seg}'"
                        ))
                    })?;
                    *inner
                }
                TypeRef::Struct(name) => {
                    let fields = self.resolved_types.get(&name).ok_or(None)?;
                    let Some(f) = fields.iter().find(|f| f.wire_name == *seg) else {
                        if self.broken.contains(&(name.clone(), seg.to_string())) {
                            return Err(None);
                        }
                        let hint = closest(seg, fields.iter().map(|f| f.wire_name.as_str()))
                            .map(|c| format!(" (did you mean '{c}'?)"))
                            .unwrap_or_default();
                        return Err(Some(format!(
                            "unknown field '{seg}' of data type {name}{hint}"
                        )));
                    };
                    f.ty.clone()
                }
                _ => return Err(Some(format!("'{walked}' is a scalar; it has no '{seg}'"))),
            };
            walked.push('.');
            walked.push_str(seg);
        }
        match ty {
            TypeRef::Array(_) => Err(Some(format!(
                "'{walked}' is an array: add an index ('{walked}.0')"
            ))),
            TypeRef::Struct(name) => Err(Some(format!(
                "'{walked}' is data type {name}: name one of its fields"
            ))),
            leaf => Ok(leaf),
        }
    }
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

/// Checks a documented scalar (an example value or a default) against its type.
/// Enum values are checked later, once every file's values are merged.
fn check_scalar(ty: &TypeRef, value: &str) -> Result<(), String> {
    match ty {
        TypeRef::Integer => value
            .parse::<i64>()
            .map(drop)
            .map_err(|_| format!("'{value}' is not an Integer")),
        TypeRef::Float => value
            .parse::<f64>()
            .map(drop)
            .map_err(|_| format!("'{value}' is not a Float")),
        TypeRef::Boolean => match value.to_ascii_lowercase().as_str() {
            "true" | "false" | "1" | "0" => Ok(()),
            _ => Err(format!("'{value}' is not a Boolean (true/false/1/0)")),
        },
        _ => Ok(()),
    }
}

/// The candidate with the smallest edit distance, when it is close enough to be a likely typo.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                edit_distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
