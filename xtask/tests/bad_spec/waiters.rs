//! `waiters.yaml` against the actions it polls.

use super::Sandbox;

const WAITERS: &str = r#"waiters:
  - name: WidgetsLarge
    doc: Waits until every widget is LARGE.
    after: [CreateWidget]
    poll: ListWidgets
    ids_param: WidgetIds
    limit_param: Limit
    items: WidgetSet
    id_field: Id
    state_field: Size
    success: [LARGE]
    failure: [SMALL]
    retry_on: [InvalidWidget.NotFound]
"#;

/// The fixture with a waiter polling ListWidgets (given a `WidgetIds` param), edited.
fn waiter(from: &str, to: &str) -> Sandbox {
    let s = Sandbox::new();
    s.edit(
        "actions/ListWidgets.yaml",
        "input:\n",
        "input:\n  - name: WidgetIds\n    type: Array of String\n",
    );
    s.write("waiters.yaml", &WAITERS.replacen(from, to, 1));
    s
}

const AT: &str = "spec/demo/v1/waiters.yaml: waiters.WidgetsLarge";

#[test]
fn a_valid_waiter_generates() {
    let s = waiter("", "");
    s.assert_accepted();
    assert!(s
        .output("src/demo/v1/client.rs")
        .contains("pub fn wait_until_widgets_large("));
}

#[test]
fn poll_names_an_unknown_action() {
    waiter("poll: ListWidgets", "poll: ListWidget").assert_rejected(&[&format!(
        "{AT}.poll: unknown action 'ListWidget' (did you mean 'ListWidgets'?)"
    )]);
}

#[test]
fn after_names_an_unknown_action() {
    waiter("after: [CreateWidget]", "after: [MakeWidget]")
        .assert_rejected(&[&format!("{AT}.after[0]: unknown action 'MakeWidget'")]);
}

#[test]
fn ids_param_is_not_an_array_of_strings() {
    waiter("ids_param: WidgetIds", "ids_param: Offset").assert_rejected(&[&format!(
        "{AT}.ids_param: 'Offset' is not an `Array of String` input param"
    )]);
}

#[test]
fn items_is_not_an_array_of_a_data_type() {
    waiter("items: WidgetSet", "items: TotalCount").assert_rejected(&[&format!(
        "{AT}.items: 'TotalCount' is not an output array of a data type"
    )]);
}

#[test]
fn state_field_is_unknown() {
    waiter("state_field: Size", "state_field: Sise").assert_rejected(&[&format!(
        "{AT}.state_field: 'Sise' is not a String field (not sensitive) of data type Widget (did you mean 'Size'?)"
    )]);
}

#[test]
fn success_state_is_not_a_documented_value() {
    waiter("success: [LARGE]", "success: [LARGER]").assert_rejected(&[&format!(
        "{AT}.success[0]: 'LARGER' is not a documented value of enum WidgetSize (did you mean 'LARGE'?)"
    )]);
}

#[test]
fn no_success_state() {
    waiter("success: [LARGE]", "success: []")
        .assert_rejected(&[&format!("{AT}.success: needs at least one state")]);
}

#[test]
fn a_state_both_success_and_failure() {
    waiter("failure: [SMALL]", "failure: [LARGE]")
        .assert_rejected(&[&format!("{AT}.failure[0]: 'LARGE' is also a success state")]);
}

#[test]
fn a_wait_longer_than_the_runtime_allows() {
    waiter("    retry_on", "    max_wait_secs: 18446744073709551615\n    retry_on")
        .assert_rejected(&[&format!("{AT}: delays must satisfy 0 < min_delay_ms <= max_delay_ms <= max_wait_secs * 1000 and 0 < max_wait_secs <= 86400")]);
}

#[test]
fn zero_delay() {
    waiter("    retry_on", "    min_delay_ms: 0\n    retry_on").assert_rejected(&[
        &format!("{AT}: delays must satisfy"),
        "found min_delay_ms 0",
    ]);
}

#[test]
fn waiter_name_is_not_camel_case() {
    waiter("name: WidgetsLarge", "name: widgets_large").assert_rejected(&[
        "waiters.yaml: waiters.widgets_large: 'widgets_large' must start with an upper-case ASCII letter",
    ]);
}

#[test]
fn two_waiters_make_the_same_method() {
    let twice = format!(
        "{WAITERS}{}",
        WAITERS
            .replacen("waiters:\n", "", 1)
            .replacen("WidgetsLarge", "WidgetsLARGE", 1)
    );
    let s = waiter("", "");
    s.write("waiters.yaml", &twice);
    s.assert_rejected(&["waiters.yaml: waiters.WidgetsLARGE: waiter method 'wait_until_widgets_large' collides with waiter WidgetsLarge"]);
}

#[test]
fn unknown_key_in_a_waiter() {
    waiter("    retry_on", "    retry_after: 5\n    retry_on").assert_rejected(&[
        "waiters.yaml: waiters.waiters[0]",
        "unknown field `retry_after`",
    ]);
}

#[test]
fn the_polled_action_needs_a_param_the_waiter_does_not_set() {
    let s = waiter("", "");
    s.edit(
        "actions/ListWidgets.yaml",
        "  - name: WidgetIds\n    type: Array of String\n",
        "  - name: WidgetIds\n    type: Array of String\n  - name: Zone\n    type: String\n    required: true\n",
    );
    // The fixture's ListWidgets example leaves the new param out, which is its own mistake.
    s.edit(
        "actions/ListWidgets.yaml",
        "      Limit: \"1\"\n",
        "      Limit: \"1\"\n      Zone: ap-demo-1\n",
    );
    s.assert_rejected(&[&format!(
        "{AT}.poll: ListWidgets has the required param 'Zone', which the waiter does not set"
    )]);
}
