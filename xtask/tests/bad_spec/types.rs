//! Type references, data types and cycles between them.

use super::Sandbox;

#[test]
fn unresolved_type_reference() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "type: Location",
        "type: Locaton",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.input.Placement: unknown type 'Locaton' (did you mean 'Location'?)"]);
}

#[test]
fn unresolved_array_element_type() {
    let s = Sandbox::new();
    s.edit(
        "types/Widget.yaml",
        "name: Ready\n    type: Boolean",
        "name: Ready\n    type: Array of Bool",
    );
    s.assert_rejected(&["types/Widget.yaml: types.Widget.fields.Ready: unknown type 'Bool'"]);
}

#[test]
fn array_without_an_element_type() {
    let s = Sandbox::new();
    s.edit(
        "types/Widget.yaml",
        "name: Id\n    type: String",
        "name: Id\n    type: Array of",
    );
    s.assert_rejected(&["types/Widget.yaml: types.Widget.fields.Id: unknown type 'Array of'"]);
}

#[test]
fn duplicate_data_type() {
    let s = Sandbox::new();
    s.write(
        "types/Tag2.yaml",
        "name: Tag\nfields:\n  - name: Key\n    type: String\n",
    );
    s.assert_rejected(&["types/Tag2.yaml: types.Tag: duplicate data type (also declared in spec/demo/v1/types/Tag.yaml)"]);
}

#[test]
fn a_cycle_of_required_fields_can_never_be_built() {
    let s = Sandbox::new();
    s.write(
        "types/Node.yaml",
        "name: Node\nfields:\n  - name: Next\n    type: Edge\n    required: true\n",
    );
    s.write(
        "types/Edge.yaml",
        "name: Edge\nfields:\n  - name: To\n    type: Node\n    required: true\n",
    );
    s.assert_rejected(&["types/Edge.yaml: types.Edge.fields.To: data type Edge can never be built: its required fields form the cycle Edge.To -> Node.Next -> Edge (make one of them optional or an array)"]);
}

/// A recursive data type whose cycle has an optional field is boxed, not rejected.
#[test]
fn recursive_data_types_are_boxed() {
    let s = Sandbox::new();
    s.edit(
        "types/Location.yaml",
        "  - name: ProjectId\n",
        "  - name: Parent\n    type: Location\n  - name: Nearby\n    type: Array of Location\n  - name: ProjectId\n",
    );
    s.assert_accepted();
    let types = s.output("src/demo/v1/types.rs");
    assert!(
        types.contains(
            "pub parent: ::std::option::Option<::std::boxed::Box<crate::demo::v1::Location>>"
        ),
        "{types}"
    );
    assert!(types
        .contains("pub nearby: ::std::option::Option<::std::vec::Vec<crate::demo::v1::Location>>"));
}

#[test]
fn sensitive_integer() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "    max: 10\n",
        "    max: 10\n    sensitive: true\n",
    );
    s.assert_rejected(&[
        "actions.CreateWidget.input.Count.sensitive: only String values can be marked sensitive",
    ]);
}

#[test]
fn values_without_an_enum_name() {
    let s = Sandbox::new();
    s.edit("actions/CreateWidget.yaml", "    enum: WidgetSize\n", "");
    s.assert_rejected(&[
        "actions.CreateWidget.input.Size.values: a value set needs an `enum:` name",
    ]);
}

#[test]
fn enum_on_an_integer() {
    let s = Sandbox::new();
    s.edit(
        "types/Widget.yaml",
        "  - name: Size\n    type: String",
        "  - name: Size\n    type: Integer",
    );
    s.assert_rejected(&["types/Widget.yaml: types.Widget.fields.Size.enum: enum 'WidgetSize' needs a String param, not Integer"]);
}

#[test]
fn enum_without_values_anywhere() {
    let s = Sandbox::new();
    s.edit("types/Widget.yaml", "enum: WidgetSize", "enum: WidgetSizes");
    s.assert_rejected(&["types/Widget.yaml: types.Widget.fields.Size.enum: enum 'WidgetSizes' has no values anywhere in the spec"]);
}

#[test]
fn used_by_names_unknown_action() {
    let s = Sandbox::new();
    s.edit(
        "types/Tag.yaml",
        "used_by: [CreateWidget]",
        "used_by: [CreateWidgets]",
    );
    s.assert_rejected(&["types/Tag.yaml: types.Tag.used_by[0]: unknown action 'CreateWidgets' (did you mean 'CreateWidget'?)"]);
}

#[test]
fn pagination_names_unknown_field() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "items: WidgetSet",
        "items: Widgets",
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions.ListWidgets.pagination.items: 'Widgets' is not an array output field (did you mean 'WidgetSet'?)"]);
}

#[test]
fn idempotency_token_of_another_type() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "idempotency_token: ClientToken",
        "idempotency_token: Count",
    );
    s.assert_rejected(&["actions.CreateWidget.idempotency_token: 'Count' is not a String input param (not sensitive)"]);
}

#[test]
fn idempotency_token_is_required() {
    let s = Sandbox::new();
    let action = s.read("actions/CreateWidget.yaml");
    let token = action
        .find("  - name: ClientToken\n")
        .expect("the fixture has a ClientToken");
    let line_end = token + "  - name: ClientToken\n".len();
    s.write(
        "actions/CreateWidget.yaml",
        &format!(
            "{}    required: true\n{}",
            &action[..line_end],
            &action[line_end..]
        ),
    );
    let (ok, _, stderr) = s.codegen();
    assert!(!ok);
    assert!(
        stderr.contains("actions.CreateWidget.idempotency_token: 'ClientToken' is a required param; the idempotency token must be optional"),
        "{stderr}"
    );
}

#[test]
fn request_id_listed_as_output() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "  - name: WidgetIds\n",
        "  - name: RequestId\n    type: String\n  - name: WidgetIds\n",
    );
    s.assert_rejected(&["actions.CreateWidget.output.RequestId: RequestId is part of every response; do not list it"]);
}
