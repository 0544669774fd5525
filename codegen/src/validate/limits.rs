//! Numbers: rate limits, min/max bounds, and documented scalar values (defaults and example
//! inputs) against their type and bounds.

use super::Resolver;
use crate::ir::{Limits, TypeRef};
use crate::spec::{ParamSpec, UNKNOWN_RATE_LIMIT};

/// The most requests per second the runtime's limiter can honour: it spaces requests evenly,
/// by a period counted in whole nanoseconds (at 95% of the limit); at a million per second that
/// period is still exact to 0.1%.
pub const MAX_RATE_LIMIT: u64 = 1_000_000;

/// Integer bounds are checked as `f64` at run time; beyond 2^53 they would not be exact.
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_991.0;

impl Resolver<'_> {
    /// `rate_limit`: a whole number of requests per second the runtime can honour; `None` after
    /// reporting why it is unusable (the `unknown` left by an import among the reasons).
    pub(super) fn rate_limit(
        &mut self,
        file: &str,
        path: &str,
        value: &serde_yaml::Value,
    ) -> Option<u32> {
        match value.as_u64() {
            Some(n) if (1..=MAX_RATE_LIMIT).contains(&n) => u32::try_from(n).ok(),
            _ if value.as_str() == Some(UNKNOWN_RATE_LIMIT) => {
                self.error(
                    file,
                    path,
                    "not filled in yet (`unknown`, left by cargo xtask import): write the documented requests per second (\"A maximum of N requests can be initiated per second\")",
                );
                None
            }
            _ => {
                let shown = serde_yaml::to_string(value).unwrap_or_default();
                self.error(
                    file,
                    path,
                    format!(
                        "must be a positive whole number of requests per second, at most {MAX_RATE_LIMIT} (what the runtime's rate limiter can honour), found '{}'",
                        shown.trim()
                    ),
                );
                None
            }
        }
    }

    /// The param's `min`/`max`, each `None` when absent or reported as unusable.
    pub(super) fn bounds(
        &mut self,
        file: &str,
        fpath: &str,
        p: &ParamSpec,
        ty: &TypeRef,
    ) -> (Option<f64>, Option<f64>) {
        if p.min.is_none() && p.max.is_none() {
            return (None, None);
        }
        if !matches!(ty, TypeRef::Integer | TypeRef::Float) {
            self.error(file, fpath, "min/max apply only to Integer and Float");
            return (None, None);
        }
        let mut check = |key: &str, bound: Option<f64>| -> Option<f64> {
            let value = bound?;
            match check_bound(ty, value) {
                Ok(()) => Some(value),
                Err(why) => {
                    self.error(file, &format!("{fpath}.{key}"), why);
                    None
                }
            }
        };
        let (min, max) = (check("min", p.min), check("max", p.max));
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                let (min, max) = (show(min), show(max));
                self.error(file, fpath, format!("min {min} is greater than max {max}"));
                return (None, None);
            }
        }
        (min, max)
    }

    /// The param's length, size and character-set bounds: lengths and `ascii` on Strings, sizes on
    /// arrays, each a whole number up to 2^32 - 1, minimum not above maximum.
    pub(super) fn limits(
        &mut self,
        file: &str,
        fpath: &str,
        p: &ParamSpec,
        ty: &TypeRef,
    ) -> Limits {
        let mut limits = Limits::default();
        let text = matches!(ty, TypeRef::String);
        let array = matches!(ty, TypeRef::Array(_));
        let mut take = |key: &str, value: Option<u64>, applies: bool, what: &str| -> Option<u32> {
            let value = value?;
            if !applies {
                self.error(
                    file,
                    &format!("{fpath}.{key}"),
                    format!("{key} applies only to {what}"),
                );
                return None;
            }
            match u32::try_from(value) {
                Ok(v) => Some(v),
                Err(_) => {
                    let message = format!(
                        "{value} is beyond {}, the largest {key} the runtime checks",
                        u32::MAX
                    );
                    self.error(file, &format!("{fpath}.{key}"), message);
                    None
                }
            }
        };
        limits.min_length = take("min_length", p.min_length, text, "String params");
        limits.max_length = take("max_length", p.max_length, text, "String params");
        limits.min_items = take("min_items", p.min_items, array, "arrays");
        limits.max_items = take("max_items", p.max_items, array, "arrays");
        if p.ascii && !text {
            self.error(
                file,
                &format!("{fpath}.ascii"),
                "ascii applies only to String params",
            );
        } else {
            limits.ascii = p.ascii;
        }
        for (key, min, max) in [
            ("length", limits.min_length, limits.max_length),
            ("items", limits.min_items, limits.max_items),
        ] {
            match (min, max) {
                (Some(min), Some(max)) if min > max => {
                    let message = format!("min_{key} {min} is greater than max_{key} {max}");
                    self.error(file, fpath, message);
                }
                (_, Some(0)) => {
                    self.error(file, &format!("{fpath}.max_{key}"), "must be at least 1");
                }
                _ => continue,
            }
            return Limits::default();
        }
        limits
    }

    /// A documented String value (a default, an example input) within its length and characters.
    pub(super) fn check_text(
        &mut self,
        file: &str,
        path: &str,
        ty: &TypeRef,
        limits: Limits,
        value: &str,
    ) {
        if *ty != TypeRef::String {
            return;
        }
        let length = value.chars().count();
        if let Some(min) = limits.min_length.filter(|m| length < *m as usize) {
            self.error(
                file,
                path,
                format!("'{value}' has {length} characters, fewer than min_length {min}"),
            );
        } else if let Some(max) = limits.max_length.filter(|m| length > *m as usize) {
            self.error(
                file,
                path,
                format!("the value has {length} characters, more than max_length {max}"),
            );
        } else if limits.ascii && !value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            self.error(
                file,
                path,
                format!("'{value}' is not printable ASCII (the param is `ascii: true`)"),
            );
        }
    }

    /// A documented value (a default, an example input) of a param or field: it must parse as
    /// its type and lie within its bounds. Enum values are checked once every file's values are
    /// merged.
    pub(super) fn check_documented_value(
        &mut self,
        file: &str,
        path: &str,
        ty: &TypeRef,
        (min, max): (Option<f64>, Option<f64>),
        value: &str,
    ) {
        if let TypeRef::Enum(name) = ty {
            self.expect_enum_value(file, path, name, value);
            return;
        }
        match check_scalar(ty, value) {
            Err(why) => self.error(file, path, why),
            Ok(Some(number)) => {
                if let Some(min) = min.filter(|min| number < *min) {
                    let min = show(min);
                    self.error(file, path, format!("{value} is below the minimum {min}"));
                } else if let Some(max) = max.filter(|max| number > *max) {
                    let max = show(max);
                    self.error(file, path, format!("{value} is above the maximum {max}"));
                }
            }
            Ok(None) => {}
        }
    }
}

/// Why a bound is unusable for a param of type `ty` (Integer or Float).
fn check_bound(ty: &TypeRef, value: f64) -> Result<(), String> {
    if !value.is_finite() {
        return Err(format!("{value} is not a finite number"));
    }
    if *ty == TypeRef::Integer {
        if value.fract() != 0.0 {
            return Err(format!(
                "{value} is not a whole number (the param is an Integer)"
            ));
        }
        if value.abs() > MAX_EXACT_INTEGER {
            let value = show(value);
            return Err(format!(
                "{value} is beyond ±{MAX_EXACT_INTEGER}, the largest Integer bound that is exact in the f64 the runtime checks it with"
            ));
        }
    }
    Ok(())
}

/// A number for messages: `1e300` rather than three hundred digits.
fn show(value: f64) -> String {
    if value.abs() >= 1e16 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// Checks a documented scalar against its type; returns its numeric value for Integer and Float.
fn check_scalar(ty: &TypeRef, value: &str) -> Result<Option<f64>, String> {
    match ty {
        TypeRef::Integer => value
            .parse::<i64>()
            .map(|n| Some(n as f64))
            .map_err(|_| format!("'{value}' is not an Integer (a whole number that fits 64 bits)")),
        TypeRef::Float => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            Ok(_) => Err(format!("'{value}' is not a finite Float")),
            Err(_) => Err(format!("'{value}' is not a Float")),
        },
        TypeRef::Boolean => match value.to_ascii_lowercase().as_str() {
            "true" | "false" | "1" | "0" => Ok(None),
            _ => Err(format!("'{value}' is not a Boolean (true/false/1/0)")),
        },
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;
    use super::*;

    fn count(from: &str, to: &str) -> TestSpec {
        TestSpec::new().edit_action("CreateWidget", from, to)
    }

    #[test]
    fn scalars() {
        assert_eq!(check_scalar(&TypeRef::Integer, "-5"), Ok(Some(-5.0)));
        assert!(check_scalar(&TypeRef::Integer, "9223372036854775808").is_err());
        assert!(check_scalar(&TypeRef::Integer, "1.5").is_err());
        assert_eq!(check_scalar(&TypeRef::Float, "1e3"), Ok(Some(1000.0)));
        for bad in ["NaN", "inf", "-infinity", "1e400"] {
            assert_eq!(
                check_scalar(&TypeRef::Float, bad),
                Err(format!("'{bad}' is not a finite Float"))
            );
        }
        assert!(check_scalar(&TypeRef::Boolean, "TRUE").is_ok());
        assert!(check_scalar(&TypeRef::Boolean, "yes").is_err());
    }

    #[test]
    fn rate_limits() {
        for bad in [
            "0",
            "-1",
            "1.5",
            "twenty",
            "\"5\"",
            "4294967295",
            "1000001",
            ".inf",
        ] {
            let error = count("rate_limit: 5", &format!("rate_limit: {bad}")).error();
            assert!(
                error.contains("actions.CreateWidget.rate_limit: must be a positive whole number of requests per second, at most 1000000"),
                "{bad}: {error}"
            );
        }
        let error = count("rate_limit: 5", "rate_limit: unknown").error();
        assert!(
            error.contains("actions.CreateWidget.rate_limit: not filled in yet (`unknown`, left by cargo xtask import)"),
            "{error}"
        );
        let service = count("rate_limit: 5", "rate_limit: 1000000")
            .resolve()
            .unwrap();
        assert_eq!(service.actions[0].rate_limit, 1_000_000);
    }

    #[test]
    fn non_finite_and_unrepresentable_bounds() {
        for (bound, why) in [
            ("min: .nan", "input.Count.min: NaN is not a finite number"),
            ("min: .inf", "input.Count.min: inf is not a finite number"),
            ("min: -.inf", "input.Count.min: -inf is not a finite number"),
            (
                "min: 1.5",
                "input.Count.min: 1.5 is not a whole number (the param is an Integer)",
            ),
            (
                "min: -1e300",
                "input.Count.min: -1e300 is beyond ±9007199254740991",
            ),
            (
                "min: 9007199254740993",
                "input.Count.min: 9007199254740992 is beyond ±9007199254740991",
            ),
        ] {
            count("min: 1", bound).rejects(&[why]);
        }
        count("min: 1", "min: 11").rejects(&["input.Count: min 11 is greater than max 10"]);
        count("type: Integer", "type: String")
            .rejects(&["input.Count: min/max apply only to Integer and Float"]);
        count("type: Integer", "type: Float")
            .edit_action("CreateWidget", "min: 1", "min: 0.5")
            .resolve()
            .unwrap();
        count("type: Integer", "type: Float")
            .edit_action("CreateWidget", "max: 10", "max: .nan")
            .rejects(&["input.Count.max: NaN is not a finite number"]);
    }

    #[test]
    fn length_size_and_ascii_bounds() {
        let tags =
            |to: &str| TestSpec::new().edit_action("CreateWidget", "    type: Array of Tag\n", to);
        let service = tags("    type: Array of Tag\n    min_items: 1\n    max_items: 100\n")
            .resolve()
            .unwrap();
        let limits = service.actions[0].input[0].limits;
        assert_eq!((limits.min_items, limits.max_items), (Some(1), Some(100)));
        tags("    type: Array of Tag\n    max_length: 5\n")
            .rejects(&["input.Tags.max_length: max_length applies only to String params"]);
        tags("    type: Array of Tag\n    ascii: true\n")
            .rejects(&["input.Tags.ascii: ascii applies only to String params"]);
        tags("    type: Array of Tag\n    min_items: 5\n    max_items: 2\n")
            .rejects(&["input.Tags: min_items 5 is greater than max_items 2"]);
        tags("    type: Array of Tag\n    max_items: 0\n")
            .rejects(&["input.Tags.max_items: must be at least 1"]);
        tags("    type: Array of Tag\n    max_items: 4294967296\n")
            .rejects(&["input.Tags.max_items: 4294967296 is beyond 4294967295"]);
        count("    max: 10\n", "    max: 10\n    min_items: 1\n")
            .rejects(&["input.Count.min_items: min_items applies only to arrays"]);
        let name = |keys: &str, default: &str| {
            TestSpec::new().edit_action(
                "CreateWidget",
                "input:\n",
                &format!(
                    "input:\n  - name: Name\n    type: String\n{keys}    default: \"{default}\"\n"
                ),
            )
        };
        name("    max_length: 3\n", "abc").resolve().unwrap();
        name("    max_length: 3\n", "名字名").resolve().unwrap();
        name("    max_length: 3\n", "abcd")
            .rejects(&["input.Name.default: the value has 4 characters, more than max_length 3"]);
        name("    min_length: 2\n", "a")
            .rejects(&["input.Name.default: 'a' has 1 characters, fewer than min_length 2"]);
        name("    ascii: true\n", "tökén")
            .rejects(&["input.Name.default: 'tökén' is not printable ASCII"]);
        name("    min_length: 4\n    max_length: 3\n", "abc")
            .rejects(&["input.Name: min_length 4 is greater than max_length 3"]);
    }

    #[test]
    fn defaults_fit_their_type_and_bounds() {
        count("    max: 10\n", "    max: 10\n    default: \"11\"\n")
            .rejects(&["input.Count.default: 11 is above the maximum 10"]);
        count("    max: 10\n", "    max: 10\n    default: \"0\"\n")
            .rejects(&["input.Count.default: 0 is below the minimum 1"]);
        count("    max: 10\n", "    max: 10\n    default: \"ten\"\n")
            .rejects(&["input.Count.default: 'ten' is not an Integer"]);
        count(
            "    max: 10\n",
            "    max: 10\n    default: \"99999999999999999999\"\n",
        )
        .rejects(&["'99999999999999999999' is not an Integer"]);
        count("type: Integer", "type: Float")
            .edit_action(
                "CreateWidget",
                "    max: 10\n",
                "    max: 10\n    default: NaN\n",
            )
            .rejects(&["input.Count.default: 'NaN' is not a finite Float"]);
        count("type: Integer", "type: Float")
            .edit_action("CreateWidget", "    max: 10\n", "    default: \"1e999\"\n")
            .rejects(&["input.Count.default: '1e999' is not a finite Float"]);
        count(
            "      - value: LARGE\n",
            "      - value: LARGE\n    default: HUGE\n",
        )
        .rejects(&["input.Size.default: 'HUGE' is not a documented value of enum WidgetSize"]);
    }

    #[test]
    fn example_inputs_fit_their_bounds() {
        count("Count: \"2\"", "Count: \"20\"")
            .rejects(&["examples[0].input.Count: 20 is above the maximum 10"]);
    }
}
