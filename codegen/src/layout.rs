//! Checks across services: their place in the crate (module paths, also against the modules the
//! crate root declares by hand) and their cargo features.

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::Service;
use crate::Options;

/// Every module path and feature of every service fits in one crate.
pub fn check(services: &[Service], options: &Options, diags: &mut Diagnostics) {
    let mut layout = Layout::default();
    for (i, service) in services.iter().enumerate() {
        layout.add(&services[..i], service, options);
    }
    layout.finish(diags);
}

/// The checks of [`check`], one service at a time (a run that writes each service's files
/// before it reads the next spec checks each service before writing): the errors come out in
/// the same order.
#[derive(Default)]
pub struct Layout {
    modules: Diagnostics,
    features: Diagnostics,
}

impl Layout {
    /// Checks `service` against the services before it; whether it fits.
    pub fn add(&mut self, earlier: &[Service], service: &Service, options: &Options) -> bool {
        let before = self.error_count();
        check_modules(earlier, service, &mut self.modules);
        if let Some(root) = service.module_path.first() {
            if options.reserved_modules.contains(root) {
                self.modules.push(SpecError::new(
                    &format!("{}/service.yaml", service.spec_dir),
                    "module",
                    format!(
                        "module '{}': '{root}' is a module generated-sdk/src/lib.rs declares by hand; choose another",
                        service.module_path.join("::")
                    ),
                ));
            }
        }
        if let Err(why) = check_feature(&service.feature, options) {
            self.features.push(SpecError::new(
                &format!("{}/service.yaml", service.spec_dir),
                "feature",
                why,
            ));
        }
        self.error_count() == before
    }

    fn error_count(&self) -> usize {
        self.modules.errors.len() + self.features.errors.len()
    }

    /// Adds every error found (module errors first, then features) to `diags`.
    pub fn finish(self, diags: &mut Diagnostics) {
        diags.errors.extend(self.modules.errors);
        diags.errors.extend(self.features.errors);
    }
}

/// Two services must not claim the same module or one inside the other's, nor the same file
/// of doc-example tests (`a_b::c` and `a::b_c` both make `tests/examples/a_b_c.rs`).
fn check_modules(earlier: &[Service], a: &Service, diags: &mut Diagnostics) {
    let snake_a = crate::naming::module_snake(&a.module_path);
    for b in earlier {
        let snake_b = crate::naming::module_snake(&b.module_path);
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
            ..Options::default()
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

    #[test]
    fn a_module_the_crate_root_declares_by_hand_is_taken() {
        let service = crate::validate::testing::TestSpec::new()
            .resolve()
            .expect("valid");
        let options = Options {
            reserved_modules: vec!["runtime".to_owned(), "demo".to_owned()],
            ..Options::default()
        };
        let mut layout = Layout::default();
        assert!(!layout.add(&[], &service, &options));
        let mut diags = Diagnostics::default();
        layout.finish(&mut diags);
        let errors: Vec<String> = diags.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            ["spec/demo/v1/service.yaml: module: module 'demo::v1': 'demo' is a module generated-sdk/src/lib.rs declares by hand; choose another"]
        );
        assert!(Layout::default().add(&[], &service, &Options::default()));
    }
}
