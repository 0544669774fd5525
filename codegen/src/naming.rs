//! Every Rust name the generator emits is derived here, in one place.

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

/// `InstanceIdSet` -> `instance_id_set`; keywords get a trailing underscore (`Type` -> `type_`).
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    };
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// `RunInstances` -> `run_instances` (module and client method name).
pub fn action_snake(action: &str) -> String {
    action.to_snake_case()
}

/// `InvalidZone.MismatchRegion` -> `InvalidZoneMismatchRegion`, `POSTPAID_BY_HOUR` -> `PostpaidByHour`.
/// A leading digit gets a `V` prefix (`10` -> `V10`).
pub fn variant_name(wire: &str) -> String {
    let camel = wire.to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    }
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

/// `is_invalid_zone_mismatch_region` for an error variant.
pub fn predicate_name(variant: &str) -> String {
    format!("is_{}", variant.to_snake_case())
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
        assert_eq!(
            variant_name("InvalidZone.MismatchRegion"),
            "InvalidZoneMismatchRegion"
        );
        assert_eq!(variant_name("POSTPAID_BY_HOUR"), "PostpaidByHour");
        assert_eq!(variant_name("10"), "V10");
        assert!(check_type_name("Self").is_err());
        assert!(check_type_name("placement").is_err());
        assert!(check_type_name("Placement").is_ok());
        assert_eq!(predicate_name("AuthFailure"), "is_auth_failure");
    }
}
