//! `cargo xtask drift`: what an official definition says that `spec/` does not (and the reverse):
//! new and removed actions, params and fields, changed types and required flags, new, removed and
//! renamed error codes, and documented values the spec lacks.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use codegen::ir::{Action, DataType, Field, Service, TypeRef};
use serde::Serialize;

use crate::official::{documented_values, Definition, Member};

/// One difference between the spec and the official definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Difference {
    /// `new_action`, `removed_action`, `new_param`, `removed_param`, `new_field`, `removed_field`,
    /// `changed_type`, `changed_required`, `new_error_code`, `removed_error_code`,
    /// `renamed_error_code`, `changed_values`.
    pub kind: &'static str,
    /// Where: `RunInstances`, `RunInstances.input.Placement`, `types.Instance.Uuid`, an error code.
    pub at: String,
    /// What the spec says (type, flag, code, values), when it says something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// What the official definition says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official: Option<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub service: String,
    pub version: String,
    pub spec_dir: String,
    pub differences: Vec<Difference>,
}

fn diff(
    kind: &'static str,
    at: String,
    spec: Option<String>,
    official: Option<String>,
) -> Difference {
    Difference {
        kind,
        at,
        spec,
        official,
    }
}

/// Compares the service of `definition` in `services` with it.
pub fn compare(services: &[Service], definition: &Definition) -> Result<Drift> {
    let Some(service) = services
        .iter()
        .find(|s| s.name == definition.service && s.version == definition.version)
    else {
        bail!(
            "spec/ has no service {} version {} (the definition's metadata)",
            definition.service,
            definition.version
        );
    };
    let mut out = Vec::new();
    let spec_actions: BTreeMap<&str, &Action> = service
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a))
        .collect();
    for name in definition.actions.keys() {
        if !spec_actions.contains_key(name.as_str()) {
            out.push(diff("new_action", name.clone(), None, None));
        }
    }
    let types: BTreeMap<&str, &DataType> =
        service.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let enums: BTreeMap<&str, Vec<&str>> = service
        .enums
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.values.iter().map(|v| v.wire.as_str()).collect(),
            )
        })
        .collect();
    let cx = Cx { enums: &enums };
    for (name, action) in &spec_actions {
        let Some(official) = definition.actions.get(*name) else {
            out.push(diff("removed_action", (*name).to_owned(), None, None));
            continue;
        };
        cx.members(
            &mut out,
            &format!("{name}.input"),
            &action.input,
            definition.members(&official.input),
            ("new_param", "removed_param"),
            true,
        );
        cx.members(
            &mut out,
            &format!("{name}.output"),
            &action.output,
            definition.members(&official.output),
            ("new_field", "removed_field"),
            false,
        );
    }
    for (name, ty) in &types {
        if let Some(object) = definition.objects.get(*name) {
            cx.members(
                &mut out,
                &format!("types.{name}"),
                &ty.fields,
                &object.members,
                ("new_field", "removed_field"),
                true,
            );
        }
    }
    if let Some(codes) = &definition.error_codes {
        error_codes(service, codes, &mut out);
    }
    out.sort();
    out.dedup();
    Ok(Drift {
        service: service.name.clone(),
        version: service.version.clone(),
        spec_dir: service.spec_dir.clone(),
        differences: out,
    })
}

struct Cx<'a> {
    enums: &'a BTreeMap<&'a str, Vec<&'a str>>,
}

impl Cx<'_> {
    /// Compares `fields` with `members` (`RequestId`, in every response, is neither).
    fn members(
        &self,
        out: &mut Vec<Difference>,
        at: &str,
        fields: &[Field],
        members: &[Member],
        (new, removed): (&'static str, &'static str),
        compare_required: bool,
    ) {
        let by_name: BTreeMap<&str, &Field> =
            fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        let members: Vec<&Member> = members.iter().filter(|m| m.name != "RequestId").collect();
        for member in members.iter().filter(|m| !m.disabled) {
            let here = format!("{at}.{}", member.name);
            let Some(field) = by_name.get(member.name.as_str()) else {
                out.push(diff(new, here, None, Some(member.spec_type())));
                continue;
            };
            let (spec_type, official_type) = (type_name(&field.ty), member.spec_type());
            if wire_type(&spec_type) != wire_type(&official_type) {
                out.push(diff(
                    "changed_type",
                    here.clone(),
                    Some(spec_type),
                    Some(official_type),
                ));
            }
            if compare_required && field.required != member.required {
                out.push(diff(
                    "changed_required",
                    here.clone(),
                    Some(field.required.to_string()),
                    Some(member.required.to_string()),
                ));
            }
            if let TypeRef::Enum(name) = field.ty.element() {
                let official = documented_values(&member.document);
                let spec = self.enums.get(name.as_str()).cloned().unwrap_or_default();
                if official.iter().any(|v| !spec.contains(&v.as_str())) {
                    out.push(diff(
                        "changed_values",
                        here,
                        Some(spec.join(", ")),
                        Some(official.join(", ")),
                    ));
                }
            }
        }
        let official: BTreeSet<&str> = members.iter().map(|m| m.name.as_str()).collect();
        for field in fields {
            if !official.contains(field.wire_name.as_str()) {
                out.push(diff(
                    removed,
                    format!("{at}.{}", field.wire_name),
                    Some(type_name(&field.ty)),
                    None,
                ));
            }
        }
    }
}

/// A spec type as written in spec files (`Array of Tag`; an enum is its `String`).
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::Enum(_) => "String".to_owned(),
        TypeRef::Integer => "Integer".to_owned(),
        TypeRef::Float => "Float".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Timestamp => "Timestamp".to_owned(),
        TypeRef::Struct(name) => name.clone(),
        TypeRef::Array(inner) => format!("Array of {}", type_name(inner)),
    }
}

/// What travels: a Timestamp is a String on the wire, so the two do not differ.
fn wire_type(name: &str) -> String {
    name.replace("Timestamp", "String")
}

fn error_codes(service: &Service, official: &BTreeMap<String, String>, out: &mut Vec<Difference>) {
    let spec: BTreeSet<&str> = service
        .common_errors
        .iter()
        .chain(service.actions.iter().flat_map(|a| &a.errors))
        .map(|e| e.code.as_str())
        .collect();
    let mut new: Vec<&str> = official
        .keys()
        .map(String::as_str)
        .filter(|c| !spec.contains(c))
        .collect();
    let removed: Vec<&str> = spec
        .iter()
        .copied()
        .filter(|c| !official.contains_key(*c))
        .collect();
    for old in removed {
        let best = new
            .iter()
            .enumerate()
            .filter(|(_, candidate)| renamed(old, candidate))
            .max_by_key(|(_, candidate)| common_prefix(old, candidate))
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                let to = new.remove(i);
                out.push(diff(
                    "renamed_error_code",
                    old.to_owned(),
                    Some(old.to_owned()),
                    Some(to.to_owned()),
                ));
            }
            None => out.push(diff(
                "removed_error_code",
                old.to_owned(),
                Some(old.to_owned()),
                None,
            )),
        }
    }
    for code in new {
        out.push(diff(
            "new_error_code",
            code.to_owned(),
            None,
            Some(official[code].clone()),
        ));
    }
}

/// Whether `new` looks like `old` renamed: the same last part under another prefix
/// (`InvalidKeyId.NotFound` -> `InvalidKeyPairId.NotFound`), the old code moved under a prefix
/// (`InvalidPassword` -> `InvalidParameterValue.InvalidPassword`), or a shortened last part under a
/// longer prefix (`InvalidParameter.ValueTooLarge` -> `InvalidParameterValue.TooLarge`).
fn renamed(old: &str, new: &str) -> bool {
    let (old_head, old_last) = old.rsplit_once('.').unwrap_or(("", old));
    let (new_head, new_last) = new.rsplit_once('.').unwrap_or(("", new));
    if old_head.is_empty() {
        return new_last == old_last && !new_head.is_empty();
    }
    if old_last == new_last {
        // The prefix renamed at its end only: `InvalidKeyId` -> `InvalidKeyPairId`.
        return common_prefix(old_head, new_head) + 2 >= old_head.len().min(new_head.len());
    }
    new_head.starts_with(old_head) && old_last.ends_with(new_last) && new_last.len() >= 4
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// The report as text, grouped by kind.
pub fn describe(drift: &Drift) -> String {
    let mut out = format!(
        "drift of {} ({} {}) from the official definition: {} difference(s)\n",
        drift.spec_dir,
        drift.service,
        drift.version,
        drift.differences.len()
    );
    let titles = [
        ("new_action", "actions the spec lacks"),
        ("removed_action", "actions the definition no longer has"),
        ("new_param", "new params"),
        ("removed_param", "params the definition no longer has"),
        ("new_field", "new fields"),
        ("removed_field", "fields the definition no longer has"),
        ("changed_type", "changed types (spec -> official)"),
        (
            "changed_required",
            "changed required flags (spec -> official)",
        ),
        (
            "changed_values",
            "documented values the spec lacks (spec -> official)",
        ),
        (
            "renamed_error_code",
            "renamed error codes (spec -> official)",
        ),
        ("new_error_code", "error codes the spec lacks"),
        (
            "removed_error_code",
            "error codes the definition no longer has",
        ),
    ];
    for (kind, title) in titles {
        let items: Vec<&Difference> = drift
            .differences
            .iter()
            .filter(|d| d.kind == kind)
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title} ({}):\n", items.len()));
        for d in items {
            let detail = match (&d.spec, &d.official, kind) {
                (
                    Some(s),
                    Some(o),
                    "changed_type" | "changed_required" | "changed_values" | "renamed_error_code",
                ) => {
                    format!(": {s} -> {o}")
                }
                (_, Some(o), "new_param" | "new_field") => format!(" ({o})"),
                (_, Some(o), "new_error_code") if !o.is_empty() => format!(" ({o})"),
                _ => String::new(),
            };
            out.push_str(&format!("  {}{detail}\n", d.at));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_the_live_api_made() {
        assert!(renamed(
            "InvalidKeyId.NotFound",
            "InvalidKeyPairId.NotFound"
        ));
        assert!(renamed(
            "InvalidPassword",
            "InvalidParameterValue.InvalidPassword"
        ));
        assert!(renamed(
            "InvalidParameter.ValueTooLarge",
            "InvalidParameterValue.TooLarge"
        ));
        assert!(!renamed(
            "InvalidZone.MismatchRegion",
            "ResourceInsufficient.ZoneSoldOut"
        ));
        assert!(!renamed("LimitExceeded.Foo", "InvalidParameter.Foo"));
        assert!(!renamed("InvalidKeyId.Malformed", "InvalidSgId.Malformed"));
        assert!(!renamed(
            "InvalidKeyName.Duplicate",
            "InvalidParameterValue.Duplicate"
        ));
    }
}
