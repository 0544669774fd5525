//! Names: what the maintainer chooses (data types, enums, waiters, error variant names) is
//! rejected when it cannot be a Rust name; what the API chooses (params, values, codes) is
//! escaped, and two names colliding after conversion are an error naming both.

use super::Sandbox;

const LABEL: &str = "name: Label\ndoc: A label.\nfields:\n  - name: Text\n    type: String\n";

#[test]
fn rust_keyword_as_type_name() {
    let s = Sandbox::new();
    s.write(
        "types/Self.yaml",
        "name: Self\nfields:\n  - name: Key\n    type: String\n",
    );
    s.assert_rejected(&["types/Self.yaml: types.Self: 'Self' is a Rust keyword"]);
}

#[test]
fn lower_case_type_name() {
    let s = Sandbox::new();
    s.write(
        "types/label.yaml",
        &LABEL.replace("name: Label", "name: label"),
    );
    s.assert_rejected(&[
        "types/label.yaml: types.label: 'label' must start with an upper-case ASCII letter",
    ]);
}

#[test]
fn non_ascii_type_name() {
    let s = Sandbox::new();
    s.write(
        "types/Größe.yaml",
        &LABEL.replace("name: Label", "name: Größe"),
    );
    s.assert_rejected(&[
        "types/Größe.yaml: types.Größe: 'Größe' must contain only ASCII letters and digits",
    ]);
}

#[test]
fn data_type_in_a_file_of_another_name() {
    let s = Sandbox::new();
    s.write("types/Labels.yaml", LABEL);
    s.assert_rejected(&[
        "types/Labels.yaml: types.Label.name: data type 'Label' must live in types/Label.yaml",
    ]);
}

#[test]
fn action_in_a_file_of_another_name() {
    let s = Sandbox::new();
    let text = s.read("actions/ListWidgets.yaml");
    s.write(
        "actions/ListAllWidgets.yaml",
        &text.replacen("name: ListWidgets", "name: ListEveryWidget", 1),
    );
    s.assert_rejected(&["actions/ListAllWidgets.yaml: actions.ListEveryWidget.name: action 'ListEveryWidget' must live in actions/ListEveryWidget.yaml"]);
}

#[test]
fn empty_action_name() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "name: ListWidgets",
        "name: \"\"",
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions..name: the name is empty"]);
}

#[test]
fn numeric_leading_action_name() {
    let s = Sandbox::new();
    let text = s.read("actions/ListWidgets.yaml");
    s.write(
        "actions/2ListWidgets.yaml",
        &text.replacen("name: ListWidgets", "name: 2ListWidgets", 1),
    );
    s.assert_rejected(&["actions/2ListWidgets.yaml: actions.2ListWidgets.name: '2ListWidgets' must start with an upper-case ASCII letter"]);
}

#[test]
fn names_collide_after_case_conversion() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "  - name: ClientToken\n",
        "  - name: Client_Token\n    type: String\n  - name: ClientToken\n",
    );
    s.assert_rejected(&[
        "actions/CreateWidget.yaml: actions.CreateWidget.input.ClientToken",
        "collides with 'Client_Token' after case conversion ('client_token'",
    ]);
}

#[test]
fn a_param_collides_with_an_escaped_keyword() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "  - name: Type\n",
        "  - name: type_\n    type: String\n  - name: Type\n",
    );
    s.assert_rejected(&["actions.CreateWidget.input.Type: 'Type' collides with 'type_' after case conversion ('type_' in CreateWidgetRequest)"]);
}

#[test]
fn param_name_without_letters() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "  - name: Offset\n",
        "  - name: \"_\"\n    type: String\n  - name: Offset\n",
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions.ListWidgets.input._: '_' does not make a Rust field name (it has no letter or digit)"]);
}

#[test]
fn non_ascii_param_name() {
    let s = Sandbox::new();
    s.edit(
        "types/Location.yaml",
        "  - name: ProjectId",
        "  - name: ProjektNr°",
    );
    s.assert_rejected(&["types/Location.yaml: types.Location.fields.ProjektNr°: invalid param name 'ProjektNr°' (wire names are ASCII letters, digits, '_' and '-')"]);
}

#[test]
fn enum_values_collide_after_case_conversion() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      - value: LARGE\n",
        "      - value: Large\n        doc: x\n      - value: LARGE\n",
    );
    s.assert_rejected(&[
        "actions/CreateWidget.yaml: actions.CreateWidget.input.Size.values[2]",
        "'LARGE' collides with 'Large'",
    ]);
}

#[test]
fn enum_value_without_letters_or_digits() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      - value: LARGE\n",
        "      - value: LARGE\n      - value: \"*\"\n",
    );
    s.assert_rejected(&["actions.CreateWidget.input.Size.values[2]: value '*' does not make a Rust variant name (it has no ASCII letter or digit)"]);
}

#[test]
fn enum_name_is_not_camel_case() {
    let s = Sandbox::new();
    s.edit("types/Widget.yaml", "enum: WidgetSize", "enum: widget_size");
    s.assert_rejected(&["types/Widget.yaml: types.Widget.fields.Size.enum: 'widget_size' must start with an upper-case ASCII letter"]);
}

#[test]
fn enum_named_like_a_data_type() {
    let s = Sandbox::new();
    s.edit("types/Widget.yaml", "enum: WidgetSize", "enum: Tag")
        .edit("actions/CreateWidget.yaml", "enum: WidgetSize", "enum: Tag");
    s.assert_rejected(&["types/Widget.yaml: types.Widget.fields.Size.enum: enum 'Tag' has the same name as the data type declared in spec/demo/v1/types/Tag.yaml"]);
}

#[test]
fn data_type_named_like_the_client() {
    let s = Sandbox::new();
    s.write(
        "types/Client.yaml",
        &LABEL.replace("name: Label", "name: Client"),
    );
    s.assert_rejected(&["types/Client.yaml: types.Client: generated name 'Client' of data type Client collides with the generated module itself"]);
}

#[test]
fn data_type_named_like_a_request() {
    let s = Sandbox::new();
    s.write(
        "types/ListWidgetsRequest.yaml",
        &LABEL.replace("name: Label", "name: ListWidgetsRequest"),
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions.ListWidgets: generated name 'ListWidgetsRequest' of action ListWidgets collides with data type ListWidgetsRequest"]);
}

#[test]
fn data_type_named_like_a_builder() {
    let s = Sandbox::new();
    s.write(
        "types/TagBuilder.yaml",
        &LABEL.replace("name: Label", "name: TagBuilder"),
    );
    s.assert_rejected(&["types/TagBuilder.yaml: types.TagBuilder: generated name 'TagBuilder' of data type TagBuilder collides with the builder of data type Tag"]);
}

#[test]
fn error_variant_name_is_the_catch_all() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "errors:\n",
        "errors:\n  - code: \"4000\"\n    name: Unhandled\n",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget.errors[0].name: 'Unhandled' is a variant of every action's error type (`ActionError::Unhandled` is the catch-all, `ActionError::Common` holds the common codes); choose another name"]);
}

#[test]
fn error_codes_make_the_same_variant() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "errors:\n",
        "errors:\n  - code: A.Bc\n  - code: ABc\n",
    );
    s.assert_rejected(&["actions.CreateWidget.errors[1]: error code 'ABc' collides with 'A.Bc' after case conversion ('ABc')"]);
}

#[test]
fn error_variant_name_is_the_common_variant() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "errors:\n",
        "errors:\n  - code: \"4000\"\n    name: Common\n",
    );
    s.assert_rejected(&[
        "actions.CreateWidget.errors[0].name: 'Common' is a variant of every action's error type",
    ]);
}

#[test]
fn numeric_error_code_without_a_name() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "errors:\n",
        "errors:\n  - code: \"4000\"\n",
    );
    s.assert_rejected(&[
        "actions.CreateWidget.errors[0]: numeric error code '4000' needs a `name:` for its variant",
    ]);
}

#[test]
fn error_code_with_a_space() {
    let s = Sandbox::new();
    s.edit(
        "service.yaml",
        "  - code: InternalError",
        "  - code: Internal Error",
    );
    s.assert_rejected(&["service.yaml: errors[0]: invalid error code 'Internal Error'"]);
}

/// Escaped rather than rejected: the API chose these names (the unit tests check the output).
#[test]
fn keyword_and_reserved_wire_names_are_escaped() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "  - name: Limit\n",
        "  - name: State\n    type: String\n  - name: Async\n    type: Integer\n  - name: Limit\n",
    );
    s.edit(
        "actions/CreateWidget.yaml",
        "      - value: LARGE\n",
        "      - value: LARGE\n      - value: UNKNOWN\n      - value: self\n",
    );
    let text = s.read("actions/ListWidgets.yaml");
    s.write(
        "actions/Type.yaml",
        &text.replacen("name: ListWidgets", "name: Type", 1),
    );
    s.assert_accepted();
    let list: String = s
        .output("src/demo/v1/list_widgets.rs")
        .split_whitespace()
        .collect();
    // Setters, written through `__builder!` as `field "Wire" store kind`.
    assert!(
        list.contains("state_\"State\"optionalstring") && list.contains("async_\"Async\"optional"),
        "{list}"
    );
    assert!(s
        .output("src/demo/v1/type_.rs")
        .contains("pub struct TypeRequest"));
    assert!(s.output("src/demo/v1/client.rs").contains("pub fn type_("));
    let enums = s.output("src/demo/v1/enums.rs");
    assert!(enums.contains("Unknown_,") && enums.contains("Self_,"));
}
