//! Unknown keys and values of the wrong kind are errors everywhere, named at their path.

use super::Sandbox;

#[test]
fn unknown_key() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "rate_limit: 5",
        "rate_limit: 5\nrate_limt: 5",
    );
    s.assert_rejected(&[
        "actions/CreateWidget.yaml: actions.CreateWidget",
        "unknown field `rate_limt`",
    ]);
}

#[test]
fn unknown_key_in_a_param() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "    required: true\n    doc: Where",
        "    requried: true\n    doc: Where",
    );
    s.assert_rejected(&[
        "actions/CreateWidget.yaml: actions.CreateWidget.input[0]",
        "unknown field `requried`",
    ]);
}

#[test]
fn unknown_key_in_an_enum_value() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "        doc: A small widget",
        "        dco: A small widget",
    );
    s.assert_rejected(&[
        "actions/CreateWidget.yaml: actions.CreateWidget.input[1].values[0]",
        "unknown field `dco`",
    ]);
}

#[test]
fn unknown_key_in_an_example() {
    let s = Sandbox::new();
    s.edit("actions/ListWidgets.yaml", "    output: |", "    ouput: |");
    s.assert_rejected(&[
        "actions/ListWidgets.yaml: actions.ListWidgets.examples[0]",
        "unknown field `ouput`",
    ]);
}

#[test]
fn unknown_key_in_a_data_type_field() {
    let s = Sandbox::new();
    s.edit(
        "types/Widget.yaml",
        "    enum: WidgetSize",
        "    enums: WidgetSize",
    );
    s.assert_rejected(&[
        "types/Widget.yaml: types.Widget.fields[1]",
        "unknown field `enums`",
    ]);
}

#[test]
fn unknown_key_in_the_endpoint() {
    let s = Sandbox::new();
    s.edit("service.yaml", "  path: /", "  paht: /");
    s.assert_rejected(&["service.yaml: endpoint", "unknown field `paht`"]);
}

#[test]
fn unknown_protocol() {
    let s = Sandbox::new();
    s.edit(
        "service.yaml",
        "protocol: tencent_api3",
        "protocol: tencent_api4",
    );
    s.assert_rejected(&["service.yaml: protocol", "unknown variant `tencent_api4`"]);
}

#[test]
fn unknown_region_requirement() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "region: optional",
        "region: sometimes",
    );
    s.assert_rejected(&[
        "actions/ListWidgets.yaml: actions.ListWidgets.region",
        "unknown variant `sometimes`",
    ]);
}

#[test]
fn a_word_where_a_boolean_belongs() {
    let s = Sandbox::new();
    s.edit(
        "types/Tag.yaml",
        "    required: true",
        "    required: always",
    );
    s.assert_rejected(&[
        "types/Tag.yaml: types.Tag.fields[0].required",
        "expected a boolean",
    ]);
}

#[test]
fn a_missing_required_key() {
    let s = Sandbox::new();
    s.edit("actions/ListWidgets.yaml", "rate_limit: 20\n", "");
    s.assert_rejected(&[
        "actions/ListWidgets.yaml: actions.ListWidgets",
        "missing field `rate_limit`",
    ]);
}
