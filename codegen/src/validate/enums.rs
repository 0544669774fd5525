//! Documented value sets: the same enum name on several params and fields is one Rust enum with
//! the union of their values; values documented elsewhere (defaults, examples, waiter states) must
//! be among them.

use std::collections::BTreeSet;

use super::{did_you_mean, Resolver};
use crate::ir::{EnumDef, EnumValue};
use crate::naming;
use crate::spec::ParamSpec;

/// Where an enum's values were collected from, to merge them in a stable order.
pub(super) struct EnumAcc {
    /// (file, spec path) of the first declaration, for messages.
    first: (String, String),
    values: Vec<EnumValue>,
    used_at: Vec<(String, String)>,
    /// Wire values whose own error was reported: naming them elsewhere adds nothing.
    rejected: BTreeSet<String>,
}

/// A value documented outside the enum's value lists, checked once all lists are merged.
pub(super) struct PendingValue {
    file: String,
    path: String,
    enum_name: String,
    value: String,
}

impl Resolver<'_> {
    /// Records a documented value of enum `name` (checked by [`Self::finish_enums`]).
    pub(super) fn expect_enum_value(&mut self, file: &str, path: &str, name: &str, value: &str) {
        self.pending_enum_values.push(PendingValue {
            file: file.to_owned(),
            path: path.to_owned(),
            enum_name: name.to_owned(),
            value: value.to_owned(),
        });
    }

    /// Adds the values a param or field documents for enum `name`.
    pub(super) fn declare_enum(&mut self, file: &str, path: &str, name: &str, p: &ParamSpec) {
        let acc = self
            .enums
            .entry(name.to_owned())
            .or_insert_with(|| EnumAcc {
                first: (file.to_owned(), path.to_owned()),
                values: Vec::new(),
                used_at: Vec::new(),
                rejected: BTreeSet::new(),
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
            let variant = naming::variant_name_besides(&v.value, &[naming::ENUM_CATCH_ALL]);
            if let Err(why) = check_variant(&variant) {
                problems.push((
                    vpath,
                    format!(
                        "value '{}' does not make a Rust variant name ({why})",
                        v.value
                    ),
                ));
                acc.rejected.insert(v.value.clone());
                continue;
            }
            match acc
                .values
                .iter()
                .chain(&new_values)
                .find(|e| e.variant == variant)
            {
                Some(existing) if existing.wire == v.value => {}
                Some(existing) => {
                    problems.push((
                        vpath,
                        format!("value '{}' collides with '{}' of enum {name} after case conversion ('{variant}')", v.value, existing.wire),
                    ));
                    acc.rejected.insert(v.value.clone());
                }
                None => new_values.push(EnumValue {
                    wire: v.value.clone(),
                    variant,
                    doc: v.doc.clone(),
                }),
            }
        }
        acc.values.extend(new_values);
        for (vpath, message) in problems {
            self.error(file, &vpath, message);
        }
    }

    /// The merged enums, once every file declared its values; checks the pending values.
    pub(super) fn finish_enums(&mut self) -> Vec<EnumDef> {
        for pending in std::mem::take(&mut self.pending_enum_values) {
            let Some(acc) = self.enums.get(&pending.enum_name) else {
                continue; // the enum itself was rejected
            };
            let known = acc.values.iter().any(|v| v.wire == pending.value);
            if known || acc.rejected.contains(&pending.value) || acc.values.is_empty() {
                continue;
            }
            let hint = did_you_mean(&pending.value, acc.values.iter().map(|v| v.wire.as_str()));
            self.error(
                &pending.file,
                &pending.path,
                format!(
                    "'{}' is not a documented value of enum {}{hint}",
                    pending.value, pending.enum_name
                ),
            );
        }
        let enums = std::mem::take(&mut self.enums);
        let mut out = Vec::new();
        for (name, acc) in enums {
            if acc.values.is_empty() {
                if acc.rejected.is_empty() && !self.lost_value_sets {
                    let (file, path) = &acc.first;
                    self.error(
                        file,
                        &format!("{path}.enum"),
                        format!("enum '{name}' has no values anywhere in the spec"),
                    );
                }
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
}

/// A variant name made of a wire value: an ASCII identifier starting with an upper-case letter
/// (escaped ones end with `_`).
fn check_variant(variant: &str) -> Result<(), String> {
    if variant.is_empty() {
        return Err("it has no ASCII letter or digit".to_owned());
    }
    let ok = variant.starts_with(|c: char| c.is_ascii_uppercase())
        && variant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!("'{variant}' is not an ASCII identifier"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;

    fn values(list: &str) -> TestSpec {
        TestSpec::new().edit_action(
            "CreateWidget",
            "      - value: SMALL\n      - value: LARGE\n",
            list,
        )
    }

    #[test]
    fn wire_values_become_variants_escaped_where_needed() {
        let service = values("      - value: SMALL\n      - value: UNKNOWN\n      - value: self\n      - value: \"10\"\n")
            .resolve()
            .unwrap();
        let variants: Vec<&str> = service.enums[0]
            .values
            .iter()
            .map(|v| v.variant.as_str())
            .collect();
        assert_eq!(variants, ["Small", "Unknown_", "Self_", "V10"]);
    }

    #[test]
    fn values_that_make_no_variant() {
        for (value, why) in [
            ("\"*\"", "value '*' does not make a Rust variant name (it has no ASCII letter or digit)"),
            ("中文", "value '中文' does not make a Rust variant name ('中文' is not an ASCII identifier)"),
            ("\"\"", "empty enum value"),
        ] {
            values(&format!("      - value: SMALL\n      - value: {value}\n"))
                .rejects(&["input.Size.values[1]: ", why]);
        }
    }

    #[test]
    fn colliding_and_duplicate_values() {
        values("      - value: SMALL\n      - value: Small\n")
            .rejects(&["input.Size.values[1]: value 'Small' collides with 'SMALL' of enum WidgetSize after case conversion ('Small')"]);
        values("      - value: SMALL\n      - value: SMALL\n")
            .rejects(&["input.Size.values[1]: duplicate value 'SMALL'"]);
        values("      - value: Self\n      - value: Self_\n").rejects(&[
            "value 'Self_' collides with 'Self' of enum WidgetSize after case conversion ('Self_')",
        ]);
    }

    #[test]
    fn a_rejected_value_adds_no_follow_on_errors() {
        values("      - value: \"*\"\n    default: \"*\"\n")
            .rejects(&["input.Size.values[0]: value '*' does not make a Rust variant name"]);
    }

    #[test]
    fn enum_needs_values_somewhere_and_its_own_name() {
        values("")
            .edit_action("CreateWidget", "    values:\n", "")
            .rejects(&["input.Size.enum: enum 'WidgetSize' has no values anywhere in the spec"]);
        TestSpec::new()
            .edit_action("CreateWidget", "enum: WidgetSize", "enum: Tag")
            .rejects(&["input.Size.enum: enum 'Tag' has the same name as the data type declared in spec/demo/v1/types/Tag.yaml"]);
        TestSpec::new()
            .edit_action("CreateWidget", "enum: WidgetSize", "enum: widgetSize")
            .rejects(&["input.Size.enum: 'widgetSize' must start with an upper-case ASCII letter"]);
        TestSpec::new()
            .edit_action(
                "CreateWidget",
                "type: String\n    enum",
                "type: Integer\n    enum",
            )
            .rejects(&["input.Size.enum: enum 'WidgetSize' needs a String param, not Integer"]);
    }

    #[test]
    fn values_merge_across_files() {
        let service = TestSpec::new()
            .edit_type(
                "Tag",
                "  - name: Value\n    type: String\n",
                "  - name: Value\n    type: String\n    enum: WidgetSize\n    values:\n      - value: HUGE\n",
            )
            .edit_action("CreateWidget", "      - value: LARGE\n", "      - value: LARGE\n    default: HUGE\n")
            .resolve()
            .unwrap();
        let values: Vec<&str> = service.enums[0]
            .values
            .iter()
            .map(|v| v.wire.as_str())
            .collect();
        assert_eq!(values, ["HUGE", "SMALL", "LARGE"]);
    }
}
