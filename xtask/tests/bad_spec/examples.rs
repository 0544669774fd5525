//! Doc examples against the declared types: input params and the output JSON, decoded the way
//! the runtime decodes it. A wrong value names its path inside the example.

use super::Sandbox;

const LIST_OUTPUT: &str = r#"{"Response": {"TotalCount": "1", "WidgetSet": [{"Id": "w-1", "Size": "LARGE", "Ready": "TRUE"}], "RequestId": "req-2"}}"#;

/// The fixture with ListWidgets' example output replaced.
fn list_output(json: &str) -> Sandbox {
    let s = Sandbox::new();
    s.edit("actions/ListWidgets.yaml", LIST_OUTPUT, json);
    s
}

const AT: &str = "actions/ListWidgets.yaml: actions.ListWidgets.examples[0].output.Response";

#[test]
fn example_names_unknown_param() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "Placement.Zone: ap-demo-1",
        "Placment.Zone: ap-demo-1",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.examples[0].input.Placment.Zone: unknown param 'Placment' (did you mean 'Placement'?)"]);
}

#[test]
fn example_names_unknown_nested_field() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "Tags.0.Value: prod",
        "Tags.0.Valeu: prod",
    );
    s.assert_rejected(&["actions.CreateWidget.examples[0].input.Tags.0.Valeu: unknown field 'Valeu' of data type Tag (did you mean 'Value'?)"]);
}

#[test]
fn example_value_of_wrong_type() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "Count: \"2\"", "Count: two");
    s.assert_rejected(&["actions.CreateWidget.examples[0].input.Count: 'two' is not an Integer"]);
}

#[test]
fn example_enum_typo_in_the_input() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "Size: LARGE", "Size: LAREG");
    s.assert_rejected(&["actions.CreateWidget.examples[0].input.Size: 'LAREG' is not a documented value of enum WidgetSize (did you mean 'LARGE'?)"]);
}

#[test]
fn example_omits_required_param() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      Placement.Zone: ap-demo-1\n",
        "",
    );
    s.assert_rejected(&[
        "actions.CreateWidget.examples[0].input: required param 'Placement' is missing",
    ]);
}

#[test]
fn example_omits_a_required_field_of_a_data_type() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      Tags.0.Value: prod\n",
        "",
    );
    s.assert_rejected(&["actions.CreateWidget.examples[0].input.Tags.0: required field 'Value' of data type Tag is missing"]);
}

#[test]
fn example_array_indices_with_a_gap() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      Tags.0.Key: env\n      Tags.0.Value: prod\n",
        "      Tags.0.Key: env\n      Tags.0.Value: prod\n      Tags.2.Key: a\n      Tags.2.Value: b\n",
    );
    s.assert_rejected(&["actions.CreateWidget.examples[0].input.Tags: array indices must run 0, 1, ... without gaps, found {0, 2}"]);
}

#[test]
fn example_array_index_with_a_leading_zero() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      Tags.0.Key: env\n      Tags.0.Value: prod\n",
        "      Tags.00.Key: env\n      Tags.00.Value: prod\n",
    );
    s.assert_rejected(&["actions.CreateWidget.examples[0].input.Tags.00.Key: 'Tags' is an array: '00' is not a plain index (no leading zeros)"]);
}

#[test]
fn example_missing_required_names_a_given_param() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "    input:\n      Placement",
        "    missing_required: [Placement]\n    input:\n      Placement",
    );
    s.assert_rejected(&["actions.CreateWidget.examples[0].missing_required: 'Placement' is not a required param absent from the example"]);
}

#[test]
fn example_output_is_not_json() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "\"RequestId\": \"req-2\"}}",
        "\"RequestId\": \"req-2\"}",
    );
    s.assert_rejected(&[
        "actions/ListWidgets.yaml: actions.ListWidgets.examples[0].output: invalid JSON",
    ]);
}

#[test]
fn example_output_integer_is_not_a_number() {
    let s = list_output(&LIST_OUTPUT.replace("\"TotalCount\": \"1\"", "\"TotalCount\": \"one\""));
    s.assert_rejected(&[&format!("{AT}.TotalCount: \"one\" is not an Integer")]);
}

#[test]
fn example_output_enum_typo_in_a_nested_data_type() {
    let s = list_output(&LIST_OUTPUT.replace("\"LARGE\"", "\"LARGER\""));
    s.assert_rejected(&[&format!("{AT}.WidgetSet[0].Size: 'LARGER' is not a documented value of enum WidgetSize (did you mean 'LARGE'?)")]);
}

#[test]
fn example_output_boolean_is_not_a_boolean() {
    let s = list_output(&LIST_OUTPUT.replace("\"TRUE\"", "\"yes\""));
    s.assert_rejected(&[&format!(
        "{AT}.WidgetSet[0].Ready: \"yes\" is not a Boolean"
    )]);
}

#[test]
fn example_output_scalar_where_an_array_belongs() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "[\"w-1\", \"w-2\"]", "\"w-1\"");
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.examples[0].output.Response.WidgetIds: \"w-1\" is not an array of String"]);
}

#[test]
fn example_output_string_where_a_data_type_belongs() {
    let s = list_output(&LIST_OUTPUT.replace(
        "[{\"Id\": \"w-1\", \"Size\": \"LARGE\", \"Ready\": \"TRUE\"}]",
        "[\"w-1\"]",
    ));
    s.assert_rejected(&[&format!(
        "{AT}.WidgetSet[0]: \"w-1\" is not an object (data type Widget)"
    )]);
}

#[test]
fn example_output_null_element_of_a_data_type_array() {
    let s = list_output(&LIST_OUTPUT.replace("}], \"RequestId\"", "}, null], \"RequestId\""));
    s.assert_rejected(&[&format!("{AT}.WidgetSet[1]: null cannot be an element of an array of Widget (only a whole field may be null)")]);
}

#[test]
fn example_output_is_an_error_response() {
    let s = list_output(
        r#"{"Response": {"Error": {"Code": "InternalError", "Message": "x"}, "RequestId": "req-2"}}"#,
    );
    s.assert_rejected(&[&format!(
        "{AT}.Error: this is an error response; an output example shows a successful one"
    )]);
}

/// The leniencies the runtime decodes are accepted.
#[test]
fn example_output_leniencies_are_accepted() {
    let s = list_output(
        r#"{"Response": {"TotalCount": 1.0, "WidgetSet": [{"Id": 7, "Size": "SMALL", "Ready": 0}], "RequestId": "req-2"}}"#,
    );
    s.assert_accepted();
}
