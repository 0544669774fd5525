//! Every Rust name the generator emits is derived here, in one place.
//!
//! The rule: a name derived from a **wire name** (a param, field, enum value, error code or action
//! name: the API chose it, not the spec's maintainer) is escaped with a trailing `_` when it would
//! be a Rust keyword or would collide with a name the generated code defines itself (`Type` ->
//! `type_`, a param `State` -> `state_`, an action `Client` -> module `client_`). A name the
//! maintainer chooses (data type, enum, waiter, error variant `name:`, module path) is checked and
//! rejected instead ([`check_type_name`]). Validation reports two names that still collide after
//! escaping.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

pub fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

/// Modules and files every generated service module has (`client.rs`, `mod.rs`, ...): an action
/// module must not take their names.
pub const SERVICE_MODULE_ITEMS: &[&str] = &["client", "mock", "types", "enums", "mod"];

/// Methods the generated `Client` defines besides one per action (`clone` would trip clippy's
/// `should_implement_trait`, and shadow `Clone::clone`).
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "from_handle",
    "handle",
    "with_operation_timeout",
    "clone",
];

/// The prefix of waiter methods on the `Client`.
pub const WAITER_PREFIX: &str = "wait_until_";

/// Slots and methods of a request builder besides one setter per param.
pub const REQUEST_BUILDER_ITEMS: &[&str] =
    &["state", "with_state", "build", "send", "into_paginator"];

/// Methods of a data type builder besides one setter per field.
pub const DATA_TYPE_BUILDER_ITEMS: &[&str] = &["build"];

/// Fields every response has besides its documented output fields.
pub const RESPONSE_ITEMS: &[&str] = &["request_id"];

/// Setter names (`fn add(mut self, value: T) -> Self`) that clippy's `should_implement_trait`
/// takes for an operator trait method.
pub const OPERATOR_METHODS: &[&str] = &[
    "add", "sub", "mul", "div", "rem", "bitand", "bitor", "bitxor", "shl", "shr",
];

/// The catch-all variant of value-set enums.
pub const ENUM_CATCH_ALL: &str = "Unknown";

/// The variants of every action's error (`ActionError`) besides `Code`: the catch-all, and the
/// service's common codes. A code enum's variant of either name would read as them, so a code
/// deriving one is escaped and a spec naming one is rejected.
pub const ERROR_VARIANTS: &[&str] = &["Unhandled", "Common"];

/// Which struct a field belongs to: each reserves the names of its own generated members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// An action's request (fields, builder slots and setters).
    Request,
    /// An action's response (fields only).
    Response,
    /// A data type (fields, builder setters).
    DataType,
}

impl Holder {
    /// Names a field of this holder must not take (they are escaped).
    pub fn reserved(self) -> impl Iterator<Item = &'static str> {
        let (own, setters): (&[&str], bool) = match self {
            Holder::Request => (REQUEST_BUILDER_ITEMS, true),
            Holder::Response => (RESPONSE_ITEMS, false),
            Holder::DataType => (DATA_TYPE_BUILDER_ITEMS, true),
        };
        let operators: &[&str] = if setters { OPERATOR_METHODS } else { &[] };
        own.iter().chain(operators).copied()
    }
}

/// `name` with a trailing `_` when it is a keyword or one of `reserved`.
fn escape<'a>(name: String, reserved: impl IntoIterator<Item = &'a str>) -> String {
    if is_keyword(&name) || reserved.into_iter().any(|r| r == name) {
        format!("{name}_")
    } else {
        name
    }
}

/// The snake_case form of a wire name: `InstanceIdSet` -> `instance_id_set`; a leading digit gets
/// an `n` prefix (`10Gbps` -> `n10gbps`). Empty when the name has no letter or digit.
fn snake(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    }
}

/// `InstanceIdSet` -> `instance_id_set`; keywords get a trailing underscore (`Type` -> `type_`).
pub fn field_name(wire: &str) -> String {
    escape(snake(wire), [])
}

/// [`field_name`], also escaping the names `holder` defines itself (`State` in a request ->
/// `state_`, since request builders have a `state` slot).
pub fn field_name_in(wire: &str, holder: Holder) -> String {
    escape(snake(wire), holder.reserved())
}

/// `RunInstances` -> `run_instances` (module and client method name).
pub fn action_snake(action: &str) -> String {
    action.to_snake_case()
}

/// The module, file and client method name of an action in the service module whose last path
/// segment is `parent`: [`action_snake`], escaped when it is a keyword (`Type` -> `type_`), a
/// module or file of the service (`Client` -> `client_`, `Mod` -> `mod_`), a `Client` method
/// (`New` -> `new_`), or `parent` itself (clippy's `module_inception`).
pub fn action_module(action: &str, parent: &str) -> String {
    let reserved = SERVICE_MODULE_ITEMS
        .iter()
        .chain(CLIENT_METHODS)
        .copied()
        .chain([parent]);
    escape(action_snake(action), reserved)
}

/// The name of a protocol test of an action's example: `run_instances_example_1` (never a double
/// underscore, which rustc's `non_snake_case` rejects).
pub fn example_test_name(action_module: &str, index: usize) -> String {
    format!("{}_example_{index}", action_module.trim_end_matches('_'))
}

/// `InvalidZone.MismatchRegion` -> `InvalidZoneMismatchRegion`, `POSTPAID_BY_HOUR` -> `PostpaidByHour`.
/// A leading digit gets a `V` prefix (`10` -> `V10`); `self` becomes `Self_`.
pub fn variant_name(wire: &str) -> String {
    let camel = wire.to_upper_camel_case();
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    escape(camel, [])
}

/// [`variant_name`], escaping the enum's own variants too (`UNKNOWN` -> `Unknown_`).
pub fn variant_name_besides(wire: &str, reserved: &[&str]) -> String {
    escape(variant_name(wire), reserved.iter().copied())
}

/// `RunInstancesRequest` -> `RunInstancesRequest` must already be a legal, non-keyword
/// UpperCamelCase identifier; returns why it is not.
pub fn check_type_name(name: &str) -> Result<(), String> {
    if is_keyword(name) {
        return Err(format!("'{name}' is a Rust keyword"));
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_uppercase() => {}
        None => return Err("the name is empty".to_owned()),
        _ => {
            return Err(format!(
                "'{name}' must start with an upper-case ASCII letter"
            ))
        }
    }
    if !chars.all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "'{name}' must contain only ASCII letters and digits"
        ));
    }
    Ok(())
}

/// `InstancesRunning` -> `wait_until_instances_running`.
pub fn waiter_method(waiter: &str) -> String {
    format!("{WAITER_PREFIX}{}", waiter.to_snake_case())
}

/// `InstancesRunning` -> `INSTANCES_RUNNING` (the waiter's definition in `client.rs`).
pub fn waiter_constant(waiter: &str) -> String {
    waiter.to_snake_case().to_ascii_uppercase()
}

/// Module name of a service version's test file, e.g. `cvm_v20170312`.
pub fn module_snake(path: &[String]) -> String {
    path.join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("InstanceIdSet"), "instance_id_set");
        assert_eq!(field_name("Type"), "type_");
        assert_eq!(field_name("CPU"), "cpu");
        assert_eq!(field_name("Ipv6AddressCount"), "ipv6_address_count");
        assert_eq!(field_name("10Gbps"), "n10gbps");
        assert_eq!(field_name("_"), "");
        assert_eq!(
            variant_name("InvalidZone.MismatchRegion"),
            "InvalidZoneMismatchRegion"
        );
        assert_eq!(variant_name("POSTPAID_BY_HOUR"), "PostpaidByHour");
        assert_eq!(variant_name("10"), "V10");
        assert_eq!(variant_name("self"), "Self_");
        assert_eq!(
            variant_name_besides("UNKNOWN", &[ENUM_CATCH_ALL]),
            "Unknown_"
        );
        assert_eq!(variant_name_besides("UNKNOWN", ERROR_VARIANTS), "Unknown");
        assert_eq!(variant_name_besides("COMMON", ERROR_VARIANTS), "Common_");
        assert!(check_type_name("Self").is_err());
        assert!(check_type_name("placement").is_err());
        assert!(check_type_name("").is_err());
        assert!(check_type_name("Zoné").is_err());
        assert!(check_type_name("Placement").is_ok());
    }

    #[test]
    fn fields_escape_what_their_struct_defines() {
        assert_eq!(field_name_in("State", Holder::Request), "state_");
        assert_eq!(field_name_in("Build", Holder::Request), "build_");
        assert_eq!(field_name_in("Send", Holder::Request), "send_");
        assert_eq!(
            field_name_in("IntoPaginator", Holder::Request),
            "into_paginator_"
        );
        assert_eq!(field_name_in("WithState", Holder::Request), "with_state_");
        assert_eq!(field_name_in("Add", Holder::Request), "add_");
        assert_eq!(field_name_in("State", Holder::DataType), "state");
        assert_eq!(field_name_in("Build", Holder::DataType), "build_");
        assert_eq!(field_name_in("Shl", Holder::DataType), "shl_");
        assert_eq!(field_name_in("Add", Holder::Response), "add");
        assert_eq!(field_name_in("Request_Id", Holder::Response), "request_id_");
        assert_eq!(field_name_in("Async", Holder::Response), "async_");
    }

    #[test]
    fn action_modules_escape_fixed_modules_keywords_and_client_methods() {
        assert_eq!(action_module("RunInstances", "v20170312"), "run_instances");
        assert_eq!(action_module("Type", "v1"), "type_");
        assert_eq!(action_module("Async", "v1"), "async_");
        assert_eq!(action_module("Mod", "v1"), "mod_");
        assert_eq!(action_module("Client", "v1"), "client_");
        assert_eq!(action_module("Mock", "v1"), "mock_");
        assert_eq!(action_module("Types", "v1"), "types_");
        assert_eq!(action_module("Enums", "v1"), "enums_");
        assert_eq!(action_module("New", "v1"), "new_");
        assert_eq!(action_module("Clone", "v1"), "clone_");
        assert_eq!(action_module("Handle", "v1"), "handle_");
        assert_eq!(action_module("FromHandle", "v1"), "from_handle_");
        assert_eq!(action_module("Qingcloud", "qingcloud"), "qingcloud_");
        assert_eq!(example_test_name("type_", 1), "type_example_1");
        assert_eq!(
            waiter_method("InstancesRunning"),
            "wait_until_instances_running"
        );
        assert_eq!(waiter_constant("InstancesRunning"), "INSTANCES_RUNNING");
    }

    /// Every escaped name is a plain identifier rustc accepts (no raw identifiers needed).
    #[test]
    fn escaped_names_parse_as_identifiers() {
        for keyword in KEYWORDS {
            let escaped = escape((*keyword).to_owned(), []);
            assert!(syn::parse_str::<syn::Ident>(&escaped).is_ok(), "{escaped}");
        }
        for wire in ["Self", "self", "SELF"] {
            let variant = variant_name(wire);
            assert!(syn::parse_str::<syn::Ident>(&variant).is_ok(), "{variant}");
        }
    }
}
