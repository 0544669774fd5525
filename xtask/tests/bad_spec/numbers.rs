//! Numbers: rate limits the runtime can honour, finite and representable bounds, and documented
//! values (defaults, example inputs) within their type and bounds.

use super::Sandbox;

/// The fixture with `Count` (min 1, max 10) of type Float.
fn float_count() -> Sandbox {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "  - name: Count\n    type: Integer",
        "  - name: Count\n    type: Float",
    );
    s
}

#[test]
fn rate_limit_zero() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "rate_limit: 5",
        "rate_limit: 0",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.rate_limit: must be a positive whole number of requests per second, at most 1000000 (what the runtime's rate limiter can honour), found '0'"]);
}

#[test]
fn rate_limit_not_a_number() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "rate_limit: 20",
        "rate_limit: twenty",
    );
    s.assert_rejected(&[
        "actions/ListWidgets.yaml: actions.ListWidgets.rate_limit: must be a positive whole number",
        "'twenty'",
    ]);
}

#[test]
fn rate_limit_beyond_what_the_runtime_honours() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "rate_limit: 20",
        "rate_limit: 4294967295",
    );
    s.assert_rejected(&["actions.ListWidgets.rate_limit: must be a positive whole number of requests per second, at most 1000000", "found '4294967295'"]);
}

#[test]
fn rate_limit_fraction() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "rate_limit: 20",
        "rate_limit: 2.5",
    );
    s.assert_rejected(&[
        "actions.ListWidgets.rate_limit: must be a positive whole number",
        "found '2.5'",
    ]);
}

#[test]
fn nan_bound() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "    min: 1", "    min: .nan");
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.input.Count.min: NaN is not a finite number"]);
}

#[test]
fn infinite_bounds() {
    let s = Sandbox::new();
    s.edit("actions/ListWidgets.yaml", "    max: 100", "    max: .inf");
    s.assert_rejected(&[
        "actions/ListWidgets.yaml: actions.ListWidgets.input.Limit.max: inf is not a finite number",
    ]);
    let s = float_count();
    s.edit("actions/CreateWidget.yaml", "    min: 1", "    min: -.inf");
    s.assert_rejected(&["actions.CreateWidget.input.Count.min: -inf is not a finite number"]);
}

#[test]
fn fractional_integer_bound() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "    min: 1", "    min: 1.5");
    s.assert_rejected(&[
        "actions.CreateWidget.input.Count.min: 1.5 is not a whole number (the param is an Integer)",
    ]);
}

#[test]
fn integer_bound_beyond_exact_f64() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "    max: 10", "    max: 1e300");
    s.assert_rejected(&["actions.CreateWidget.input.Count.max:", "is beyond ±9007199254740991, the largest Integer bound that is exact in the f64 the runtime checks it with"]);
}

#[test]
fn min_above_max() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "    min: 1", "    min: 11");
    s.assert_rejected(&["actions.CreateWidget.input.Count: min 11 is greater than max 10"]);
}

#[test]
fn bounds_on_a_string() {
    let s = Sandbox::new();
    s.edit(
        "types/Tag.yaml",
        "  - name: Value\n    type: String\n",
        "  - name: Value\n    type: String\n    max: 10\n",
    );
    s.assert_rejected(&[
        "types/Tag.yaml: types.Tag.fields.Value: min/max apply only to Integer and Float",
    ]);
}

#[test]
fn default_above_max() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "default: \"20\"",
        "default: \"200\"",
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions.ListWidgets.input.Limit.default: 200 is above the maximum 100"]);
}

#[test]
fn default_not_an_integer() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "default: \"0\"",
        "default: none",
    );
    s.assert_rejected(&["actions.ListWidgets.input.Offset.default: 'none' is not an Integer (a whole number that fits 64 bits)"]);
}

#[test]
fn default_beyond_i64() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "default: \"0\"",
        "default: \"9223372036854775808\"",
    );
    s.assert_rejected(&[
        "actions.ListWidgets.input.Offset.default: '9223372036854775808' is not an Integer",
    ]);
}

#[test]
fn nan_float_default() {
    let s = float_count();
    s.edit(
        "actions/CreateWidget.yaml",
        "    max: 10\n",
        "    max: 10\n    default: NaN\n",
    );
    s.assert_rejected(&["actions.CreateWidget.input.Count.default: 'NaN' is not a finite Float"]);
}

#[test]
fn example_value_above_max() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "Count: \"2\"", "Count: \"11\"");
    s.assert_rejected(&[
        "actions.CreateWidget.examples[0].input.Count: 11 is above the maximum 10",
    ]);
}

#[test]
fn infinite_example_value() {
    let s = float_count();
    s.edit("actions/CreateWidget.yaml", "Count: \"2\"", "Count: inf");
    s.assert_rejected(&[
        "actions.CreateWidget.examples[0].input.Count: 'inf' is not a finite Float",
    ]);
}

#[test]
fn negative_array_size() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "max_items: 5", "max_items: -5");
    s.assert_rejected(&[
        "actions/CreateWidget.yaml: actions.CreateWidget.input[",
        "max_items",
        "invalid type: integer `-5`",
    ]);
}

#[test]
fn length_bound_on_a_number() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "    min: 1\n",
        "    min: 1\n    max_length: 3\n",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.input.Count.max_length: max_length applies only to String params"]);
}

#[test]
fn length_bounds_reversed() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "min_length: 8",
        "min_length: 40",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.input.Password: min_length 40 is greater than max_length 30"]);
}

#[test]
fn example_value_longer_than_documented() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "max_length: 64",
        "max_length: 3",
    );
    s.edit(
        "actions/CreateWidget.yaml",
        "      Type: \"TRUE\"\n",
        "      Type: \"TRUE\"\n      ClientToken: abcd\n",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.examples[0].input.ClientToken: the value has 4 characters, more than max_length 3"]);
}
