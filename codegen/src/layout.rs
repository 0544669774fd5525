//! Checks across services: their place in the crate (module paths) and their cargo features.

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::Service;
use crate::Options;

/// Every module path and feature of every service fits in one crate.
pub fn check(services: &[Service], options: &Options, diags: &mut Diagnostics) {
    check_modules(services, diags);
    for s in services {
        if let Err(why) = check_feature(&s.feature, options) {
            diags.push(SpecError::new(
                &format!("{}/service.yaml", s.spec_dir),
                "feature",
                why,
            ));
        }
    }
}

/// Two services must not claim the same module or one inside the other's, nor the same file
/// of doc-example tests (`a_b::c` and `a::b_c` both make `tests/examples/a_b_c.rs`).
fn check_modules(services: &[Service], diags: &mut Diagnostics) {
    for (i, a) in services.iter().enumerate() {
        for b in &services[..i] {
            let (snake_a, snake_b) = (
                crate::naming::module_snake(&a.module_path),
                crate::naming::module_snake(&b.module_path),
            );
            if snake_a == snake_b && a.module_path != b.module_path {
                diags.push(SpecError::new(
                    &format!("{}/service.yaml", a.spec_dir),
                    "module",
                    format!(
                        "module '{}' and module '{}' of {} would share the test file tests/examples/{snake_a}.rs; rename one",
                        a.module_path.join("::"),
                        b.module_path.join("::"),
                        b.spec_dir
                    ),
                ));
            }
            let (short, long) = if a.module_path.len() <= b.module_path.len() {
                (a, b)
            } else {
                (b, a)
            };
            if long.module_path.starts_with(&short.module_path) {
                diags.push(SpecError::new(
                    &format!("{}/service.yaml", a.spec_dir),
                    "module",
                    format!(
                        "module '{}' overlaps module '{}' of {}",
                        a.module_path.join("::"),
                        b.module_path.join("::"),
                        b.spec_dir
                    ),
                ));
            }
        }
    }
}

/// A service feature is a plain cargo feature name that the crate does not use for anything else.
fn check_feature(feature: &str, options: &Options) -> Result<(), String> {
    let valid = feature.starts_with(|c: char| c.is_ascii_lowercase())
        && feature
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "'{feature}' is not a valid feature name (lower-case ASCII letters, digits, '-' and '_', starting with a letter)"
        ));
    }
    if ["default", "default-services"].contains(&feature)
        || options.reserved_features.iter().any(|r| r == feature)
    {
        return Err(format!(
            "'{feature}' is a feature generated-sdk/Cargo.toml declares by hand; choose another"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        let options = Options {
            reserved_features: vec!["test-util".to_owned()],
        };
        assert!(check_feature("cvm-legacy", &options).is_ok());
        assert!(check_feature("cvm_2", &options).is_ok());
        for bad in [
            "",
            "Cvm",
            "1cvm",
            "dep:cvm",
            "cvm feature",
            "default",
            "test-util",
        ] {
            assert!(check_feature(bad, &options).is_err(), "{bad}");
        }
    }
}
