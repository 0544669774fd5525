//! Numbers: rate limits, min/max bounds, and documented scalar values (defaults and example
//! inputs) against their type and bounds.

use super::Resolver;
use crate::ir::TypeRef;
use crate::spec::ParamSpec;

/// The most requests per second the runtime's limiter can honour: it spaces requests evenly,
/// by a period counted in whole nanoseconds (at 95% of the limit); at a million per second that
/// period is still exact to 0.1%.
pub const MAX_RATE_LIMIT: u64 = 1_000_000;

/// Integer bounds are checked as `f64` at run time; beyond 2^53 they would not be exact.
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_991.0;

impl Resolver<'_> {
    /// `rate_limit`: a whole number of requests per second the runtime can honour.
    pub(super) fn rate_limit(
        &mut self,
        file: &str,
        path: &str,
        value: &serde_yaml::Value,
    ) -> Option<u32> {
        match value.as_u64() {
            Some(n) if (1..=MAX_RATE_LIMIT).contains(&n) => u32::try_from(n).ok(),
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
