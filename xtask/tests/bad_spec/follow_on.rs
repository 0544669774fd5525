//! One message per problem: an item whose own error is reported adds nothing where other items
//! name it, and independent problems are all reported.

use super::Sandbox;

#[test]
fn an_unresolved_type_is_reported_once_not_again_by_the_examples_using_it() {
    let s = Sandbox::new();
    s.edit(
        "types/Tag.yaml",
        "  - name: Value\n    type: String",
        "  - name: Value\n    type: Strin",
    );
    s.edit(
        "actions/CreateWidget.yaml",
        "type: Location",
        "type: Locaton",
    );
    // Two problems, two messages: the examples naming Placement and Tags.0.Value add nothing.
    s.assert_rejected_n(
        2,
        &["types/Tag.yaml: types.Tag.fields.Value: unknown type 'Strin' (did you mean 'String'?)"],
    );
}

#[test]
fn an_action_file_that_does_not_parse_is_not_an_unknown_action() {
    let s = Sandbox::new();
    // Tag's used_by names CreateWidget.
    s.edit(
        "actions/CreateWidget.yaml",
        "rate_limit: 5",
        "rate_limit: [5",
    );
    s.assert_rejected(&["actions/CreateWidget.yaml: actions.CreateWidget"]);
}

#[test]
fn a_type_file_that_does_not_parse_is_not_an_unknown_type() {
    let s = Sandbox::new();
    // CreateWidget's Placement is a Location, and its example sets Placement.Zone.
    s.edit("types/Location.yaml", "fields:", "fields: [");
    s.assert_rejected(&["types/Location.yaml: types.Location"]);
}

#[test]
fn a_rejected_action_adds_nothing_to_used_by_or_waiters() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "input:\n",
        "input:\n  - name: WidgetIds\n    type: Array of String\n",
    );
    s.write(
        "waiters.yaml",
        "waiters:\n  - name: WidgetsLarge\n    poll: ListWidgets\n    ids_param: WidgetIds\n    items: WidgetSet\n    id_field: Id\n    state_field: Size\n    success: [LARGE]\n",
    );
    s.edit(
        "actions/ListWidgets.yaml",
        "name: ListWidgets",
        "name: \"\"",
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions..name: the name is empty"]);
}

#[test]
fn a_waiter_polling_an_action_that_does_not_parse() {
    let s = Sandbox::new();
    s.write(
        "waiters.yaml",
        "waiters:\n  - name: WidgetsLarge\n    poll: ListWidgets\n    ids_param: WidgetIds\n    items: WidgetSet\n    id_field: Id\n    state_field: Size\n    success: [LARGE]\n",
    );
    s.edit(
        "actions/ListWidgets.yaml",
        "region: optional",
        "region: optional: yes",
    );
    s.assert_rejected(&["actions/ListWidgets.yaml: actions.ListWidgets"]);
}

#[test]
fn a_param_whose_type_fails_adds_nothing_to_pagination() {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "  - name: Offset\n    type: Integer",
        "  - name: Offset\n    type: Int",
    );
    s.assert_rejected(&["actions.ListWidgets.input.Offset: unknown type 'Int'"]);
}

#[test]
fn a_param_whose_type_fails_adds_nothing_to_the_idempotency_token() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "  - name: ClientToken\n    type: String",
        "  - name: ClientToken\n    type: Sting",
    );
    s.assert_rejected(&[
        "actions.CreateWidget.input.ClientToken: unknown type 'Sting' (did you mean 'String'?)",
    ]);
}

#[test]
fn a_rejected_enum_value_adds_nothing_to_defaults_and_examples() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "      - value: SMALL",
        "      - value: \"~\"",
    );
    s.edit(
        "actions/CreateWidget.yaml",
        "    default: SMALL",
        "    default: \"~\"",
    );
    s.assert_rejected(&[
        "actions.CreateWidget.input.Size.values[0]: value '~' does not make a Rust variant name",
    ]);
}

#[test]
fn a_type_named_like_a_request_is_one_collision() {
    let s = Sandbox::new();
    s.write(
        "types/CreateWidgetRequest.yaml",
        "name: CreateWidgetRequest\nfields:\n  - name: A\n    type: String\n",
    );
    // Its builder name collides too; one message is enough.
    s.assert_rejected(&["generated name 'CreateWidgetRequest' of action CreateWidget collides with data type CreateWidgetRequest"]);
}

#[test]
fn a_broken_service_file_is_the_only_error_of_its_folder() {
    let s = Sandbox::new();
    s.edit("service.yaml", "title: Demo Widgets", "title: [Demo");
    s.assert_rejected(&["spec/demo/v1/service.yaml"]);
}

#[test]
fn independent_problems_are_all_reported() {
    let s = Sandbox::new();
    s.edit(
        "actions/CreateWidget.yaml",
        "rate_limit: 5",
        "rate_limit: 0",
    );
    s.edit("types/Widget.yaml", "type: Boolean", "type: Bool");
    s.edit("service.yaml", "host: demo.example.com", "host: \"\"");
    s.assert_rejected_n(
        3,
        &["types/Widget.yaml: types.Widget.fields.Ready: unknown type 'Bool'"],
    );
}
